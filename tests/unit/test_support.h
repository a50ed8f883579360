#pragma once
// What several unit tests share besides files (test_files.h): the plugins built
// beside them, a pack loaded with a host of those plugins, and a report's lines.

#include <filesystem>
#include <optional>
#include <string>

#include <doctest/doctest.h>

#include "diagnostics.h"
#include "pack_loader.h"
#include "plugin_host.h"

namespace hocso::test {

// The real plugins (validate-core, translate-po, screenshots...) where the build puts them.
inline const std::filesystem::path kPlugins = std::filesystem::path(HOCSO_BINARY_DIR) / "lib" / "hocso" / "plugins";

// The front matter lines a sample lesson of the tests has alike, after its id,
// title and summary: a beginner's lesson of 5 minutes for everyone, requiring none.
inline constexpr const char kSampleLessonFields[] =
    "level: co-ban\n"
    "duration_minutes: 5\n"
    "audience: [nguoi-dan]\n"
    "tags: [thu]\n"
    "requires: []\n";

// Each diagnostic as "message [check-id]", one a line.
inline std::string messages(const Diagnostics& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics.all()) out += d.message + " [" + d.check_id + "]\n";
  return out;
}

// A Content (a temporary content folder with a `pack_file`) and its pack file
// loaded, with a plugin host of the built plugins: the start of a check or build.
template <typename Content>
struct PackWithPlugins {
  Content content;
  Diagnostics diagnostics;
  PluginHost host{{kPlugins}};
  std::optional<Pack> pack = load_pack_file(content.pack_file, diagnostics);
  PackWithPlugins() { REQUIRE(pack); }
};

}  // namespace hocso::test
