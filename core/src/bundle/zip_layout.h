#pragma once
// The one canonical zip layout of a .hocso bundle, parsed by hand: zip libraries
// are lenient (prepended bytes, gaps, overlaps, fake end records, size lies), so
// the reader checks every byte of the structure itself. See docs/bundle-format.md
// for the rules and their ids.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hocso/bundle_reader.h"

namespace hocso::zip {

inline constexpr std::uint32_t kLocalHeaderSignature = 0x04034b50;
inline constexpr std::uint32_t kCentralHeaderSignature = 0x02014b50;
inline constexpr std::uint32_t kEndRecordSignature = 0x06054b50;
inline constexpr std::uint32_t kZip64EndRecordSignature = 0x06064b50;
inline constexpr std::uint32_t kZip64LocatorSignature = 0x07064b50;
inline constexpr std::size_t kLocalHeaderSize = 30;
inline constexpr std::size_t kCentralHeaderSize = 46;
inline constexpr std::size_t kEndRecordSize = 22;
inline constexpr std::size_t kZip64LocatorSize = 20;
inline constexpr std::uint16_t kMethodStored = 0;
inline constexpr std::uint16_t kMethodDeflated = 8;
inline constexpr std::size_t kChunkSize = 64 * 1024;
// Deflated entries up to this size (either way) are inflated whole by libdeflate;
// larger ones stream through zlib in kChunkSize pieces.
inline constexpr std::uint32_t kWholeInflateLimit = 4u << 20;

// One central-directory header, as the file states it.
struct CentralEntry {
  std::string name;
  std::uint16_t version_made_by = 0;
  std::uint16_t version_needed = 0;
  std::uint16_t flags = 0;
  std::uint16_t method = 0;
  std::uint16_t dos_time = 0;
  std::uint16_t dos_date = 0;
  std::uint32_t crc32 = 0;
  std::uint32_t compressed_size = 0;
  std::uint32_t size = 0;
  std::uint32_t external_attributes = 0;
  std::uint32_t local_header_offset = 0;

  // Where the local header's fixed part and name end (extra fields are refused).
  std::uint64_t data_offset() const { return std::uint64_t{local_header_offset} + kLocalHeaderSize + name.size(); }
  std::uint64_t data_end() const { return data_offset() + compressed_size; }
};

// A bundle file opened for reading with bounds-checked positioned reads
// (pread: no shared file position, so several threads may read one InputFile).
class InputFile {
 public:
  // Opens `path`; is_open() tells whether that worked. Never throws.
  explicit InputFile(const std::filesystem::path& path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  bool is_open() const { return fd_ >= 0; }
  std::uint64_t size() const { return size_; }
  // Reads exactly `count` bytes at `offset`; false on an I/O error or when the
  // range reaches past the end of the file. Safe to call from several threads.
  bool read_at(std::uint64_t offset, void* out, std::size_t count) const;

 private:
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

struct Layout {
  std::vector<CentralEntry> entries;  // in central-directory order (= file order)
  std::uint64_t central_directory_offset = 0;
  std::uint64_t total_size = 0;  // uncompressed, all entries
};

// Checks everything that needs no entry data: the end record (last 22 bytes, no
// comment, nothing after it, single disk, no zip64), the central directory right
// before it, every central header (methods, flags, no extras or comments, names,
// file attributes, no duplicates) and that local headers lie back to back from
// offset 0 up to the central directory. Limits are checked before anything is
// allocated from a size the file states. Problems are appended to `problems`;
// the layout is usable only when none were added.
Layout read_layout(InputFile& file, const BundleLimits& limits, std::vector<BundleProblem>& problems);

// Receives an entry's uncompressed bytes, in chunks of at most kChunkSize.
using DataSink = std::function<void(std::string_view chunk)>;

// Which local-header fields must equal the central header's.
enum class HeaderFields {
  all,      // version needed, flags, method, time, date, CRC-32, sizes, name
  content,  // method, CRC-32, sizes, name (when only these are known, e.g. re-reading)
};

// Reads `entry`'s local header and checks it against the central header: the
// first problem, or nullopt. read_entry_data() does this first.
std::optional<BundleProblem> check_local_header(const InputFile& file, const CentralEntry& entry,
                                                HeaderFields fields = HeaderFields::all);

// Reads `entry`'s local header and checks it against the central header, then
// streams the entry's data (inflating deflated data) to `sink`: never more than
// the declared size, which must be met exactly, and the CRC-32 must match.
// Returns the first problem, or nullopt when the entry is sound. Entries must
// come from a layout read_layout accepted. Thread-safe for distinct sinks.
std::optional<BundleProblem> read_entry_data(const InputFile& file, const CentralEntry& entry, const DataSink& sink,
                                             HeaderFields fields = HeaderFields::all);

}  // namespace hocso::zip
