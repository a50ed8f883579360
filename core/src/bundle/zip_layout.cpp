#include "zip_layout.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <memory>
#include <unordered_set>

#include "entry_names.h"

namespace hocso::zip {
namespace {

constexpr std::uint16_t kFlagEncrypted = 0x0001;
constexpr std::uint16_t kFlagDeflateOptions = 0x0006;  // bits 1-2: compression level hint
constexpr std::uint16_t kFlagDataDescriptor = 0x0008;
constexpr std::uint16_t kFlagStrongEncryption = 0x0040;
constexpr std::uint16_t kFlagUtf8Name = 0x0800;
constexpr std::uint16_t kFlagMaskedHeaders = 0x2000;
constexpr std::uint16_t kAllowedFlags = kFlagDeflateOptions | kFlagUtf8Name;
constexpr std::uint16_t kMaxVersionNeeded = 20;  // 2.0: deflate; zip64 would need 4.5

constexpr std::uint8_t kHostUnix = 3;
constexpr std::uint32_t kModeTypeMask = 0170000;
constexpr std::uint32_t kModeRegular = 0100000;
constexpr std::uint32_t kModeDirectory = 0040000;
constexpr std::uint32_t kModeSymlink = 0120000;
constexpr std::uint32_t kDosDirectoryAttribute = 0x10;

constexpr std::uint16_t kMax16 = 0xFFFF;
constexpr std::uint32_t kMax32 = 0xFFFFFFFF;

std::uint16_t u16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] | (p[1] << 8)); }
std::uint32_t u32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16) |
         (std::uint32_t{p[3]} << 24);
}

BundleProblem problem(std::string rule, std::string entry, std::string message) {
  return {std::move(rule), std::move(entry), std::move(message)};
}

// The format rules of one central header that need nothing but the header.
std::optional<BundleProblem> check_central_format(const CentralEntry& e, std::uint16_t extra_length,
                                                  std::uint16_t comment_length, std::uint16_t disk_start) {
  if (e.compressed_size == kMax32 || e.size == kMax32 || e.local_header_offset == kMax32 ||
      disk_start == kMax16)
    return problem("layout-zip64", e.name, "the central header has zip64 markers (0xFFFFFFFF sizes or offset)");
  if (extra_length != 0)
    return problem("layout-extra-field", e.name,
                   fmt::format("the central header has {} bytes of extra fields", extra_length));
  if (comment_length != 0)
    return problem("layout-entry-comment", e.name,
                   fmt::format("the central header has a {}-byte comment", comment_length));
  if (disk_start != 0)
    return problem("layout-multi-disk", e.name, fmt::format("the entry starts on disk {}", disk_start));
  if (e.flags & (kFlagEncrypted | kFlagStrongEncryption | kFlagMaskedHeaders))
    return problem("layout-encrypted", e.name, "the entry is encrypted");
  if (e.flags & kFlagDataDescriptor)
    return problem("layout-data-descriptor", e.name, "the entry uses a data descriptor (flag bit 3)");
  if (e.flags & ~kAllowedFlags)
    return problem("layout-flags", e.name, fmt::format("unsupported general-purpose flags 0x{:04x}", e.flags));
  if (e.method != kMethodStored && e.method != kMethodDeflated)
    return problem("layout-method", e.name,
                   fmt::format("compression method {} (only 0 stored and 8 deflate are allowed)", e.method));
  if (e.version_needed > kMaxVersionNeeded)
    return problem("layout-version-needed", e.name,
                   fmt::format("the entry needs zip version {}.{} (at most 2.0 is allowed)",
                               e.version_needed / 10, e.version_needed % 10));
  if (e.method == kMethodStored && e.compressed_size != e.size)
    return problem("layout-stored-size", e.name,
                   fmt::format("a stored entry's compressed size ({}) differs from its size ({})",
                               e.compressed_size, e.size));
  return std::nullopt;
}

