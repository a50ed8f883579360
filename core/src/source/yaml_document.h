#pragma once
// Safe YAML loading: yaml-cpp parses, we convert to JSON (nlohmann) and keep the
// source position of every node, addressed by JSON pointer. Guards against what
// yaml-cpp 0.7 lets through (see docs/library-pitfalls.md).

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "diagnostics.h"
#include "hocso/plugin.h"

namespace hocso {

struct YamlLimits {
  int max_depth = 32;           // nesting of mappings/sequences
  std::size_t max_nodes = 100000;
  std::size_t max_bytes = 1 << 20;
};

class YamlDocument final : public SourceDocument {
 public:
  YamlDocument(std::string file, nlohmann::ordered_json value,
               std::map<std::string, Location> positions,
               std::map<std::string, Location> key_positions = {});
  const nlohmann::ordered_json& value() const { return value_; }
  const std::string& file() const { return file_; }
  // SourceDocument
  const std::string& json() const override { return json_; }
  // Where the node at `json_pointer` starts (an empty value: where its key is);
  // for a missing pointer, its nearest existing ancestor; "" is the first node.
  Location locate(std::string_view json_pointer) const override;
  Location locate_key(std::string_view json_pointer) const override;

 private:
  std::string file_;
  nlohmann::ordered_json value_;
  std::string json_;
  // JSON pointer -> line and column, compactly: a pack keeps every lesson's
  // document for the whole build, and a map node with a file name per node was
  // most of a lesson's memory. The pointers are stored back to back, sorted.
  class Positions {
   public:
    explicit Positions(const std::map<std::string, Location>& positions);
    // nullptr when `pointer` has no position.
    const Location* find(std::string_view pointer, Location& out) const;

   private:
    struct Entry {
      std::uint32_t offset = 0;  // into pointers_
      std::uint32_t length = 0;
      int line = 0;
      int column = 0;
    };
    std::string pointers_;
    std::vector<Entry> entries_;
  };
  Positions positions_;      // JSON pointer -> start of node
  Positions key_positions_;  // JSON pointer of a member -> start of its key
};

// Parses `text` (decoded source, see source_text.h) that starts at line
// `first_line` of `file` (front matter starts at line 2). Refuses with a
// diagnostic at line:col: syntax errors [yaml-syntax], or [yaml-tab] at the
// first tab of indentation before the error (writers indent with tabs, and
// yaml-cpp's own words for it name no tab); anchors, aliases and
// merge keys [yaml-alias]; duplicate mapping keys [yaml-duplicate-key]; nesting
// deeper than limits.max_depth [yaml-too-deep]; more than limits.max_nodes nodes
// [yaml-too-many-nodes]; more than one document [yaml-multiple-documents];
// non-string mapping keys [yaml-key-type]; tags other than the standard ones
// [yaml-tag]; text over limits.max_bytes [yaml-too-large]; invalid UTF-8 or
// control characters, also from escapes [yaml-syntax] / [control-character].
// Allowed tags: !!str on scalars and keys, !!int !!float !!bool !!null when the
// value fits, !!seq and !!map on their kind. Lines are counted in the whole file,
// columns in code points. Parsing runs on a thread with an 8 MiB stack
// (stack_thread.h), so it does not depend on the caller's stack.
//
// Scalars: quoted -> string; plain `null`/`~`/empty -> null; plain `true`/`false`
// -> bool (yes/no/on/off stay strings); plain integers -> integer; plain decimals
// -> number (JSON's grammar: "007" and "0912345678" stay strings); everything
// else -> string. An empty document is null. Strings are NFC.
// Returns nullptr when it refused.
std::unique_ptr<YamlDocument> parse_yaml(std::string_view text, const std::string& file,
                                         int first_line, Diagnostics& diagnostics,
                                         const YamlLimits& limits = {});

}  // namespace hocso
