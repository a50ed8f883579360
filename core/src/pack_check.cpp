#include "pack_check.h"

#include <algorithm>

#include "interrupt.h"
#include "pack_loader.h"
#include "stage_runner.h"

namespace hocso {

LocalizedLessons check_lessons(Pack& pack, PluginHost& host, Diagnostics& diagnostics, unsigned jobs,
                               const StageCache* cache, const LessonBatchSink& sink) {
  LocalizedLessons translations;
  // Reserved: pages made during the check point at earlier summaries.
  pack.lessons.reserve(pack.to_load.size());
  PackValidation validation(pack, host, diagnostics);
  LocalizeOptions localize = localize_options(pack, host);
  localize.cache = cache;
  for (std::size_t start = 0; start < pack.to_load.size(); start += kLessonBatch) {
    throw_if_interrupted();
    const std::size_t count = std::min(kLessonBatch, pack.to_load.size() - start);
    std::vector<Lesson> batch;
    for (auto& lesson : load_lessons(pack, start, count, diagnostics, jobs))
      if (lesson) batch.push_back(std::move(*lesson));
    std::vector<const Lesson*> loaded;
    for (const Lesson& lesson : batch) {
      validation.lesson(lesson);
      loaded.push_back(&lesson);
    }
    // Translation problems are reported here; a build stops before its bundles.
    std::optional<LocalizedLessons> translated = localize_lessons(pack, loaded, localize, diagnostics, jobs);
    // The summaries go in first: the batch's pages may link each other.
    for (const Lesson& lesson : batch) pack.lessons.push_back(summary_of(lesson));
    if (translated)
      for (const auto& [key, lesson] : *translated) translations.emplace(key, summary_of(lesson));
    if (sink && translated) sink({loaded, *translated}, translations);
  }
  // The page labels' catalogs (ui.po) are checked here for `hocso check`; a
  // build checks them as it starts its bundles.
  if (!sink) localize_page_labels(pack, localize, diagnostics);
  validation.finish();
  return translations;
}

}  // namespace hocso
