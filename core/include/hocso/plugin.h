#pragma once
// The hocso plugin API. This header (with diagnostic.h) is all a plugin sees.
//
// A plugin is a shared library that exports one C-linkage entry point,
//   extern "C" const hocso_plugin_info* hocso_plugin_entry();
// (use HOCSO_PLUGIN(info) below). The host calls it, checks api_version before it
// touches any other field, then calls register_stages() once. Plugins must do no
// work at load time (no static constructors with side effects), report problems
// only through PluginContext::report, and never print or exit.
//
// Bump HOCSO_PLUGIN_API_VERSION whenever anything in this header changes layout.

#include <boost/config.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hocso/diagnostic.h"

#define HOCSO_PLUGIN_API_VERSION 1u

namespace hocso {

// ---- What plugins are shown -------------------------------------------------

// A YAML document (pack file or lesson front matter) as JSON text, with the
// source position of every node, addressed by RFC 6901 JSON pointer ("" = root).
class SourceDocument {
 public:
  virtual ~SourceDocument() = default;
  // The document as compact JSON text (mappings keep source order).
  virtual const std::string& json() const = 0;
  // Where the node at `json_pointer` starts; for a missing pointer, the nearest
  // existing ancestor. The file is always set.
  virtual Location locate(std::string_view json_pointer) const = 0;
  // Where the key of the mapping member at `json_pointer` starts (the place to
  // point at for an unknown or misspelt key); for any other node, locate().
  virtual Location locate_key(std::string_view json_pointer) const = 0;
};

// A reference from a lesson body to another file: an image or a link.
struct SourceReference {
  enum class Kind { image, link };
  Kind kind = Kind::link;
  std::string target;  // as written (URL-decoded), e.g. "screens/login.png"
  std::string text;    // alt text of an image, "" for links
  Location where;
};

struct LessonView {
  std::string id;                       // folder name
  std::filesystem::path folder;         // absolute, canonical
  std::string markdown_path;            // for messages, e.g. "lessons/x/lesson.md"
  const SourceDocument* front_matter = nullptr;
  std::string body;                     // Markdown after the front matter, NFC, LF
  int body_first_line = 1;              // line of `body`'s first line in the file
  std::vector<SourceReference> references;
};

struct PackView {
  std::string id;
  std::string version;
  std::filesystem::path content_root;   // the folder that holds packs/ (absolute)
  std::string pack_path;                // for messages, e.g. "packs/hocso-co-ban.yaml"
  const SourceDocument* document = nullptr;
  std::vector<LessonView> lessons;      // in pack order; only lessons that loaded
  std::vector<std::string> listed_lesson_ids;  // as listed in the pack, duplicates kept
};

// ---- What plugins may ask of the host -----------------------------------------

class PluginContext {
 public:
  virtual ~PluginContext() = default;
  virtual void report(Diagnostic diagnostic) = 0;
  // The settings the pack gives this stage (`plugins: - name: X  settings: {...}`)
  // as JSON text; "{}" when none.
  virtual const std::string& settings_json() const = 0;
  // hocso's shared data folder (holds schemas/); absolute.
  virtual const std::filesystem::path& hocso_data_dir() const = 0;
  // This plugin's own data folder (<data>/plugins/<plugin name>/); may not exist.
  virtual const std::filesystem::path& plugin_data_dir() const = 0;
};

// ---- Stages -----------------------------------------------------------------

class ValidateStage {
 public:
  virtual ~ValidateStage() = default;
  virtual void validate(const PackView& pack, PluginContext& context) = 0;
};

// The host owns registration; a plugin adds its stages in register_stages().
// Stage names are what the pack's `plugins:` list refers to.
class StageRegistry {
 public:
  virtual ~StageRegistry() = default;
  virtual void add_validate_stage(std::string name, std::string summary,
                                  std::unique_ptr<ValidateStage> stage) = 0;
};

}  // namespace hocso

// ---- The entry point (C layout; api_version must stay first) --------------------

extern "C" {
struct hocso_plugin_info {
  std::uint32_t api_version;        // HOCSO_PLUGIN_API_VERSION the plugin was built with
  const char* name;                 // e.g. "validate-core"
  const char* version;              // the plugin's own version
  const char* summary;              // one line for `hocso plugin list`
  void (*register_stages)(hocso::StageRegistry* registry);
};
}

#define HOCSO_PLUGIN_ENTRY_SYMBOL "hocso_plugin_entry"

// Defines the exported entry point returning `info` (a static hocso_plugin_info).
#define HOCSO_PLUGIN(info)                                                      \
  extern "C" BOOST_SYMBOL_EXPORT const hocso_plugin_info* hocso_plugin_entry(); \
  extern "C" BOOST_SYMBOL_EXPORT const hocso_plugin_info* hocso_plugin_entry() { return &(info); }
