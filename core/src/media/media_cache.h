#pragma once
// Processed images in the build cache (build_cache.h), under kind "media": the
// image bytes with what the bundle needs to know of them (extension, size in
// pixels, the source file used). An entry is found only when the cache vouches
// for it and its bytes still hash as recorded.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "build_cache.h"
#include "hocso/plugin.h"

namespace hocso {

class MediaCache {
 public:
  explicit MediaCache(const BuildCache& cache) : cache_(cache) {}

  // Where the image stored under `key` (64 hex digits) lies, after its bytes
  // were read and checked; nullopt when there is none or it cannot be trusted.
  // Never throws.
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

  // Stores a successful result under `key`. A cache that cannot be written is
  // skipped: it only saves time.
  void store(const std::string& key, const ImageResult& result) const;

 private:
  const BuildCache& cache_;
};

}  // namespace hocso
