#pragma once
// manifest.json of a bundle (format "hocso-bundle/1"): the fields the reader
// relies on, and the trusted comment that binds the signature to the manifest.
// The full shape is schemas/manifest.schema.json.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hocso/bundle_reader.h"

namespace hocso {

inline constexpr std::string_view kBundleFormat = "hocso-bundle/1";
inline constexpr std::string_view kManifestName = "manifest.json";
inline constexpr std::string_view kSignatureName = "manifest.json.minisig";

struct ManifestEntry {
  std::string path;
  std::uint64_t size = 0;
  std::string sha256;  // lower-case hex
};

struct ManifestLanguage {
  std::string tag;   // BCP 47
  std::string name;  // in that language; untrusted text: display_text() it
  double coverage = 0;
};

struct ManifestLesson {
  std::string id;     // slug
  std::string title;  // untrusted text: display_text() it
  std::string level;  // co-ban | trung-binh | nang-cao
};

// What a signed manifest holds, every field checked for presence and type.
struct ManifestSummary {
  std::string pack_id;       // slug
  std::string pack_version;  // semantic version characters
  std::string pack_title;    // untrusted text
  std::string source_language;
  std::string profile;       // slug
  std::vector<ManifestLanguage> languages;
  std::vector<ManifestLesson> lessons;
  std::vector<ManifestEntry> entries;
};

// The minisign trusted comment a bundle's signature must carry:
// "hocso-bundle/1 pack=<id> version=<version> manifest-sha256=<hex of manifest_json>".
std::string bundle_trusted_comment(std::string_view pack_id, std::string_view pack_version,
                                   std::string_view manifest_json);

// Parses manifest.json and checks every field schemas/manifest.schema.json
// requires, for presence and type: valid JSON, the format; `generator` a
// string; `pack` with slug `id`, a semantic `version`, string `title` and a
// language tag `source_language`; a slug `profile`; `languages` (at least one:
// tag, string name, coverage 0–1) and `lessons` (slug id, string title, a known
// level, `requires` a list of slugs) arrays of objects; and `entries` (objects
// with a valid, unique path that is not the manifest or its signature, an
// unsigned size and a 64-digit lower-case hex sha256). Keys it does not know are
// ignored. Problems are appended to `problems` (rules manifest-json,
// manifest-format, manifest-field, manifest-path-invalid,
// manifest-duplicate-path); nullopt when the manifest cannot be used.
std::optional<ManifestSummary> parse_manifest(std::string_view manifest_json, std::vector<BundleProblem>& problems);

}  // namespace hocso
