#include "source_hash_index.h"

#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "atomic_file.h"
#include "hashing.h"

namespace hocso {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFormat = "hocso-source-hashes/1";
constexpr std::int64_t kSettleNs = 2'000'000'000;  // times this close to "now" are not trusted

std::int64_t ns(const struct timespec& t) { return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec; }

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

SourceHashIndex::SourceHashIndex(fs::path file) : file_(std::move(file)) {
  if (file_.empty()) return;
  std::ifstream in(file_, std::ios::binary);
  if (!in) return;
  std::ostringstream text;
  text << in.rdbuf();
  const auto doc = nlohmann::json::parse(text.str(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || doc.value("format", "") != kFormat) return;
  const auto files = doc.find("files");
  if (files == doc.end() || !files->is_object()) return;
  for (const auto& [path, e] : files->items()) {
    if (!e.is_array() || e.size() != 6) continue;
    try {
      Entry entry{e[0].get<std::uint64_t>(), e[1].get<std::uint64_t>(), e[2].get<std::uint64_t>(),
                  e[3].get<std::int64_t>(),  e[4].get<std::int64_t>(),  e[5].get<std::string>()};
      if (entry.sha256.size() == 64) entries_.emplace(path, std::move(entry));
    } catch (const nlohmann::json::exception&) {
    }
  }
}

std::string SourceHashIndex::hash(const fs::path& path) {
  struct stat st {};
  const bool stated = !file_.empty() && ::stat(path.c_str(), &st) == 0;
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

void SourceHashIndex::save() const {
  std::lock_guard lock(mutex_);
  if (file_.empty() || !changed_) return;
  nlohmann::json files = nlohmann::json::object();
  for (const auto& [path, e] : entries_) files[path] = {e.dev, e.ino, e.size, e.mtime_ns, e.ctime_ns, e.sha256};
  const nlohmann::json doc{{"format", kFormat}, {"files", files}};
  write_file_atomically(file_, {doc.dump()});  // a failed write only costs time
}

}  // namespace hocso
