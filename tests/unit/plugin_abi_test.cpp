// The plugin entry's version and ABI check (plugin_abi.h) against hosts of
// other versions and fingerprints than this build's: older minors load, newer
// minors and other majors do not, and a different standard library or string
// ABI or debug mode is refused before anything else is read.
#include "plugin_abi.h"

#include <doctest/doctest.h>

using hocso::check_plugin_abi;
using hocso::PluginHostAbi;

namespace {

constexpr std::uint32_t kLibstdcxx = 1u | 0x100u;  // libstdc++, C++11 string ABI

hocso_plugin_info plugin(std::uint32_t version, std::uint32_t abi = kLibstdcxx) {
  hocso_plugin_info info;
  info.api_version = version;
  info.abi = abi;
  return info;
}

}  // namespace

TEST_CASE("this build's plugins fit this build's host") {
  CHECK_FALSE(check_plugin_abi(hocso_plugin_info{}));
  CHECK(hocso::plugin_api_version_text(HOCSO_PLUGIN_API_VERSION) == "6.4");
  CHECK(hocso::plugin_abi_text(HOCSO_PLUGIN_ABI) == "libstdc++");
}

TEST_CASE("a plugin of an older minor loads on a host of a later minor of the same major") {
  const PluginHostAbi host{HOCSO_PLUGIN_API_VERSION_OF(6u, 4u), kLibstdcxx};
  CHECK_FALSE(check_plugin_abi(plugin(HOCSO_PLUGIN_API_VERSION_OF(6u, 0u)), host));
  CHECK_FALSE(check_plugin_abi(plugin(HOCSO_PLUGIN_API_VERSION_OF(6u, 1u)), host));
  CHECK_FALSE(check_plugin_abi(plugin(HOCSO_PLUGIN_API_VERSION_OF(6u, 2u)), host));
  CHECK_FALSE(check_plugin_abi(plugin(HOCSO_PLUGIN_API_VERSION_OF(6u, 3u)), host));
  CHECK_FALSE(check_plugin_abi(plugin(HOCSO_PLUGIN_API_VERSION_OF(6u, 4u)), host));

  const auto newer = check_plugin_abi(plugin(HOCSO_PLUGIN_API_VERSION_OF(6u, 5u)), host);
  REQUIRE(newer);
  CHECK(newer->check_id == "plugin-api-version");
  CHECK(newer->reason == "was built for plugin API version 6.5, this hocso has version 6.4, which lacks what 6.5 "
                         "added; use a newer hocso, or rebuild the plugin against this hocso's headers");

  const auto other_major = check_plugin_abi(plugin(HOCSO_PLUGIN_API_VERSION_OF(7u, 0u)), host);
  REQUIRE(other_major);
  CHECK(other_major->reason == "was built for plugin API version 7.0, this hocso has version 6.4 (another major "
                               "version); rebuild it against this hocso's headers");
}

TEST_CASE("a version from before MAJOR.MINOR is refused without reading the fingerprint") {
  // The field after api_version was padding then: garbage must not matter.
  const auto old = check_plugin_abi(plugin(5u, 0xDEADBEEFu), {HOCSO_PLUGIN_API_VERSION_OF(6u, 0u), kLibstdcxx});
  REQUIRE(old);
  CHECK(old->check_id == "plugin-api-version");
  CHECK(old->reason == "was built for plugin API version 5, this hocso has version 6.0; rebuild it against this "
                       "hocso's headers");
}

TEST_CASE("the fingerprint is checked before the major and minor") {
  const PluginHostAbi host{HOCSO_PLUGIN_API_VERSION_OF(6u, 0u), kLibstdcxx};
  const auto refusal = [&](std::uint32_t abi) {
    const auto r = check_plugin_abi(plugin(HOCSO_PLUGIN_API_VERSION_OF(7u, 0u), abi), host);
    REQUIRE(r);
    CHECK(r->check_id == "plugin-abi");
    return r->reason.substr(0, r->reason.find(": the standard library types"));
  };
  CHECK(refusal(1u) == "was built with libstdc++ with the old std::string ABI (_GLIBCXX_USE_CXX11_ABI=0), this "
                       "hocso with libstdc++");
  CHECK(refusal(kLibstdcxx | 0x200u) == "was built with libstdc++ in debug mode (_GLIBCXX_DEBUG), this hocso with "
                                        "libstdc++");
  CHECK(refusal(2u | (1u << 16)) == "was built with libc++ (ABI version 1), this hocso with libstdc++");
  CHECK(refusal(0u) == "was built with a C++ standard library other than libstdc++ and libc++, this hocso with "
                       "libstdc++");
}
