#pragma once
// The build cache: results that are slow to make again (processed images,
// catalogs that passed `msgfmt --check` and their parsed form, the hashes of
// source files), kept between builds in the user's cache folder.
//
// Caches are hints, never sources (decision 0009). Every entry carries a MAC:
// keyed BLAKE2b, with a per-user secret kept outside the cache folder, over the
// entry's kind, key, metadata, size and SHA-256; the bytes are hashed again when
// read. An entry someone planted, copied from another cache or damaged is
// ignored and its result made again from the sources. A cache folder or secret
// that other users can write (or read, for the secret) is not used at all
// unless the user says so (--trust-cache).

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "diagnostics.h"
#include "hocso/plugin.h"

namespace hocso {

struct CacheSettings {
  bool enabled = true;             // false: --no-cache (nothing read, nothing written)
  std::filesystem::path dir;       // empty: $XDG_CACHE_HOME/hocso, else ~/.cache/hocso
  std::filesystem::path key_file;  // empty: $XDG_STATE_HOME/hocso/cache.key, else ~/.local/state/hocso/cache.key
  bool trust_shared = false;       // --trust-cache: also use a folder or secret others can write
};

// The folders the settings name, with the defaults filled in from the environment.
std::filesystem::path default_cache_dir();
std::filesystem::path default_cache_key_file();

class BuildCache final : public StageCache {
 public:
  // Opens (and creates, private to this user) the cache the settings name.
  // nullptr when it is turned off, or with a note in `diagnostics` saying why
  // it is not used (a folder others can write, an unreadable secret, ...):
  // a build without its cache is only slower.
  static std::unique_ptr<BuildCache> open(const CacheSettings& settings, Diagnostics& diagnostics);

  // Kinds and keys are [a-z0-9-]{1,128}; anything else is never found or stored.
  std::optional<std::string> find(std::string_view kind, std::string_view key) const override;
  void store(std::string_view kind, std::string_view key, std::string_view bytes) const override;

  // An entry whose bytes are read later from the cache file itself (images
  // zipped straight from here). Checked when found; the bundle's own check
  // after writing catches a file changed in between.
  struct FileEntry {
    std::filesystem::path file;
    std::uint64_t offset = 0;  // of the bytes in `file`
    std::uint64_t size = 0;
    std::string sha256;        // hex
    std::string meta;          // what the storer said of the bytes (one line)
  };
  std::optional<FileEntry> find_file(std::string_view kind, std::string_view key) const;
  // `meta` is one line (no newline) that comes back with the entry.
  void store_file(std::string_view kind, std::string_view key, std::string_view meta, std::string_view bytes) const;

  const std::filesystem::path& dir() const { return dir_; }
  // Where the entry (kind, key) lives (empty for an invalid kind or key).
  std::filesystem::path entry_path(std::string_view kind, std::string_view key) const;

 private:
  using Secret = std::array<std::uint8_t, 32>;
  BuildCache(std::filesystem::path dir, const Secret& secret) : dir_(std::move(dir)), secret_(secret) {}
  std::string mac(std::string_view kind, std::string_view key, std::string_view meta, std::uint64_t size,
                  std::string_view sha256) const;

  std::filesystem::path dir_;
  Secret secret_;
};

}  // namespace hocso