// Only regular files: no symlinks, directories, devices or FIFOs.
std::optional<BundleProblem> check_file_type(const CentralEntry& e) {
  if (e.external_attributes & kDosDirectoryAttribute)
    return problem("entry-directory", e.name, "the entry is marked as a directory (DOS attribute)");
  if ((e.version_made_by >> 8) != kHostUnix) return std::nullopt;
  const std::uint32_t type = (e.external_attributes >> 16) & kModeTypeMask;
  if (type == kModeSymlink) return problem("entry-symlink", e.name, "the entry is a symbolic link");
  if (type == kModeDirectory) return problem("entry-directory", e.name, "the entry is a directory");
  if (type != 0 && type != kModeRegular)
    return problem("entry-not-regular", e.name, fmt::format("the entry's Unix file type is 0{:o}, not a regular file", type));
  return std::nullopt;
}

// Local headers lie back to back from offset 0: each one starts where the
// previous entry's data ends.
std::optional<BundleProblem> check_position(const CentralEntry& e, std::size_t index, std::uint64_t expected) {
  if (e.local_header_offset == expected) return std::nullopt;
  if (index == 0)
    return problem("layout-prepended-bytes", e.name,
                   fmt::format("the first local header is at offset {}, not 0 (bytes prepended?)", e.local_header_offset));
  if (e.local_header_offset > expected)
    return problem("layout-gap", e.name,
                   fmt::format("{} unaccounted bytes before the local header at offset {}",
                               e.local_header_offset - expected, e.local_header_offset));
  return problem("layout-overlap", e.name,
                 fmt::format("the local header at offset {} overlaps the previous entry, which ends at {}",
                             e.local_header_offset, expected));
}

}  // namespace

InputFile::InputFile(const std::filesystem::path& path) {
  // O_NONBLOCK: opening a FIFO must not hang; only regular files are read.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return;
  struct stat status {};
  if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
    ::close(fd);
    return;
  }
  fd_ = fd;
  size_ = static_cast<std::uint64_t>(status.st_size);
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

