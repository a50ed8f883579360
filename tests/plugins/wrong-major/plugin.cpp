// A plugin that says it was built for the next major plugin API version: it
// must be refused on api_version (same ABI, so the fingerprint passes).
#include "hocso/plugin.h"

namespace {
void register_stages(hocso::StageRegistry*) {}
const hocso_plugin_info info{.api_version = HOCSO_PLUGIN_API_VERSION_OF(HOCSO_PLUGIN_API_MAJOR + 1u, 0u),
                             .name = "wrong-major", .version = "1.0", .summary = "built for the next major",
                             .register_stages = &register_stages};
}  // namespace

HOCSO_PLUGIN(info)
