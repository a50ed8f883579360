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

struct ManifestSummary {
  std::string pack_id;
  std::string pack_version;
  std::vector<ManifestEntry> entries;
};

// The minisign trusted comment a bundle's signature must carry:
// "hocso-bundle/1 pack=<id> version=<version> manifest-sha256=<hex of manifest_json>".
std::string bundle_trusted_comment(std::string_view pack_id, std::string_view pack_version,
                                   std::string_view manifest_json);

// Parses manifest.json and checks what the reader relies on: valid JSON, the
// format, pack id and version, and `entries` (objects with a valid, unique path
// that is not the manifest or its signature, an unsigned size and a 64-digit
// lower-case hex sha256). Problems are appended to `problems` (rules
// manifest-json, manifest-format, manifest-field, manifest-path-invalid,
// manifest-duplicate-path); nullopt when the manifest cannot be used.
std::optional<ManifestSummary> parse_manifest(std::string_view manifest_json, std::vector<BundleProblem>& problems);

}  // namespace hocso
