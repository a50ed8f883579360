#pragma once
// Writes the one canonical, reproducible zip layout of a .hocso bundle with libzip:
// entries sorted by name, no directory entries, fixed DOS time (from
// SOURCE_DATE_EPOCH, read as UTC, else 1980-01-01 00:00), mode 0644, made by
// Unix, no extra fields, no data descriptors, no zip64, no comments.
// Bytes given in memory are spooled to a staging folder and files are read
// where they are, so memory stays flat.

#include <cstdint>
#include <filesystem>
#include <map>
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

  // Adds a file the caller has already hashed (entry.size, entry.sha256), without
  // reading it now; the reader's check of the finished bundle catches a mismatch.
  void add_hashed_file(const WrittenEntry& entry, const std::filesystem::path& file, Compression compression);

  // Writes the zip. Nothing may be added afterwards.
  void finish();

 private:
  struct Pending {
    std::filesystem::path file;
    Compression compression;
  };
  std::filesystem::path output_;
  std::filesystem::path staging_;
  std::int64_t source_date_epoch_;
  std::map<std::string, Pending> entries_;  // sorted by name
  std::uint64_t spool_counter_ = 0;
  bool finished_ = false;
};

// SOURCE_DATE_EPOCH from the environment when set and valid, else 315532800
// (1980-01-01T00:00:00Z, the earliest DOS time).
std::int64_t source_date_epoch_from_environment();

}  // namespace hocso
