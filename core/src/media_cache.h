#pragma once
// The build cache of processed images (.hocso/cache/ beside content/):
// content-addressed, one file per key, each holding the image with its own
// SHA-256 so that a damaged entry is noticed and never shipped.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "hocso/plugin.h"

namespace hocso {

class MediaCache {
 public:
  // Uses `dir` (created on the first store).
  explicit MediaCache(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // Where the image stored under `key` (64 hex digits) lies, after its bytes
  // were read and their hash checked; nullopt when there is none or it is
  // damaged (wrong hash, cut short, unreadable header). Never throws.
  struct Found {
    std::filesystem::path file;
    std::uint64_t offset = 0;  // of the image bytes in `file`
    std::uint64_t size = 0;
    std::string sha256;        // hex
    std::string extension;
    int width = 0;
    int height = 0;
    std::string source_file;
  };
  std::optional<Found> find(const std::string& key) const;

  // Stores a successful result under `key`, atomically (temporary file, then
  // rename). A cache that cannot be written is skipped: it only saves time.
  void store(const std::string& key, const ImageResult& result) const;

  // Where the entry for `key` lives.
  std::filesystem::path entry_path(const std::string& key) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace hocso
