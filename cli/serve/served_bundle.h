#pragma once
// hocso serve: the bundle being served, as one snapshot that a newer verified
// bundle can replace while the server runs.
//
// A snapshot is everything the server holds for one bundle file: the
// descriptor it was verified through, the reader's entry list, the catalog by
// name and the cache of verified pages. Each request takes the current
// snapshot when it starts and keeps it until its answer is sent, so requests
// in flight finish from the old file (its descriptor stays readable after a
// rename replaced the path) while new ones get the new file.

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "access_log.h"
#include "entry_data.h"
#include "hocso/bundle_reader.h"
#include "request.h"

namespace hocso::serve {

struct CacheLimits {
  std::size_t bytes = 8u << 20;        // verified inflated entries kept in memory
  std::size_t entry_bytes = 1u << 20;  // larger deflated entries are streamed
};

class ServedBundle {
 public:
  // Opens `path`, verifies it fully against `trusted_keys` (BundleReader::open)
  // and checks that the path still names the same, unchanged file it opened,
  // so that what was verified is what the descriptor reads. nullptr when it
  // fails verification (the reader's problems in `problems`) or changed
  // meanwhile (rule "bundle-file-changed"). Throws FatalError when the file
  // cannot be opened at all.
  static std::shared_ptr<ServedBundle> open(const std::filesystem::path& path,
                                            const std::vector<std::string>& trusted_keys, const CacheLimits& cache,
                                            std::vector<BundleProblem>& problems);

  ServedBundle(const ServedBundle&) = delete;
  ServedBundle& operator=(const ServedBundle&) = delete;

  const std::string& label() const { return label_; }  // the path it was opened as
  const std::string& pack_id() const { return pack_id_; }
  const std::string& pack_version() const { return pack_version_; }
  const BundleFile& file() const { return *file_; }
  int fd() const { return file_->fd(); }
  const EntryCatalog& catalog() const { return catalog_; }
  VerifiedEntryCache& cache() { return cache_; }

  // Whether the open file is still as verified: one fstat at most every 20 ms
  // (a write to it is seen by the answers that begin 20 ms later at most);
  // once it was seen changed, never again.
  bool still_as_verified();

 private:
  ServedBundle(std::string label, std::unique_ptr<BundleFile> file, BundleReader reader, const CacheLimits& cache);

  std::string label_;
  std::unique_ptr<BundleFile> file_;
  BundleReader reader_;
  std::string pack_id_, pack_version_;
  EntryCatalog catalog_;  // refers to reader_'s entries
  VerifiedEntryCache cache_;
  std::atomic<bool> changed_{false};
  std::atomic<long long> checked_{0};  // steady-clock ticks when last seen unchanged
};

// The snapshot new requests get. Thread-safe.
class CurrentBundle {
 public:
  CurrentBundle(std::shared_ptr<ServedBundle> first, AccessLog& log) : current_(std::move(first)), log_(log) {}

  // The bundle to answer from, or nullptr when there is none to serve (503):
  // a current bundle whose file was written in place since it was verified is
  // dropped here, with one log line, until a verified one replaces it.
  std::shared_ptr<ServedBundle> get();
  // Makes `next` the bundle new requests get.
  void replace(std::shared_ptr<ServedBundle> next);

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<ServedBundle> current_;
  AccessLog& log_;
};

}  // namespace hocso::serve
