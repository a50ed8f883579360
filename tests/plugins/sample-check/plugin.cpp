// A well-behaved third-party validate stage: warns about every lesson whose
// title is longer than the `max_title` setting, at the title's line and column.
#include <string>

#include "hocso/plugin.h"

namespace {
class TitleLength final : public hocso::ValidateStage {
 public:
  // Nothing to check in the pack file or across lessons: all the work is per lesson.
  void begin_pack(const hocso::PackView&, hocso::PluginContext&) override {}
  void end_pack(const hocso::PackView&, hocso::PluginContext&) override {}

  void validate_lesson(const hocso::PackView&, const hocso::LessonView& lesson,
                       hocso::PluginContext& context) override {
    // Settings arrive as JSON text; this plugin reads one number without a JSON library.
    const std::string& settings = context.settings_json();
    std::size_t max = 1000;
    if (auto at = settings.find("\"max_title\":"); at != std::string::npos) max = std::stoul(settings.substr(at + 12));
    const std::string& json = lesson.front_matter->json();
    auto key = json.find("\"title\":\"");
    if (key == std::string::npos) return;
    auto end = json.find('"', key + 9);
    std::size_t length = end - (key + 9);
    if (length > max)
      context.report({hocso::Severity::warning, lesson.front_matter->locate("/title"),
                      "title is " + std::to_string(length) + " bytes, more than " + std::to_string(max),
                      "sample-title-length"});
  }
};
void register_stages(hocso::StageRegistry* registry) {
  registry->add_validate_stage("sample-check", "warns about long titles", std::make_unique<TitleLength>());
}
const hocso_plugin_info info{.name = "sample-check", .version = "1.0",
                             .summary = "a third-party sample stage", .register_stages = &register_stages};
}  // namespace

HOCSO_PLUGIN(info)
