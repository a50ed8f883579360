// A plugin built for the first minor of this major (N.0): whatever minor the
// host has, it must load and its stage must work. (While the host is at N.0
// this is the current version; plugin_abi_test checks older minors against a
// host of a later minor.)
#include "../test_plugin.h"

// What makes this plugin different: the API version it says it was built for.
HOCSO_TEST_VALIDATE_PLUGIN_FOR(HOCSO_PLUGIN_API_VERSION_OF(HOCSO_PLUGIN_API_MAJOR, 0u), "older-minor",
                               hocso_test_plugin::Nothing, "checks nothing; built for minor 0", "built for minor 0")
