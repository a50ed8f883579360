#include "hocso/plugin.h"

namespace {
void register_stages(hocso::StageRegistry*) {}
const hocso_plugin_info info{HOCSO_PLUGIN_API_VERSION, "validate-core", "0.1.0",
                             "Checks packs and lessons against hocso's schemas and rules",
                             &register_stages};
}  // namespace

HOCSO_PLUGIN(info)