bool InputFile::read_at(std::uint64_t offset, void* out, std::size_t count) const {
  if (fd_ < 0 || offset > size_ || count > size_ - offset) return false;
  if (offset + count > static_cast<std::uint64_t>(std::numeric_limits<off_t>::max())) return false;
  auto* bytes = static_cast<char*>(out);
  while (count > 0) {
    const ssize_t got = ::pread(fd_, bytes, count, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;  // an error, or the file shrank under us
    bytes += got;
    offset += static_cast<std::uint64_t>(got);
    count -= static_cast<std::size_t>(got);
  }
  return true;
}

Layout read_layout(InputFile& file, const BundleLimits& limits, std::vector<BundleProblem>& problems) {
  Layout layout;
  auto refuse = [&](std::string rule, std::string message) {
    problems.push_back(problem(std::move(rule), "", std::move(message)));
    return Layout{};
  };

  // The end record: exactly the last 22 bytes. Any other end-record signature
  // whose comment reaches the end of the file means an archive comment (perhaps
  // hiding a second end record), which readers resolve differently.
  const std::uint64_t file_size = file.size();
  if (file_size < kEndRecordSize)
    return refuse("layout-not-zip", fmt::format("the file has {} bytes, too few for a zip", file_size));
  const std::size_t tail_size = static_cast<std::size_t>(std::min<std::uint64_t>(file_size, kEndRecordSize + kMax16));
  const std::uint64_t tail_start = file_size - tail_size;
  std::vector<std::uint8_t> tail(tail_size);
  if (!file.read_at(tail_start, tail.data(), tail_size))
    return refuse("bundle-unreadable", "cannot read the end of the file");
  const std::size_t last = tail_size - kEndRecordSize;
  bool other_end_record = false;
  for (std::size_t p = 0; p < last; ++p) {
    if (u32(&tail[p]) != kEndRecordSignature) continue;
    other_end_record = true;
    if (p + kEndRecordSize + u16(&tail[p + 20]) == tail_size)
      return refuse("layout-archive-comment",
                    fmt::format("the end record at offset {} has an archive comment running to the end of the "
                                "file (bundles have no archive comment)",
                                tail_start + p));
  }
  const std::uint8_t* end = &tail[last];
  if (u32(end) != kEndRecordSignature) {
    if (other_end_record)
      return refuse("layout-trailing-bytes",
                    "the file does not end with its end-of-central-directory record (bytes appended?)");
    return refuse("layout-not-zip", "no end-of-central-directory record in the last 22 bytes: not a zip file");
  }

  const std::uint64_t end_offset = file_size - kEndRecordSize;
  const std::uint16_t disk = u16(end + 4);
  const std::uint16_t directory_disk = u16(end + 6);
  const std::uint16_t disk_entries = u16(end + 8);
  const std::uint16_t entry_count = u16(end + 10);
  const std::uint32_t directory_size = u32(end + 12);
  const std::uint32_t directory_offset = u32(end + 16);
  const std::uint16_t comment_length = u16(end + 20);
  if (comment_length != 0)
    return refuse("layout-archive-comment",
                  fmt::format("the end record announces a {}-byte archive comment past the end of the file", comment_length));
  if (disk == kMax16 || directory_disk == kMax16 || disk_entries == kMax16 || entry_count == kMax16 ||
      directory_size == kMax32 || directory_offset == kMax32)
    return refuse("layout-zip64", "the end record has zip64 markers (0xFFFF / 0xFFFFFFFF)");
  if (disk != 0 || directory_disk != 0)
    return refuse("layout-multi-disk", "the archive spans several disks");
  if (disk_entries != entry_count)
    return refuse("layout-entry-count",
                  fmt::format("the end record counts {} entries on this disk but {} in total", disk_entries, entry_count));
  if (entry_count > limits.max_entries)
    return refuse("limit-entry-count",
                  fmt::format("{} entries, more than the limit of {}", entry_count, limits.max_entries));

  const std::uint64_t directory_end = std::uint64_t{directory_offset} + directory_size;
  if (directory_end != end_offset) {
    std::uint8_t locator[4];
    if (end_offset >= kZip64LocatorSize && file.read_at(end_offset - kZip64LocatorSize, locator, 4) &&
        u32(locator) == kZip64LocatorSignature)
      return refuse("layout-zip64", "a zip64 end-of-central-directory locator precedes the end record");
    if (directory_end < end_offset)
      return refuse("layout-gap",
                    fmt::format("{} bytes lie between the central directory (ending at {}) and the end record at {} "
                                "(bytes prepended or inserted?)",
                                end_offset - directory_end, directory_end, end_offset));
    return refuse("layout-central-directory",
                  fmt::format("the central directory (offset {}, {} bytes) runs past the end record at {}",
                              directory_offset, directory_size, end_offset));
  }

  // The central directory, one header after the other, with nothing left over.
  layout.central_directory_offset = directory_offset;
  layout.entries.reserve(entry_count);  // at most 65535: the count is 16 bits
  std::unordered_set<std::string> names, case_keys;
  std::uint64_t position = directory_offset;
  std::uint64_t expected_local_offset = 0;
  bool total_reported = false;
  const std::size_t problems_before = problems.size();
  for (std::size_t index = 0; index < entry_count; ++index) {
    std::uint8_t h[kCentralHeaderSize];
    if (directory_end - position < kCentralHeaderSize || !file.read_at(position, h, kCentralHeaderSize))
      return refuse("layout-central-directory",
                    fmt::format("the central directory ends inside header {} of {}", index + 1, entry_count));
    if (u32(h) == kZip64EndRecordSignature)
      return refuse("layout-zip64", fmt::format("a zip64 end record at offset {}", position));
    if (u32(h) != kCentralHeaderSignature)
      return refuse("layout-central-directory", fmt::format("no central header at offset {}", position));
    CentralEntry e;
    e.version_made_by = u16(h + 4);
    e.version_needed = u16(h + 6);
    e.flags = u16(h + 8);
    e.method = u16(h + 10);
    e.dos_time = u16(h + 12);
    e.dos_date = u16(h + 14);
    e.crc32 = u32(h + 16);
    e.compressed_size = u32(h + 20);
    e.size = u32(h + 24);
    const std::uint16_t name_length = u16(h + 28);
    const std::uint16_t extra_length = u16(h + 30);
    const std::uint16_t entry_comment_length = u16(h + 32);
    const std::uint16_t disk_start = u16(h + 34);
    e.external_attributes = u32(h + 38);
    e.local_header_offset = u32(h + 42);
    const std::uint64_t variable = std::uint64_t{name_length} + extra_length + entry_comment_length;
    if (directory_end - position - kCentralHeaderSize < variable)
      return refuse("layout-central-directory",
                    fmt::format("central header {} of {} runs past the central directory", index + 1, entry_count));
    e.name.resize(name_length);
    if (name_length && !file.read_at(position + kCentralHeaderSize, e.name.data(), name_length))
      return refuse("bundle-unreadable", "cannot read the central directory");
    position += kCentralHeaderSize + variable;

    if (auto bad = check_central_format(e, extra_length, entry_comment_length, disk_start)) problems.push_back(*bad);
    if (auto bad = check_entry_name(e.name)) problems.push_back(problem(bad->rule, e.name, bad->message));
    if (auto bad = check_file_type(e)) problems.push_back(*bad);
    if (auto bad = check_position(e, index, expected_local_offset)) problems.push_back(*bad);
    if (!names.insert(e.name).second)
      problems.push_back(problem("name-duplicate", e.name, "the name appears more than once"));
    else if (!case_keys.insert(entry_name_case_key(e.name)).second)
      problems.push_back(problem("name-case-collision", e.name,
                                 "another entry has the same name but for upper and lower case"));
    if (e.size > limits.max_entry_size)
      problems.push_back(problem("limit-entry-size", e.name,
                                 fmt::format("{} bytes, more than the limit of {}", e.size, limits.max_entry_size)));
    layout.total_size += e.size;
    if (layout.total_size > limits.max_total_size && !total_reported) {
      total_reported = true;
      problems.push_back(problem("limit-total-size", "",
                                 fmt::format("the entries hold more than the limit of {} bytes", limits.max_total_size)));
    }
    expected_local_offset = e.data_end();
    layout.entries.push_back(std::move(e));
  }
  if (position != directory_end)
    return refuse("layout-central-directory",
                  fmt::format("{} bytes follow the last central header", directory_end - position));
  if (expected_local_offset != directory_offset && problems.size() == problems_before) {
    if (expected_local_offset < directory_offset)
      return refuse("layout-gap", fmt::format("{} unaccounted bytes between the last entry and the central directory",
                                              directory_offset - expected_local_offset));
    return refuse("layout-overlap", "the last entry's data overlaps the central directory");
  }
  if (problems.size() != problems_before) return Layout{};
  return layout;
}

namespace {

struct InflateStream {
  z_stream stream{};
  bool ready = false;
  InflateStream() { ready = inflateInit2(&stream, -MAX_WBITS) == Z_OK; }  // raw deflate
  ~InflateStream() {
    if (ready) inflateEnd(&stream);
  }
  InflateStream(const InflateStream&) = delete;
  InflateStream& operator=(const InflateStream&) = delete;
};


// libdeflate's decompressor, one per thread (it holds ~32 KB of tables and is
// not shared between threads).
libdeflate_decompressor* thread_decompressor() {
  struct Owner {
    libdeflate_decompressor* d = libdeflate_alloc_decompressor();
    ~Owner() {
      if (d) libdeflate_free_decompressor(d);
    }
  };
  thread_local Owner owner;
  return owner.d;
}

// Buffers of at least `size` bytes, kept per thread and not zeroed: checking a
// bundle reads thousands of entries, and a fresh zeroed buffer for each costs
// more than the CRC-32 of a small one.
struct ThreadBuffers {
  std::unique_ptr<std::uint8_t[]> input, output;
  std::size_t input_size = 0, output_size = 0;
};
std::uint8_t* thread_buffer(bool input, std::size_t size) {
  thread_local ThreadBuffers buffers;
  auto& data = input ? buffers.input : buffers.output;
  auto& have = input ? buffers.input_size : buffers.output_size;
  if (have < size) {
    data.reset();  // the old one first: never both at once
    have = 0;
    data.reset(new std::uint8_t[size]);  // deliberately uninitialised
    have = size;
  }
  return data.get();
}

}  // namespace

std::optional<BundleProblem> check_local_header(const InputFile& file, const CentralEntry& e, HeaderFields fields) {
  std::uint8_t h[kLocalHeaderSize];
  if (!file.read_at(e.local_header_offset, h, kLocalHeaderSize))
    return problem("bundle-unreadable", e.name, "cannot read the local header");
  if (u32(h) != kLocalHeaderSignature)
    return problem("layout-local-header", e.name, fmt::format("no local header at offset {}", e.local_header_offset));
  auto differs = [&](const char* field, std::uint64_t local, std::uint64_t central) {
    return problem("layout-local-header", e.name,
                   fmt::format("the local header's {} ({}) differs from the central header's ({})", field, local, central));
  };
  if (fields == HeaderFields::all) {
    if (u16(h + 4) != e.version_needed) return differs("version needed", u16(h + 4), e.version_needed);
    if (u16(h + 6) != e.flags) return differs("flags", u16(h + 6), e.flags);
  }
  if (u16(h + 8) != e.method) return differs("method", u16(h + 8), e.method);
  if (fields == HeaderFields::all) {
    if (u16(h + 10) != e.dos_time) return differs("time", u16(h + 10), e.dos_time);
    if (u16(h + 12) != e.dos_date) return differs("date", u16(h + 12), e.dos_date);
  }
  if (u32(h + 14) != e.crc32) return differs("CRC-32", u32(h + 14), e.crc32);
  if (u32(h + 18) != e.compressed_size) return differs("compressed size", u32(h + 18), e.compressed_size);
  if (u32(h + 22) != e.size) return differs("size", u32(h + 22), e.size);
  if (u16(h + 26) != e.name.size()) return differs("name length", u16(h + 26), e.name.size());
  if (u16(h + 28) != 0)
    return problem("layout-extra-field", e.name,
                   fmt::format("the local header has {} bytes of extra fields", u16(h + 28)));
  std::string local_name(e.name.size(), '\0');
  if (!local_name.empty() && !file.read_at(e.local_header_offset + kLocalHeaderSize, local_name.data(), local_name.size()))
    return problem("bundle-unreadable", e.name, "cannot read the local header");
  if (local_name != e.name)
    return problem("layout-local-header", e.name, "the local header's name differs from the central header's");
  return std::nullopt;
}

std::optional<BundleProblem> read_entry_data(const InputFile& file, const CentralEntry& e, const DataSink& sink,
                                             HeaderFields fields) {
  if (auto bad = check_local_header(file, e, fields)) return bad;

  std::uint64_t produced_total = 0;
  std::uint32_t crc = 0;  // libdeflate's CRC-32 (PCLMUL where the CPU has it), the same value as zlib's
  auto deliver = [&](const std::uint8_t* bytes, std::size_t count) -> bool {
    if (count > e.size - produced_total) return false;
    produced_total += count;
    crc = libdeflate_crc32(crc, bytes, count);
    sink(std::string_view(reinterpret_cast<const char*>(bytes), count));
    return true;
  };
  auto overflow = [&] {
    return problem("entry-size-mismatch", e.name,
                   fmt::format("the data inflates past its declared size of {} bytes", e.size));
  };
  auto unreadable = [&] { return problem("bundle-unreadable", e.name, "cannot read the entry's data"); };
  auto ends_early = [&] { return problem("entry-corrupt", e.name, "the deflate stream ends before the entry's data does"); };
  std::uint64_t input_offset = e.data_offset();
  std::uint64_t input_left = e.compressed_size;

  if (e.method == kMethodStored) {
    std::uint8_t* input = thread_buffer(true, kChunkSize);
    while (input_left > 0) {
      const std::size_t count = static_cast<std::size_t>(std::min<std::uint64_t>(input_left, kChunkSize));
      if (!file.read_at(input_offset, input, count)) return unreadable();
      input_offset += count;
      input_left -= count;
      if (!deliver(input, count)) return overflow();
    }
  } else if (e.size <= kWholeInflateLimit && e.compressed_size <= kWholeInflateLimit) {
    // Small enough to hold whole: one call to libdeflate, which is faster than
    // zlib's streaming inflate. The output buffer is the declared size, so data
    // that inflates past it stops there.
    std::uint8_t* input = thread_buffer(true, std::max<std::size_t>(e.compressed_size, kChunkSize));
    std::uint8_t* output = thread_buffer(false, std::max<std::size_t>(e.size, kChunkSize));
    if (!file.read_at(input_offset, input, e.compressed_size)) return unreadable();
    libdeflate_decompressor* decompressor = thread_decompressor();
    if (!decompressor) return problem("bundle-unreadable", e.name, "cannot start libdeflate's decompressor");
    std::size_t used = 0;
    std::size_t made = 0;
    switch (libdeflate_deflate_decompress_ex(decompressor, input, e.compressed_size, output, e.size, &used, &made)) {
      case LIBDEFLATE_SUCCESS:
        break;
      case LIBDEFLATE_INSUFFICIENT_SPACE:
        return overflow();
      default:
        return problem("entry-corrupt", e.name, "the deflate data is corrupt");
    }
    if (used != e.compressed_size) return ends_early();
    for (std::size_t at = 0; at < made; at += kChunkSize)
      if (!deliver(output + at, std::min(kChunkSize, made - at))) return overflow();
  } else {
    // Larger entries stream through zlib, so memory stays bounded whatever size
    // a hostile file declares.
    InflateStream inflater;
    if (!inflater.ready) return problem("bundle-unreadable", e.name, "cannot start zlib's inflate");
    z_stream& z = inflater.stream;
    std::vector<std::uint8_t> input(kChunkSize);
    std::vector<std::uint8_t> output(kChunkSize);
    for (;;) {
      if (z.avail_in == 0 && input_left > 0) {
        const std::size_t count = static_cast<std::size_t>(std::min<std::uint64_t>(input_left, kChunkSize));
        if (!file.read_at(input_offset, input.data(), count)) return unreadable();
        input_offset += count;
        input_left -= count;
        z.next_in = input.data();
        z.avail_in = static_cast<uInt>(count);
      }
      const uInt available_in = z.avail_in;
      z.next_out = output.data();
      z.avail_out = static_cast<uInt>(output.size());
      const int rc = inflate(&z, Z_NO_FLUSH);
      const std::size_t produced = output.size() - z.avail_out;
      if (produced && !deliver(output.data(), produced)) return overflow();
      if (rc == Z_STREAM_END) {
        if (z.avail_in != 0 || input_left != 0) return ends_early();
        break;
      }
      if (rc != Z_OK && rc != Z_BUF_ERROR)
        return problem("entry-corrupt", e.name,
                       fmt::format("the deflate data is corrupt ({})", z.msg ? z.msg : "zlib error"));
      const bool progress = produced != 0 || z.avail_in != available_in;
      if (!progress && z.avail_in == 0 && input_left == 0)
        return problem("entry-corrupt", e.name, "the deflate stream is truncated");
      if (!progress && z.avail_in != 0)
        return problem("entry-corrupt", e.name, "the deflate data is corrupt (no progress)");
    }
  }
  if (produced_total != e.size)
    return problem("entry-size-mismatch", e.name,
                   fmt::format("the data has {} bytes, not the declared {}", produced_total, e.size));
  if (crc != e.crc32)
    return problem("entry-crc-mismatch", e.name,
                   fmt::format("CRC-32 {:08x} does not match the declared {:08x}", crc, e.crc32));
  return std::nullopt;
}

}  // namespace hocso::zip
