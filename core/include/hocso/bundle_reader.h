#pragma once
// Reading a .hocso bundle: the API an app, a kiosk or `hocso verify` uses.
//
// BundleReader::open checks every rule of docs/bundle-format.md before anything
// can be read: the one canonical zip layout hocso writes (checked byte by byte
// here, because zip libraries are lenient), the minisign signature of
// manifest.json against the trusted keys, and every entry's size and SHA-256
// against the manifest. A bundle that breaks any rule yields no content.
//
// Apps link hocso::bundle (libhocso-bundle, docs/apps.md): this header is all
// it exports; everything else in it is hidden.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// What libhocso-bundle exports (it is built with hidden visibility).
#if defined(__GNUC__) || defined(__clang__)
#define HOCSO_BUNDLE_API __attribute__((visibility("default")))
#else
#define HOCSO_BUNDLE_API
#endif

namespace hocso {

// Refusal thresholds; a bundle over any of them is refused, never read.
struct BundleLimits {
  std::uint64_t max_entries = 50000;
  std::uint64_t max_entry_size = 512ull << 20;    // uncompressed, per entry
  std::uint64_t max_total_size = 4ull << 30;      // uncompressed, all entries
  std::uint64_t max_manifest_size = 16ull << 20;
};

// Why a bundle was refused. `rule` is a stable id (e.g. "entry-hash-mismatch",
// "layout-gap", "signature-invalid"); `entry` names the zip entry when one is at fault.
struct BundleProblem {
  std::string rule;
  std::string entry;
  std::string message;
};

struct BundleEntry {
  std::string name;
  std::uint64_t size = 0;             // uncompressed
  std::uint64_t compressed_size = 0;
  bool deflated = false;              // else stored
  std::uint32_t crc32 = 0;
  std::uint64_t data_offset = 0;      // where the entry's (compressed) data starts in the file
  std::string sha256;                 // lower-case hex
};

class BundleReader {
 public:
  // Opens and fully checks `bundle`. `trusted_public_keys` are minisign public
  // keys: the text of a .pub file or its base64 line. Never throws for a bad or
  // unreadable bundle or key: see ok() and problems(). The entries' data is
  // checked on as many threads as the machine has cores (started and joined
  // within the call); the problems reported do not depend on their number.
  HOCSO_BUNDLE_API static BundleReader open(const std::filesystem::path& bundle,
                           const std::vector<std::string>& trusted_public_keys,
                           const BundleLimits& limits = {});

  bool ok() const { return problems_.empty(); }
  const std::vector<BundleProblem>& problems() const { return problems_; }

  // Valid only when ok().
  const std::string& manifest_json() const { return manifest_json_; }
  const std::string& trusted_comment() const { return trusted_comment_; }
  // The manifest's pack id and version (slug, semantic version) and profile
  // (slug), as checked: no need to parse manifest_json() for them.
  const std::string& pack_id() const { return pack_id_; }
  const std::string& pack_version() const { return pack_version_; }
  const std::string& profile() const { return profile_; }
  const std::vector<BundleEntry>& entries() const { return entries_; }
  HOCSO_BUNDLE_API const BundleEntry* find(std::string_view name) const;
  // The whole uncompressed content of an entry; nullopt if !ok() or not found.
  HOCSO_BUNDLE_API std::optional<std::string> read(std::string_view name) const;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::vector<BundleProblem> problems_;
  std::string manifest_json_;
  std::string trusted_comment_;
  std::string pack_id_, pack_version_, profile_;
  std::vector<BundleEntry> entries_;  // in file order (= sorted by name)
};

}  // namespace hocso
