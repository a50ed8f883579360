// A plugin whose validate stage throws.
#include <stdexcept>

#include "hocso/plugin.h"

namespace {
class Throws final : public hocso::ValidateStage {
 public:
  void validate(const hocso::PackView&, hocso::PluginContext&) override {
    throw std::runtime_error("boom from the throws plugin");
  }
};
void register_stages(hocso::StageRegistry* registry) {
  registry->add_validate_stage("throws", "always throws", std::make_unique<Throws>());
}
const hocso_plugin_info info{HOCSO_PLUGIN_API_VERSION, "throws", "1.0", "validate stage that throws",
                             &register_stages};
}  // namespace

HOCSO_PLUGIN(info)
