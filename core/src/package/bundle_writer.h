#pragma once
// Writes the one canonical, reproducible zip layout of a .hocso bundle with libzip:
// entries sorted by name, no directory entries, fixed DOS time (from
// SOURCE_DATE_EPOCH, read as UTC, else 1980-01-01 00:00), mode 0644, made by
// Unix, no extra fields, no data descriptors, no zip64, no comments.
// Bytes given in memory are appended to one spool file in a staging folder
// (not one file each: creating thousands of small files is slow on ext4) and
// files are read where they are, so memory stays flat. Text is deflated by the
// writer's callers (on several threads) rather than by libzip, which would do it
// on one; libzip reads every entry through a source that reads big chunks.

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "zip_layout.h"

namespace hocso {

enum class Compression { store, deflate };

struct WrittenEntry {
  std::string name;
  std::uint64_t size = 0;
  std::string sha256;  // lower-case hex of the uncompressed bytes
};

// An entry's text deflated ahead of time (pages are, on the worker threads that
// render them), for BundleWriter::add_deflated().
struct DeflatedText {
  std::string compressed;  // raw deflate stream, level 9
  std::uint64_t size = 0;  // of the text
  std::uint32_t crc32 = 0;
  std::string sha256;      // lower-case hex, of the text
};
DeflatedText deflate_text(std::string_view text);

class BundleWriter {
 public:
  // `output` is the (temporary) file to write; it is created by finish().
  // `staging` is an empty folder the writer may use (removed by the caller).
  // Throws FatalError on I/O errors.
  BundleWriter(std::filesystem::path output, std::filesystem::path staging,
               std::int64_t source_date_epoch);
  ~BundleWriter();

  // Adds an entry. Names must be unique, relative, '/'-separated ASCII without
  // "..": a violation is a FatalError (it is a bug in the caller).
  WrittenEntry add(const std::string& name, std::string_view bytes, Compression compression);
  WrittenEntry add_file(const std::string& name, const std::filesystem::path& file,
                        Compression compression);
  // Adds a deflated entry whose compression is already done: libzip copies the
  // stream as it is.
  WrittenEntry add_deflated(const std::string& name, const DeflatedText& text);

  // Adds entry.size bytes of `file` from `offset` on, which the caller has already
  // hashed (entry.sha256), without reading them now; the reader's check of the
  // finished bundle catches a mismatch.
  void add_hashed_file(const WrittenEntry& entry, const std::filesystem::path& file, Compression compression,
                       std::uint64_t offset = 0);

  // Adds an entry as another zip stores it (an earlier bundle's, carried over:
  // decision 0026): the `stored_size` bytes of `file` at `offset`, deflated
  // (the entry's CRC-32 given) or stored, copied as they are. entry.size and
  // entry.sha256 are of the uncompressed bytes, as the earlier build recorded.
  void add_stored_slice(const WrittenEntry& entry, const std::filesystem::path& file, std::uint64_t offset,
                        std::uint64_t stored_size, Compression compression, std::uint32_t crc32);

  // Whether an entry of this name was added.
  bool contains(const std::string& name) const { return entries_.count(name) != 0; }
  std::size_t entry_count() const { return entries_.size(); }
  // Calls visit(name, size, sha256 hex) for each entry added so far, in name
  // order (for the manifest; before finish()).
  template <typename Visit>
  void for_each_entry(const Visit& visit) const {
    for (const auto& [name, pending] : entries_)
      visit(name, pending.size, std::string_view(pending.sha256.data(), pending.sha256.size()));
  }

  // Writes the zip. Nothing may be added afterwards.
  void finish();

 private:
  struct Deflated {
    std::uint64_t size = 0;  // of the text
    std::uint32_t crc32 = 0;
  };
  // Kept per entry until finish(), so small: a bundle of 1,000 lessons has
  // over 10,000 entries.
  struct Pending {
    std::uint32_t file = 0;                // in files_
    Compression compression = Compression::store;
    std::uint64_t offset = 0;
    std::optional<std::uint64_t> length;  // nullopt: to the end of the file
    std::optional<Deflated> deflated;     // the bytes at `offset` are a deflate stream of this text
    std::uint64_t size = 0;               // of the entry's bytes
    std::array<char, 64> sha256{};        // of the entry's bytes, lower-case hex
  };
  void spool(const std::string& name, std::string_view bytes, Pending pending, const WrittenEntry& written);
  void add_pending(const std::string& name, const std::filesystem::path& file, Pending pending,
                   const WrittenEntry& entry);
  // FatalErrors for a caller's bug: added after finish(), a bad name, a name
  // given twice; an entry of 4 GiB or more (bundles never use zip64).
  void check_new_entry(const std::string& name) const;
  static void check_size(const std::string& name, std::uint64_t size);
  std::filesystem::path output_;
  std::filesystem::path staging_;
  std::int64_t source_date_epoch_;
  std::map<std::string, Pending> entries_;  // sorted by name
  // The files entries are read from, each once (as strings: a std::filesystem::path
  // also keeps each of its components, several times the memory).
  std::vector<std::string> files_;
  std::unordered_map<std::string, std::uint32_t> file_numbers_;
  std::filesystem::path spool_path_;
  std::ofstream spool_;
  std::uint64_t spool_size_ = 0;
  bool finished_ = false;
};

// The layout of a bundle BundleWriter wrote, checked by the reader's layout
// rules without its size limits (the writer's own output, or an earlier bundle
// a build carries entries over from). nullopt when the file cannot be opened
// (no problem added) or breaks a rule (the problems say which).
std::optional<zip::Layout> read_written_layout(const std::filesystem::path& file, std::vector<BundleProblem>& problems);

// SOURCE_DATE_EPOCH from the environment when set and valid, else 315532800
// (1980-01-01T00:00:00Z, the earliest DOS time).
std::int64_t source_date_epoch_from_environment();

}  // namespace hocso
