#pragma once
// SHA-256 of source files (screenshots, recordings), remembered between builds by what
// stat() says of each file — device, inode, size, modification and change
// time, the way make, git and ninja decide a file is unchanged — so that a
// rebuild does not read every screenshot again to compute its cache key.
// An entry is trusted only when the file's times were at least two seconds
// older than the moment it was hashed (a file written in the same instant
// could change again without its times changing). Kept as one entry of the
// build cache (authenticated like every entry there, so a planted index cannot
// make a changed file look unchanged); a missing or damaged index only costs time.

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>

#include "build_cache.h"

namespace hocso {

class SourceHashIndex {
 public:
  // Reads the index from `cache` (nullptr: no cache, nothing remembered).
  explicit SourceHashIndex(const BuildCache* cache);

  // The SHA-256 (hex) of `path`'s bytes. Thread-safe. Throws like sha256_file.
  std::string hash(const std::filesystem::path& path);

  // Writes the index back (temporary file, then rename) when it changed
  // since it was read or last saved.
  void save();

 private:
  struct Entry {
    std::uint64_t dev = 0, ino = 0, size = 0;
    std::int64_t mtime_ns = 0, ctime_ns = 0;
    std::string sha256;
  };
  const BuildCache* cache_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;  // by absolute path
  bool changed_ = false;
};

}  // namespace hocso
