#include "bundle_writer.h"

#include <fcntl.h>
#include <unistd.h>
#include <fmt/format.h>
#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <limits>
#include <vector>

#include "entry_names.h"
#include "fatal.h"
#include "hashing.h"
#include "zip_layout.h"

namespace hocso {
namespace {

constexpr std::int64_t kEarliestDosTime = 315532800;  // 1980-01-01T00:00:00Z
constexpr std::int64_t kLatestDosTime = 4354819198;   // 2107-12-31T23:59:58Z
constexpr std::uint32_t kRegularFile0644 = 0100644;
constexpr int kDeflateLevel = 9;
// Sizes at or past 4 GiB would need zip64, which bundles never use.
constexpr std::uint64_t kMaxEntrySize = 0xFFFFFFFEu;

struct DosTime {
  std::uint16_t time = 0;
  std::uint16_t date = 0;
};

// The DOS date and time of `epoch` read as UTC (never local time: the bytes must
// not depend on TZ), clamped to the range DOS times can hold.
DosTime dos_time_utc(std::int64_t epoch) {
  const std::time_t clamped = static_cast<std::time_t>(std::clamp(epoch, kEarliestDosTime, kLatestDosTime));
  std::tm utc{};
  gmtime_r(&clamped, &utc);
  DosTime dos;
  dos.time = static_cast<std::uint16_t>((utc.tm_hour << 11) | (utc.tm_min << 5) | (utc.tm_sec / 2));
  dos.date = static_cast<std::uint16_t>(((utc.tm_year + 1900 - 1980) << 9) | ((utc.tm_mon + 1) << 5) | utc.tm_mday);
  return dos;
}

void check_name(const std::string& name) {
  if (auto bad = check_entry_name(name))
    throw FatalError(fmt::format("bundle entry name \"{}\": {} [{}]", name, bad->message, bad->rule));
  for (const char c : name)
    if (static_cast<unsigned char>(c) >= 0x80)
      throw FatalError(fmt::format("bundle entry name \"{}\" is not ASCII", name));
}

// libzip keeps an error per archive; this turns it into a FatalError.
[[noreturn]] void fail(zip_t* archive, const std::string& what) {
  const std::string reason = zip_strerror(archive);
  zip_discard(archive);
  throw FatalError(what + ": " + reason);
}

// libzip 1.7.3 stores a set DOS time as a local time_t and turns it back with
// localtime(): in a TZ whose DST gap contains the wanted time the bytes would
// shift by an hour. Rewrite any header whose time differs, in place.
void fix_dos_times(const std::filesystem::path& output, const zip::Layout& layout, DosTime want) {
  const bool all_right = std::all_of(layout.entries.begin(), layout.entries.end(), [&](const auto& entry) {
    return entry.dos_time == want.time && entry.dos_date == want.date;
  });
  if (all_right) return;
  std::fstream file(output, std::ios::in | std::ios::out | std::ios::binary);
  if (!file) throw FatalError("cannot reopen " + output.string());
  const char bytes[4] = {static_cast<char>(want.time & 0xFF), static_cast<char>(want.time >> 8),
                         static_cast<char>(want.date & 0xFF), static_cast<char>(want.date >> 8)};
  std::uint64_t central = layout.central_directory_offset;
  for (const auto& entry : layout.entries) {
    if (entry.dos_time != want.time || entry.dos_date != want.date) {
      file.seekp(static_cast<std::streamoff>(entry.local_header_offset + 10));
      file.write(bytes, 4);
      file.seekp(static_cast<std::streamoff>(central + 12));
      file.write(bytes, 4);
    }
    central += zip::kCentralHeaderSize + entry.name.size();
  }
  file.flush();
  if (!file) throw FatalError("cannot write " + output.string());
}

// Checks the written file against the reader's layout rules (a guard against a
// libzip that adds zip64 extras, data descriptors or comments) and returns it.
zip::Layout check_written_layout(const std::filesystem::path& output) {
  zip::InputFile file(output);
  if (!file.is_open()) throw FatalError("cannot read back " + output.string());
  BundleLimits unlimited;
  unlimited.max_entries = unlimited.max_entry_size = unlimited.max_total_size = unlimited.max_manifest_size =
      std::numeric_limits<std::uint64_t>::max();
  std::vector<BundleProblem> problems;
  zip::Layout layout = zip::read_layout(file, unlimited, problems);
  if (!problems.empty())
    throw FatalError(fmt::format("{}: libzip wrote a non-canonical zip: {} [{}]", output.string(),
                                 problems.front().message, problems.front().rule));
  return layout;
}

// A slice of a file as a libzip source, read in big chunks (libzip asks for 8 KiB
// at a time; one read each was most of what writing a bundle cost in system
// calls). When `deflated` is set the slice is a raw deflate stream, and its stat
// says so: libzip then copies it as it is, with that size and CRC.
struct FileSlice {
  std::string path;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  std::optional<std::pair<std::uint64_t, std::uint32_t>> deflated;  // (text size, CRC-32)
  int fd = -1;
  std::uint64_t served = 0;
  std::vector<char> buffer;
  std::size_t buffer_at = 0;
  zip_error_t error{};
};

constexpr std::size_t kSliceChunk = 1024 * 1024;

zip_int64_t read_slice(FileSlice& s, char* data, zip_uint64_t wanted) {
  if (s.buffer_at == s.buffer.size()) {
    const std::uint64_t left = s.length - s.served;
    if (left == 0) return 0;
    s.buffer.resize(static_cast<std::size_t>(std::min<std::uint64_t>(left, kSliceChunk)));
    std::size_t filled = 0;
    while (filled < s.buffer.size()) {
      const ssize_t n = ::pread(s.fd, s.buffer.data() + filled, s.buffer.size() - filled,
                                static_cast<off_t>(s.offset + s.served + filled));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {  // an error, or the file shrank since it was added
        zip_error_set(&s.error, ZIP_ER_READ, n < 0 ? errno : EIO);
        return -1;
      }
      filled += static_cast<std::size_t>(n);
    }
    s.buffer_at = 0;
    s.served += filled;
  }
  const std::size_t n = static_cast<std::size_t>(std::min<zip_uint64_t>(wanted, s.buffer.size() - s.buffer_at));
  std::copy_n(s.buffer.data() + s.buffer_at, n, data);
  s.buffer_at += n;
  return static_cast<zip_int64_t>(n);
}

zip_int64_t file_slice_callback(void* state, void* data, zip_uint64_t length, zip_source_cmd_t command) {
  auto& s = *static_cast<FileSlice*>(state);
  switch (command) {
    case ZIP_SOURCE_OPEN:
      s.fd = ::open(s.path.c_str(), O_RDONLY | O_CLOEXEC);
      if (s.fd < 0) {
        zip_error_set(&s.error, ZIP_ER_OPEN, errno);
        return -1;
      }
      s.served = 0;
      s.buffer.clear();
      s.buffer_at = 0;
      return 0;
    case ZIP_SOURCE_READ:
      return read_slice(s, static_cast<char*>(data), length);
    case ZIP_SOURCE_CLOSE:
      if (s.fd >= 0) ::close(s.fd);
      s.fd = -1;
      std::vector<char>().swap(s.buffer);
      s.buffer_at = 0;
      return 0;
    case ZIP_SOURCE_STAT: {
      if (length < sizeof(zip_stat_t)) {
        zip_error_set(&s.error, ZIP_ER_INVAL, 0);
        return -1;
      }
      auto* st = static_cast<zip_stat_t*>(data);
      zip_stat_init(st);
      st->valid = ZIP_STAT_SIZE;
      st->size = s.length;
      if (s.deflated) {
        st->size = s.deflated->first;
        st->comp_size = s.length;
        st->comp_method = ZIP_CM_DEFLATE;
        st->crc = s.deflated->second;
        st->valid |= ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC;
      }
      return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR:
      return zip_error_to_data(&s.error, data, length);
    case ZIP_SOURCE_FREE:
      if (s.fd >= 0) ::close(s.fd);
      zip_error_fini(&s.error);
      delete &s;
      return 0;
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                            ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default:
      zip_error_set(&s.error, ZIP_ER_OPNOTSUPP, 0);
      return -1;
  }
}

zip_source_t* file_slice_source(zip_t* archive, const std::filesystem::path& file, std::uint64_t offset,
                                std::uint64_t length, std::optional<std::pair<std::uint64_t, std::uint32_t>> deflated) {
  auto* slice = new FileSlice;
  slice->path = file.string();
  slice->offset = offset;
  slice->length = length;
  slice->deflated = deflated;
  zip_error_init(&slice->error);
  zip_source_t* source = zip_source_function(archive, file_slice_callback, slice);
  if (!source) {
    zip_error_fini(&slice->error);
    delete slice;
  }
  return source;
}

// The archive's own file as a libzip source that libzip writes through a 1 MiB
// buffer: its stock file source writes through a 4 KiB stdio buffer, and those
// system calls were a tenth of a rebuild. It only creates (the file is said not
// to exist, so libzip starts an empty archive); commit leaves the file at `path`.
struct OutputFile {
  std::string path;
  int fd = -1;
  std::uint64_t buffer_start = 0;  // file offset of buffer[0]
  std::uint64_t end = 0;           // the file's size so far
  std::vector<char> buffer;
  zip_error_t error{};

  bool flush() {
    std::size_t done = 0;
    while (done < buffer.size()) {
      const ssize_t n = ::pwrite(fd, buffer.data() + done, buffer.size() - done,
                                 static_cast<off_t>(buffer_start + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        zip_error_set(&error, ZIP_ER_WRITE, n < 0 ? errno : EIO);
        return false;
      }
      done += static_cast<std::size_t>(n);
    }
    buffer_start += buffer.size();
    end = std::max(end, buffer_start);
    buffer.clear();
    return true;
  }
  void close_and_remove() {
    if (fd >= 0) ::close(fd);
    fd = -1;
    ::unlink(path.c_str());
  }
};

constexpr std::size_t kOutputBuffer = 1024 * 1024;

zip_int64_t output_callback(void* state, void* data, zip_uint64_t length, zip_source_cmd_t command) {
  auto& o = *static_cast<OutputFile*>(state);
  switch (command) {
    case ZIP_SOURCE_STAT:  // "no such file" (as libzip spells it): it starts a new, empty archive
    case ZIP_SOURCE_OPEN:  // (and so never reads it; libzip wants a readable source all the same)
      zip_error_set(&o.error, ZIP_ER_READ, ENOENT);
      return -1;
    case ZIP_SOURCE_READ:
    case ZIP_SOURCE_SEEK:
      zip_error_set(&o.error, ZIP_ER_OPNOTSUPP, 0);
      return -1;
    case ZIP_SOURCE_TELL:
    case ZIP_SOURCE_CLOSE:
      return 0;
    case ZIP_SOURCE_BEGIN_WRITE:
      o.fd = ::open(o.path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (o.fd < 0) {
        zip_error_set(&o.error, ZIP_ER_OPEN, errno);
        return -1;
      }
      o.buffer_start = o.end = 0;
      o.buffer.clear();
      o.buffer.reserve(kOutputBuffer);
      return 0;
    case ZIP_SOURCE_WRITE: {
      const char* bytes = static_cast<const char*>(data);
      o.buffer.insert(o.buffer.end(), bytes, bytes + length);
      if (o.buffer.size() >= kOutputBuffer && !o.flush()) return -1;
      return static_cast<zip_int64_t>(length);
    }
    case ZIP_SOURCE_TELL_WRITE:
      return static_cast<zip_int64_t>(o.buffer_start + o.buffer.size());
    case ZIP_SOURCE_SEEK_WRITE: {
      auto* args = ZIP_SOURCE_GET_ARGS(zip_source_args_seek_t, data, length, &o.error);
      if (!args || !o.flush()) return -1;
      const std::int64_t base = args->whence == SEEK_SET   ? 0
                                : args->whence == SEEK_CUR ? static_cast<std::int64_t>(o.buffer_start)
                                                           : static_cast<std::int64_t>(o.end);
      if (base + args->offset < 0) {
        zip_error_set(&o.error, ZIP_ER_SEEK, EINVAL);
        return -1;
      }
      o.buffer_start = static_cast<std::uint64_t>(base + args->offset);
      return 0;
    }
    case ZIP_SOURCE_COMMIT_WRITE:
      if (!o.flush()) return -1;
      if (::close(o.fd) != 0) {
        o.fd = -1;
        zip_error_set(&o.error, ZIP_ER_WRITE, errno);
        return -1;
      }
      o.fd = -1;
      std::vector<char>().swap(o.buffer);
      return 0;
    case ZIP_SOURCE_ROLLBACK_WRITE:
    case ZIP_SOURCE_REMOVE:
      o.close_and_remove();
      return 0;
    case ZIP_SOURCE_ERROR:
      return zip_error_to_data(&o.error, data, length);
    case ZIP_SOURCE_FREE:
      if (o.fd >= 0) o.close_and_remove();  // never committed
      zip_error_fini(&o.error);
      delete &o;
      return 0;
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_SEEK,
                                            ZIP_SOURCE_TELL, ZIP_SOURCE_STAT, ZIP_SOURCE_BEGIN_WRITE, ZIP_SOURCE_WRITE,
                                            ZIP_SOURCE_TELL_WRITE, ZIP_SOURCE_SEEK_WRITE, ZIP_SOURCE_COMMIT_WRITE,
                                            ZIP_SOURCE_ROLLBACK_WRITE, ZIP_SOURCE_REMOVE, ZIP_SOURCE_ERROR,
                                            ZIP_SOURCE_FREE, ZIP_SOURCE_SUPPORTS, -1);
    default:
      zip_error_set(&o.error, ZIP_ER_OPNOTSUPP, 0);
      return -1;
  }
}

// A new archive that libzip writes to `path` through OutputFile; nullptr with `error` set.
zip_t* create_archive(const std::filesystem::path& path, zip_error_t& error) {
  auto* output = new OutputFile;
  output->path = path.string();
  zip_error_init(&output->error);
  zip_source_t* source = zip_source_function_create(output_callback, output, &error);
  if (!source) {
    zip_error_fini(&output->error);
    delete output;
    return nullptr;
  }
  zip_t* archive = zip_open_from_source(source, ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (!archive) zip_source_free(source);  // frees `output`
  return archive;
}

}  // namespace

DeflatedText deflate_text(std::string_view text) {
  DeflatedText out;
  out.size = text.size();
  out.crc32 = static_cast<std::uint32_t>(
      crc32_z(crc32_z(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(text.data()), text.size()));
  out.sha256 = to_hex(sha256(text));
  z_stream z{};
  // Raw deflate (no zlib header), as zip stores it.
  if (deflateInit2(&z, kDeflateLevel, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw FatalError("zlib cannot start compressing");
  out.compressed.resize(deflateBound(&z, static_cast<uLong>(text.size())));
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.compressed.data());
  z.avail_out = static_cast<uInt>(out.compressed.size());
  const int result = deflate(&z, Z_FINISH);
  out.compressed.resize(z.total_out);
  deflateEnd(&z);
  if (result != Z_STREAM_END) throw FatalError("zlib could not compress an entry");
  return out;
}

BundleWriter::BundleWriter(std::filesystem::path output, std::filesystem::path staging,
                           std::int64_t source_date_epoch)
    : output_(std::move(output)), staging_(std::move(staging)), source_date_epoch_(source_date_epoch) {
  std::error_code error;
  std::filesystem::create_directories(staging_, error);
  if (error) throw FatalError("cannot create the staging folder " + staging_.string() + ": " + error.message());
}

BundleWriter::~BundleWriter() = default;

void BundleWriter::spool(const std::string& name, std::string_view bytes, Pending pending) {
  if (!spool_.is_open()) {
    spool_path_ = staging_ / "entries.spool";
    spool_.open(spool_path_, std::ios::binary | std::ios::trunc);
  }
  spool_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  spool_.flush();  // on disk, not in memory, until finish()
  if (!spool_) throw FatalError("cannot write " + spool_path_.string());
  pending.file = spool_path_;
  pending.offset = spool_size_;
  pending.length = bytes.size();
  entries_[name] = std::move(pending);
  spool_size_ += bytes.size();
}

WrittenEntry BundleWriter::add(const std::string& name, std::string_view bytes, Compression compression) {
  if (compression == Compression::deflate) return add_deflated(name, deflate_text(bytes));
  if (finished_) throw FatalError("bundle entry \"" + name + "\" added after finish()");
  check_name(name);
  if (entries_.count(name)) throw FatalError("bundle entry \"" + name + "\" added twice");
  if (bytes.size() > kMaxEntrySize) throw FatalError("bundle entry \"" + name + "\" is 4 GiB or larger");
  spool(name, bytes, Pending{{}, compression, 0, std::nullopt, std::nullopt});
  return {name, bytes.size(), to_hex(sha256(bytes))};
}

WrittenEntry BundleWriter::add_deflated(const std::string& name, const DeflatedText& text) {
  if (finished_) throw FatalError("bundle entry \"" + name + "\" added after finish()");
  check_name(name);
  if (entries_.count(name)) throw FatalError("bundle entry \"" + name + "\" added twice");
  if (text.size > kMaxEntrySize || text.compressed.size() > kMaxEntrySize)
    throw FatalError("bundle entry \"" + name + "\" is 4 GiB or larger");
  Pending pending{{}, Compression::deflate, 0, std::nullopt, Deflated{text.size, text.crc32}};
  spool(name, text.compressed, std::move(pending));
  return {name, text.size, text.sha256};
}

WrittenEntry BundleWriter::add_file(const std::string& name, const std::filesystem::path& file,
                                    Compression compression) {
  if (finished_) throw FatalError("bundle entry \"" + name + "\" added after finish()");
  check_name(name);
  if (entries_.count(name)) throw FatalError("bundle entry \"" + name + "\" added twice");
  // Hashed here and read again by libzip in finish(): a source that changes in
  // between makes the bundle fail the reader's check the builder runs before
  // moving it into place, so it is never shipped. Not copying keeps the build
  // to one write of the media bytes.
  std::ifstream in(file, std::ios::binary);
  if (!in) throw FatalError("cannot read " + file.string());
  Sha256 hash;
  std::uint64_t size = 0;
  std::vector<char> buffer(zip::kChunkSize);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto count = static_cast<std::size_t>(in.gcount());
    hash.update(buffer.data(), count);
    size += count;
  }
  if (in.bad()) throw FatalError("cannot read " + file.string());
  if (size > kMaxEntrySize) throw FatalError("bundle entry \"" + name + "\" is 4 GiB or larger");
  entries_[name] = {file, compression, 0, std::nullopt, std::nullopt};
  return {name, size, to_hex(hash.finish())};
}

void BundleWriter::add_hashed_file(const WrittenEntry& entry, const std::filesystem::path& file,
                                   Compression compression, std::uint64_t offset) {
  if (finished_) throw FatalError("bundle entry \"" + entry.name + "\" added after finish()");
  check_name(entry.name);
  if (entries_.count(entry.name)) throw FatalError("bundle entry \"" + entry.name + "\" added twice");
  if (entry.size > kMaxEntrySize) throw FatalError("bundle entry \"" + entry.name + "\" is 4 GiB or larger");
  entries_[entry.name] = {file, compression, offset, entry.size, std::nullopt};
}

void BundleWriter::finish() {
  if (finished_) throw FatalError("BundleWriter::finish() called twice");
  finished_ = true;
  // libzip writes no file at all for an empty archive; a bundle always has a manifest.
  if (entries_.empty()) throw FatalError("a bundle needs at least one entry: " + output_.string());
  zip_error_t reason;
  zip_error_init(&reason);
  zip_t* archive = create_archive(output_, reason);
  if (!archive) {
    const std::string message = zip_error_strerror(&reason);
    zip_error_fini(&reason);
    throw FatalError("cannot create " + output_.string() + ": " + message);
  }
  zip_error_fini(&reason);
  if (spool_.is_open()) {
    spool_.close();
    if (!spool_) {
      zip_discard(archive);
      throw FatalError("cannot write " + spool_path_.string());
    }
  }
  const DosTime time = dos_time_utc(source_date_epoch_);
  for (const auto& [name, pending] : entries_) {
    std::uint64_t size = 0;
    if (pending.length) {
      size = *pending.length;
    } else {
      std::error_code size_error;
      size = std::filesystem::file_size(pending.file, size_error);
      if (size_error) {
        zip_discard(archive);
        throw FatalError("cannot read " + pending.file.string() + ": " + size_error.message());
      }
    }
    // An explicit length: libzip knows the size up front and writes no zip64 extra.
    // (libzip reads a length of 0 as "to the end of the file": an empty entry is an empty buffer.)
    const bool libzip_deflates = pending.compression == Compression::deflate && !pending.deflated;
    zip_source_t* source = nullptr;
    if (size == 0 && !pending.deflated) source = zip_source_buffer(archive, nullptr, 0, 0);
    else if (libzip_deflates)
      source = zip_source_file(archive, pending.file.c_str(), pending.offset, static_cast<zip_int64_t>(size));
    else
      source = file_slice_source(archive, pending.file, pending.offset, size,
                                 pending.deflated ? std::optional(std::make_pair(pending.deflated->size,
                                                                                 pending.deflated->crc32))
                                                  : std::nullopt);
    if (!source) fail(archive, "cannot read " + pending.file.string());
    const zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(source);
      fail(archive, "cannot add " + name);
    }
    const auto i = static_cast<zip_uint64_t>(index);
    // A deflated stream keeps libzip's default method, which takes the source's (deflate, as it is).
    const bool set_method = !pending.deflated;
    if ((set_method && zip_set_file_compression(archive, i, libzip_deflates ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
                                                libzip_deflates ? kDeflateLevel : 0) != 0) ||
        zip_file_set_dostime(archive, i, time.time, time.date, 0) != 0 ||
        zip_file_set_external_attributes(archive, i, 0, ZIP_OPSYS_UNIX, kRegularFile0644 << 16) != 0 ||
        zip_file_extra_field_delete(archive, i, ZIP_EXTRA_FIELD_ALL, ZIP_FL_CENTRAL | ZIP_FL_LOCAL) != 0)
      fail(archive, "cannot set up " + name);
  }
  if (zip_close(archive) != 0) fail(archive, "cannot write " + output_.string());

  try {
    const zip::Layout layout = check_written_layout(output_);
    fix_dos_times(output_, layout, time);
  } catch (const FatalError&) {
    std::error_code ignored;
    std::filesystem::remove(output_, ignored);  // no partial or non-canonical bundle is left behind
    throw;
  }
}

std::int64_t source_date_epoch_from_environment() {
  const char* value = std::getenv("SOURCE_DATE_EPOCH");
  if (!value || !*value) return kEarliestDosTime;
  for (const char* c = value; *c; ++c)
    if (*c < '0' || *c > '9') return kEarliestDosTime;
  errno = 0;
  char* end = nullptr;
  const long long epoch = std::strtoll(value, &end, 10);
  if (errno == ERANGE) return kEarliestDosTime;
  return epoch;
}

}  // namespace hocso
