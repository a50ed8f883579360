#include "plugin_abi.h"

#include <fmt/format.h>

#include "say.h"

namespace hocso {
namespace {

constexpr std::uint32_t kFirstMajorMinor = HOCSO_PLUGIN_API_VERSION_OF(6u, 0u);
constexpr std::uint32_t kLibraryMask = 0xFFu;
constexpr std::uint32_t kLibstdcxx = 1u;
constexpr std::uint32_t kLibcxx = 2u;
constexpr std::uint32_t kCxx11StringAbi = 0x100u;
constexpr std::uint32_t kGlibcxxDebug = 0x200u;
constexpr std::uint32_t kKnownBits = kLibraryMask | kCxx11StringAbi | kGlibcxxDebug | (0xFFu << 16);

std::uint32_t major_of(std::uint32_t version) { return version >> 16; }
std::uint32_t minor_of(std::uint32_t version) { return version & 0xFFFFu; }

}  // namespace

std::string plugin_api_version_text(std::uint32_t api_version) {
  if (api_version < kFirstMajorMinor) return std::to_string(api_version);
  return fmt::format("{}.{}", major_of(api_version), minor_of(api_version));
}

std::string plugin_abi_text(std::uint32_t abi) {
  std::string text;
  switch (abi & kLibraryMask) {
    case kLibstdcxx:
      text = "libstdc++";
      if (!(abi & kCxx11StringAbi)) text += " with the old std::string ABI (_GLIBCXX_USE_CXX11_ABI=0)";
      if (abi & kGlibcxxDebug) text += (abi & kCxx11StringAbi) ? " in debug mode (_GLIBCXX_DEBUG)" : " and in debug mode (_GLIBCXX_DEBUG)";
      break;
    case kLibcxx:
      text = fmt::format("libc++ (ABI version {})", (abi >> 16) & 0xFFu);
      break;
    default:
      text = "a C++ standard library other than libstdc++ and libc++";
  }
  if (abi & ~kKnownBits) text += fmt::format(" (fingerprint {:#010x})", abi);
  return text;
}

std::optional<PluginRefusal> check_plugin_abi(const hocso_plugin_info& info, const PluginHostAbi& host) {
  const std::uint32_t version = info.api_version;
  const std::string ours = plugin_api_version_text(host.api_version);
  // Before 6.0 the field after api_version was padding: nothing more is read.
  if (version < kFirstMajorMinor)
    // TRANSLATORS: after "plugin FILE ", like every reason a plugin is not loaded.
    return PluginRefusal{say(N_("was built for plugin API version {theirs}, this hocso has version {ours}; rebuild "
                                "it against this hocso's headers"),
                             fmt::arg("theirs", version), fmt::arg("ours", ours)),
                         "plugin-api-version"};
  // The layout of everything else depends on the standard library: checked
  // before any other field is believed.
  if (info.abi != host.abi)
    return PluginRefusal{say(N_("was built with {theirs}, this hocso with {ours}: the standard library types the "
                                "plugin API passes (std::string, std::vector, …) would not match; rebuild it with the "
                                "same standard library and settings as hocso"),
                             fmt::arg("theirs", plugin_abi_text(info.abi)), fmt::arg("ours", plugin_abi_text(host.abi))),
                         "plugin-abi"};
  const std::string theirs = plugin_api_version_text(version);
  if (major_of(version) != major_of(host.api_version))
    return PluginRefusal{say(N_("was built for plugin API version {theirs}, this hocso has version {ours} (another "
                                "major version); rebuild it against this hocso's headers"),
                             fmt::arg("theirs", theirs), fmt::arg("ours", ours)),
                         "plugin-api-version"};
  if (minor_of(version) > minor_of(host.api_version))
    return PluginRefusal{say(N_("was built for plugin API version {theirs}, this hocso has version {ours}, which "
                                "lacks what {theirs} added; use a newer hocso, or rebuild the plugin against this "
                                "hocso's headers"),
                             fmt::arg("theirs", theirs), fmt::arg("ours", ours)),
                         "plugin-api-version"};
  return std::nullopt;
}

}  // namespace hocso
