// A plugin built for a newer minor of this major than the host has: it may
// call what that minor added, so it must be refused.
#include "hocso/plugin.h"

namespace {
void register_stages(hocso::StageRegistry*) {}
const hocso_plugin_info info{.api_version = HOCSO_PLUGIN_API_VERSION_OF(HOCSO_PLUGIN_API_MAJOR,
                                                                        HOCSO_PLUGIN_API_MINOR + 1u),
                             .name = "newer-minor", .version = "1.0", .summary = "built for the next minor",
                             .register_stages = &register_stages};
}  // namespace

HOCSO_PLUGIN(info)
