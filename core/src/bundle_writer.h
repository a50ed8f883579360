#pragma once
// Writes the one canonical, reproducible zip layout of a .hocso bundle with libzip:
// entries sorted by name, no directory entries, fixed DOS time (from
// SOURCE_DATE_EPOCH, read as UTC, else 1980-01-01 00:00), mode 0644, made by
// Unix, no extra fields, no data descriptors, no zip64, no comments.
// Bytes given in memory are appended to one spool file in a staging folder
// (not one file each: creating thousands of small files is slow on ext4) and
// files are read where they are, so memory stays flat.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace hocso {

enum class Compression { store, deflate };

struct WrittenEntry {
  std::string name;
  std::uint64_t size = 0;
  std::string sha256;  // lower-case hex of the uncompressed bytes
};

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

  // Adds entry.size bytes of `file` from `offset` on, which the caller has already
  // hashed (entry.sha256), without reading them now; the reader's check of the
  // finished bundle catches a mismatch.
  void add_hashed_file(const WrittenEntry& entry, const std::filesystem::path& file, Compression compression,
                       std::uint64_t offset = 0);

  // Writes the zip. Nothing may be added afterwards.
  void finish();

 private:
  struct Pending {
    std::filesystem::path file;
    Compression compression;
    std::uint64_t offset = 0;
    std::optional<std::uint64_t> length;  // nullopt: to the end of the file
  };
  std::filesystem::path output_;
  std::filesystem::path staging_;
  std::int64_t source_date_epoch_;
  std::map<std::string, Pending> entries_;  // sorted by name
  std::filesystem::path spool_path_;
  std::ofstream spool_;
  std::uint64_t spool_size_ = 0;
  bool finished_ = false;
};

// SOURCE_DATE_EPOCH from the environment when set and valid, else 315532800
// (1980-01-01T00:00:00Z, the earliest DOS time).
std::int64_t source_date_epoch_from_environment();

}  // namespace hocso
