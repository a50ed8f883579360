// A plugin built for a plugin API version this host does not have.
#include "hocso/plugin.h"

namespace {
void register_stages(hocso::StageRegistry*) {}
const hocso_plugin_info info{999u, "bad-version", "1.0", "built for API 999", &register_stages};
}  // namespace

HOCSO_PLUGIN(info)
