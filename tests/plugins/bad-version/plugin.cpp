// A plugin built for an older plugin API (version 2, before content_root()
// and the lesson id of LocalizeStage::translate): it must be refused.
#include "hocso/plugin.h"

namespace {
void register_stages(hocso::StageRegistry*) {}
const hocso_plugin_info info{2u, "bad-version", "1.0", "built for API 2", &register_stages};
}  // namespace

HOCSO_PLUGIN(info)
