#include "source_hash_index.h"

#include <sys/stat.h>

#include <cinttypes>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include "hashing.h"

namespace hocso {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFormat = "hocso-source-hashes/3";
constexpr const char* kKind = "source-hashes";
constexpr const char* kKey = "index";
constexpr std::int64_t kSettleNs = 2'000'000'000;  // times this close to "now" are not trusted

std::int64_t ns(const struct timespec& t) { return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec; }

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

// One line per file, read and written without a JSON tree (a large build cache
// remembers tens of thousands): "<dev> <ino> <size> <mtime ns> <ctime ns> <sha256> <path>".
SourceHashIndex::SourceHashIndex(const BuildCache* cache) : cache_(cache) {
  if (!cache_) return;
  const auto text = cache_->find(kKind, kKey);
  if (!text) return;
  std::istringstream in(*text);
  std::string line;
  if (!std::getline(in, line) || line != kFormat) return;
  while (std::getline(in, line)) {
    Entry entry;
    char sha[65] = {};
    int path_at = 0;
    if (std::sscanf(line.c_str(), "%" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNd64 " %" SCNd64 " %64[0-9a-f] %n",
                    &entry.dev, &entry.ino, &entry.size, &entry.mtime_ns, &entry.ctime_ns, sha, &path_at) != 6 ||
        path_at <= 0 || static_cast<std::size_t>(path_at) >= line.size() || std::strlen(sha) != 64)
      continue;  // a damaged line only costs hashing that file again
    entry.sha256 = sha;
    entries_.insert_or_assign(line.substr(static_cast<std::size_t>(path_at)), std::move(entry));
  }
}

std::string SourceHashIndex::hash(const fs::path& path) {
  struct stat st {};
  const bool stated = cache_ && ::stat(path.c_str(), &st) == 0;
  const std::string key = path.string();
  if (stated) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it != entries_.end() && it->second.dev == static_cast<std::uint64_t>(st.st_dev) &&
        it->second.ino == static_cast<std::uint64_t>(st.st_ino) &&
        it->second.size == static_cast<std::uint64_t>(st.st_size) && it->second.mtime_ns == ns(st.st_mtim) &&
        it->second.ctime_ns == ns(st.st_ctim))
      return it->second.sha256;
  }
  const std::int64_t hashed_at = now_ns();
  std::string digest = to_hex(sha256_file(path));
  if (stated) {
    struct stat after {};
    // Remember it only if the file did not change while it was read and had
    // settled before: otherwise a later write could keep the same times.
    if (::stat(path.c_str(), &after) == 0 && ns(after.st_mtim) == ns(st.st_mtim) &&
        ns(after.st_ctim) == ns(st.st_ctim) && hashed_at - std::max(ns(st.st_mtim), ns(st.st_ctim)) >= kSettleNs) {
      std::lock_guard lock(mutex_);
      entries_[key] = {static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
                       static_cast<std::uint64_t>(st.st_size), ns(st.st_mtim), ns(st.st_ctim), digest};
      changed_ = true;
    }
  }
  return digest;
}

void SourceHashIndex::save() {
  std::lock_guard lock(mutex_);
  if (!cache_ || !changed_) return;
  std::string text = std::string(kFormat) + "\n";
  for (const auto& [path, e] : entries_) {
    if (path.find('\n') != std::string::npos) continue;  // cannot be written as a line: hashed each time
    text += fmt::format("{} {} {} {} {} {} {}\n", e.dev, e.ino, e.size, e.mtime_ns, e.ctime_ns, e.sha256, path);
  }
  cache_->store(kKind, kKey, text);  // a failed write only costs time
  changed_ = false;
}

}  // namespace hocso
