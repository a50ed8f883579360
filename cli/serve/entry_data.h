#pragma once
// hocso serve, the data side: the bundle file kept open from verification on,
// and the bytes of its entries as the server sends them.
//
// Integrity: BundleReader::open checked every entry's SHA-256 once. The server
// keeps its own descriptor of the file it verified (opened before, and checked
// to be the same file after), so renaming another file over the path leaves
// what it reads untouched (served_bundle.h verifies the new file before using
// it); before each response it checks that the file's size and modification
// time are still what they were, and answers 503 when they are not (nothing
// can be written to the file without changing its mtime, short of setting it
// back on purpose, which takes the power to replace the key and the program
// too). Stored entries and the deflate streams of gzip answers are then
// sent as they are from the file; inflated text is checked against its SHA-256
// again (once when it enters the cache, at the end of each stream otherwise).

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "file_identity.h"
#include "hashing.h"
#include "hocso/bundle_reader.h"

struct z_stream_s;

namespace hocso::serve {

class BundleFile {
 public:
  // Opens `path` read-only; throws FatalError when it cannot.
  explicit BundleFile(const std::filesystem::path& path);
  ~BundleFile();
  BundleFile(const BundleFile&) = delete;
  BundleFile& operator=(const BundleFile&) = delete;

  int fd() const { return fd_; }
  // Whether the file at `path` is still the one opened, unchanged: call after
  // verifying `path`, so that what was verified is what the descriptor reads.
  bool is_file_at(const std::filesystem::path& path) const;
  // Whether the open file's size and modification time are what they were
  // when it was opened (one fstat).
  bool unchanged() const;
  // The file as it was when opened.
  const FileIdentity& opened() const { return opened_; }

 private:
  int fd_ = -1;
  FileIdentity opened_;
};

// Streams a deflated entry's bytes out of the bundle file, inflating them
// (zlib, raw deflate as in the zip), never more than the entry's size, and
// hashes them: verified() tells at the end whether they are the entry's bytes.
class InflatingReader {
 public:
  InflatingReader(int fd, const BundleEntry& entry);
  ~InflatingReader();
  InflatingReader(const InflatingReader&) = delete;
  InflatingReader& operator=(const InflatingReader&) = delete;

  // Appends up to `max` of the next bytes to `out`; false on a read or
  // inflate error, or when the data end early or run past the entry's size.
  bool read(std::string& out, std::size_t max);
  bool done() const { return produced_ == entry_.size; }
  // When done(): whether the bytes' SHA-256 is the entry's.
  bool verified();

 private:
  bool fill_input();
  bool inflate_into(unsigned char* out, std::size_t size, std::size_t& made);

  int fd_;
  const BundleEntry& entry_;
  std::unique_ptr<z_stream_s> zs_;
  Sha256 hash_;
  std::array<unsigned char, 16 * 1024> input_{};
  std::uint64_t consumed_ = 0;  // compressed bytes read so far
  std::uint64_t produced_ = 0;
  bool stream_end_ = false;
  bool failed_ = false;
};

// The whole bytes of a deflated entry, inflated and checked against its
// SHA-256; nullopt when they do not verify.
std::optional<std::string> read_verified(int fd, const BundleEntry& entry);

// Verified bytes of small deflated entries (pages, styles, lesson data) kept in
// memory, least recently used dropped first, so that a client that does not
// accept gzip costs no inflating or hashing after the first request.
class VerifiedEntryCache {
 public:
  VerifiedEntryCache(int fd, std::size_t max_bytes, std::size_t max_entry_bytes);

  // Whether `entry` is small enough to be kept (else: stream it).
  bool holds(const BundleEntry& entry) const { return entry.size <= max_entry_bytes_; }
  // The entry's bytes, from memory or read and verified now; nullptr when they
  // do not verify. Thread-safe.
  std::shared_ptr<const std::string> get(const BundleEntry& entry);
  std::size_t bytes() const;

 private:
  using Lru = std::list<std::pair<const BundleEntry*, std::shared_ptr<const std::string>>>;
  int fd_;
  std::size_t max_bytes_;
  std::size_t max_entry_bytes_;
  mutable std::mutex mutex_;
  Lru lru_;  // most recently used first
  std::unordered_map<const BundleEntry*, Lru::iterator> index_;
  std::size_t bytes_ = 0;
};

// A deflated entry sent as one gzip member (RFC 1952): this 10-byte header,
// the entry's raw deflate data from the zip, then gzip_trailer.
std::array<char, 10> gzip_header();
// CRC-32 and size mod 2^32, little-endian: the zip's own, already verified.
std::array<char, 8> gzip_trailer(const BundleEntry& entry);

}  // namespace hocso::serve
