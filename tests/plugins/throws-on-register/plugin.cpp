// A plugin that throws while registering its stages.
#include <stdexcept>

#include "hocso/plugin.h"

namespace {
void register_stages(hocso::StageRegistry*) { throw std::runtime_error("cannot register"); }
const hocso_plugin_info info{.name = "throws-on-register", .version = "1.0",
                             .summary = "throws in register_stages", .register_stages = &register_stages};
}  // namespace

HOCSO_PLUGIN(info)
