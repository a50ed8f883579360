#include "pack_check.h"

#include <algorithm>

#include "interrupt.h"
#include "pack_loader.h"
#include "stage_runner.h"

namespace hocso {

namespace {

// Lessons held in full at once: enough to keep two cores busy.
constexpr std::size_t kCheckBatch = 32;

}  // namespace

std::optional<CheckedPack> check_pack(const std::filesystem::path& pack_file, PluginHost& host,
                                      Diagnostics& diagnostics, unsigned jobs) {
  auto pack = load_pack_file(pack_file, diagnostics);
  if (!pack) return std::nullopt;
  CheckedPack checked{std::move(*pack), {}};
  Pack& loaded = checked.pack;
  PackValidation validation(loaded, host, diagnostics);
  const LocalizeOptions localize = localize_options(loaded, host);
  for (std::size_t start = 0; start < loaded.to_load.size(); start += kCheckBatch) {
    throw_if_interrupted();
    const std::size_t count = std::min(kCheckBatch, loaded.to_load.size() - start);
    std::vector<Lesson> batch;
    for (auto& lesson : load_lessons(loaded, start, count, diagnostics, jobs))
      if (lesson) batch.push_back(std::move(*lesson));
    std::vector<const Lesson*> shown;
    for (const Lesson& lesson : batch) {
      validation.lesson(lesson);
      shown.push_back(&lesson);
    }
    // Translation problems are reported here; a build stops before its bundles.
    if (auto translated = localize_lessons(loaded, shown, localize, diagnostics, jobs)) {
      for (auto& [key, lesson] : *translated) {
        lesson.summarize();
        checked.translations.emplace(key, std::move(lesson));
      }
    }
    for (Lesson& lesson : batch) {
      lesson.summarize();
      loaded.lessons.push_back(std::move(lesson));
    }
  }
  validation.finish();
  return checked;
}

}  // namespace hocso
