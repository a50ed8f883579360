#pragma once
// Whether the host can use a plugin, judged from the first two fields of its
// hocso_plugin_info: the API version (MAJOR.MINOR) and the ABI fingerprint
// (hocso/plugin.h; docs/decisions/0011-plugin-abi-and-versions.md).

#include <cstdint>
#include <optional>
#include <string>

#include "hocso/plugin.h"

namespace hocso {

// What the host is: the plugin API it implements and its own ABI fingerprint.
struct PluginHostAbi {
  std::uint32_t api_version = HOCSO_PLUGIN_API_VERSION;
  std::uint32_t abi = HOCSO_PLUGIN_ABI;
};

struct PluginRefusal {
  std::string reason;    // "was built for …; …", to follow the file name
  std::string check_id;  // plugin-api-version | plugin-abi
};

// Reads info.api_version, and only when that is of this scheme (6.0 or later)
// info.abi; nothing else. In this order: a version from before MAJOR.MINOR, a
// different ABI fingerprint, another major, a newer minor than the host's are
// refused. nullopt: the plugin can be used (same major, same or older minor).
std::optional<PluginRefusal> check_plugin_abi(const hocso_plugin_info& info, const PluginHostAbi& host = {});

// "6.0"; a version from before MAJOR.MINOR as its single number ("5").
std::string plugin_api_version_text(std::uint32_t api_version);

// "libstdc++", "libstdc++ with the old std::string ABI (_GLIBCXX_USE_CXX11_ABI=0)",
// "libstdc++ in debug mode (_GLIBCXX_DEBUG)", "libc++ (ABI version 1)", …
std::string plugin_abi_text(std::uint32_t abi);

}  // namespace hocso
