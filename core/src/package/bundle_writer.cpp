#include "bundle_writer.h"

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

#include "display_text.h"
#include "entry_names.h"
#include "fatal.h"
#include "write_error.h"
#include "hashing.h"
#include "zip_sources.h"
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
    throw FatalError(fmt::format("bundle entry name \"{}\": {} [{}]", display_text(name), bad->message, bad->rule));
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
  std::vector<BundleProblem> problems;
  auto layout = read_written_layout(output, problems);
  if (!layout && problems.empty()) throw FatalError("cannot read back " + output.string());
  if (!layout)
    throw FatalError(fmt::format("{}: libzip wrote a non-canonical zip: {} [{}]", output.string(),
                                 problems.front().message, problems.front().rule));
  return std::move(*layout);
}

}  // namespace

std::optional<zip::Layout> read_written_layout(const std::filesystem::path& file, std::vector<BundleProblem>& problems) {
  zip::InputFile input(file);
  if (!input.is_open()) return std::nullopt;
  BundleLimits unlimited;
  unlimited.max_entries = unlimited.max_entry_size = unlimited.max_total_size = unlimited.max_manifest_size =
      std::numeric_limits<std::uint64_t>::max();
  zip::Layout layout = zip::read_layout(input, unlimited, problems);
  if (!problems.empty()) return std::nullopt;
  return layout;
}

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

void BundleWriter::add_pending(const std::string& name, const std::filesystem::path& file, Pending pending,
                               const WrittenEntry& entry) {
  auto [known, added] = file_numbers_.try_emplace(file.native(), static_cast<std::uint32_t>(files_.size()));
  if (added) files_.push_back(file.native());
  pending.file = known->second;
  pending.size = entry.size;
  if (entry.sha256.size() != pending.sha256.size()) throw FatalError("internal error: a bad SHA-256 for " + name);
  std::copy(entry.sha256.begin(), entry.sha256.end(), pending.sha256.begin());
  entries_[name] = pending;
}

void BundleWriter::spool(const std::string& name, std::string_view bytes, Pending pending,
                         const WrittenEntry& written) {
  if (!spool_.is_open()) {
    spool_path_ = staging_ / "entries.spool";
    spool_.open(spool_path_, std::ios::binary | std::ios::trunc);
  }
  spool_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  spool_.flush();  // on disk, not in memory, until finish()
  if (!spool_) throw FatalError(write_error(spool_path_, errno));
  pending.offset = spool_size_;
  pending.length = bytes.size();
  spool_size_ += bytes.size();
  add_pending(name, spool_path_, pending, written);
}

void BundleWriter::check_new_entry(const std::string& name) const {
  if (finished_) throw FatalError("bundle entry \"" + name + "\" added after finish()");
  check_name(name);
  if (entries_.count(name)) throw FatalError("bundle entry \"" + name + "\" added twice");
}

void BundleWriter::check_size(const std::string& name, std::uint64_t size) {
  if (size > kMaxEntrySize) throw FatalError("bundle entry \"" + name + "\" is 4 GiB or larger");
}

WrittenEntry BundleWriter::add(const std::string& name, std::string_view bytes, Compression compression) {
  if (compression == Compression::deflate) return add_deflated(name, deflate_text(bytes));
  check_new_entry(name);
  check_size(name, bytes.size());
  WrittenEntry written{name, bytes.size(), to_hex(sha256(bytes))};
  spool(name, bytes, Pending{0, compression}, written);
  return written;
}

WrittenEntry BundleWriter::add_deflated(const std::string& name, const DeflatedText& text) {
  check_new_entry(name);
  check_size(name, std::max<std::uint64_t>(text.size, text.compressed.size()));
  WrittenEntry written{name, text.size, text.sha256};
  Pending pending{0, Compression::deflate, 0, std::nullopt, Deflated{text.size, text.crc32}};
  spool(name, text.compressed, pending, written);
  return written;
}

WrittenEntry BundleWriter::add_file(const std::string& name, const std::filesystem::path& file,
                                    Compression compression) {
  check_new_entry(name);
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
  check_size(name, size);
  WrittenEntry written{name, size, to_hex(hash.finish())};
  add_pending(name, file, Pending{0, compression}, written);
  return written;
}

void BundleWriter::add_hashed_file(const WrittenEntry& entry, const std::filesystem::path& file,
                                   Compression compression, std::uint64_t offset) {
  check_new_entry(entry.name);
  check_size(entry.name, entry.size);
  add_pending(entry.name, file, Pending{0, compression, offset, entry.size, std::nullopt}, entry);
}

void BundleWriter::add_stored_slice(const WrittenEntry& entry, const std::filesystem::path& file, std::uint64_t offset,
                                    std::uint64_t stored_size, Compression compression, std::uint32_t crc32) {
  check_new_entry(entry.name);
  check_size(entry.name, std::max(entry.size, stored_size));
  Pending pending{0, compression, offset, stored_size, std::nullopt};
  if (compression == Compression::deflate) pending.deflated = Deflated{entry.size, crc32};
  add_pending(entry.name, file, pending, entry);
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
      const int saved = errno;
      zip_discard(archive);
      throw FatalError(write_error(spool_path_, saved));
    }
  }
  const DosTime time = dos_time_utc(source_date_epoch_);
  for (const auto& [name, pending] : entries_) {
    const std::filesystem::path file = files_[pending.file];
    std::uint64_t size = 0;
    if (pending.length) {
      size = *pending.length;
    } else {
      std::error_code size_error;
      size = std::filesystem::file_size(file, size_error);
      if (size_error) {
        zip_discard(archive);
        throw FatalError("cannot read " + file.string() + ": " + size_error.message());
      }
    }
    // An explicit length: libzip knows the size up front and writes no zip64 extra.
    // (libzip reads a length of 0 as "to the end of the file": an empty entry is an empty buffer.)
    const bool libzip_deflates = pending.compression == Compression::deflate && !pending.deflated;
    zip_source_t* source = nullptr;
    if (size == 0 && !pending.deflated) source = zip_source_buffer(archive, nullptr, 0, 0);
    else if (libzip_deflates)
      source = zip_source_file(archive, file.c_str(), pending.offset, static_cast<zip_int64_t>(size));
    else
      source = file_slice_source(archive, file, pending.offset, size,
                                 pending.deflated ? std::optional(std::make_pair(pending.deflated->size,
                                                                                 pending.deflated->crc32))
                                                  : std::nullopt);
    if (!source) fail(archive, "cannot read " + file.string());
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
  if (zip_close(archive) != 0) {
    zip_error_t* error = zip_get_error(archive);
    if (zip_error_system_type(error) == ZIP_ET_SYS) {
      const int saved = zip_error_code_system(error);
      zip_discard(archive);
      throw FatalError(write_error(output_, saved));  // says so when the disk is full
    }
    fail(archive, "cannot write " + output_.string());
  }
  entries_ = {};  // a large bundle's list is not kept through the checks below
  files_ = {};
  file_numbers_ = {};

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
