#pragma once
// What several unit tests share besides files (test_files.h): the plugins built
// beside them, a pack loaded with a host of those plugins, a report's lines, the
// CPU time used, and raw deflate as a zip holds it.

#include <ctime>
#include <filesystem>
#include <optional>
#include <string>

#include <doctest/doctest.h>
#include <zlib.h>

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

// The CPU time this process has used, in seconds. A test's time limit is held
// against it, not the wall clock, which a loaded machine stretches (CI runs the
// suite two tests at a time, and under the sanitizers).
inline double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

// Raw deflate (as in a zip, no zlib or gzip wrapper) of `data` at `level`.
inline std::string raw_deflate(const std::string& data, int level) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
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
