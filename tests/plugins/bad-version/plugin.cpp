// A plugin built for an older plugin API (version 2, a single number from
// before MAJOR.MINOR): it must be refused on api_version alone.
#include "hocso/plugin.h"

namespace {
void register_stages(hocso::StageRegistry*) {}
const hocso_plugin_info info{.api_version = 2u, .name = "bad-version", .version = "1.0",
                             .summary = "built for API 2", .register_stages = &register_stages};
}  // namespace

HOCSO_PLUGIN(info)
