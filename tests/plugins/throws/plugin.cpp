// A plugin whose validate stage throws.
#include <stdexcept>

#include "hocso/plugin.h"

namespace {
class Throws final : public hocso::ValidateStage {
 public:
  // Throws at the start of each pack, before any lesson is shown.
  void begin_pack(const hocso::PackView&, hocso::PluginContext&) override {
    throw std::runtime_error("boom from the throws plugin");
  }
  void validate_lesson(const hocso::PackView&, const hocso::LessonView&, hocso::PluginContext&) override {}
  void end_pack(const hocso::PackView&, hocso::PluginContext&) override {}
};
void register_stages(hocso::StageRegistry* registry) {
  registry->add_validate_stage("throws", "always throws", std::make_unique<Throws>());
}
const hocso_plugin_info info{.name = "throws", .version = "1.0",
                             .summary = "validate stage that throws", .register_stages = &register_stages};
}  // namespace

HOCSO_PLUGIN(info)
