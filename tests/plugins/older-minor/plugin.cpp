// A plugin built for the first minor of this major (N.0): whatever minor the
// host has, it must load and its stage must work. (While the host is at N.0
// this is the current version; plugin_abi_test checks older minors against a
// host of a later minor.)
#include "hocso/plugin.h"

namespace {
class Nothing final : public hocso::ValidateStage {
 public:
  void begin_pack(const hocso::PackView&, hocso::PluginContext&) override {}
  void validate_lesson(const hocso::PackView&, const hocso::LessonView&, hocso::PluginContext&) override {}
  void end_pack(const hocso::PackView&, hocso::PluginContext&) override {}
};
void register_stages(hocso::StageRegistry* registry) {
  registry->add_validate_stage("older-minor", "checks nothing; built for minor 0", std::make_unique<Nothing>());
}
const hocso_plugin_info info{.api_version = HOCSO_PLUGIN_API_VERSION_OF(HOCSO_PLUGIN_API_MAJOR, 0u),
                             .name = "older-minor", .version = "1.0", .summary = "built for minor 0",
                             .register_stages = &register_stages};
}  // namespace

HOCSO_PLUGIN(info)
