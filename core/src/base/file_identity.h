#pragma once
// Which file a path names and how it was when looked at, as stat() says:
// another file renamed over the path has another inode; a file written in
// place, another size, modification or change time (the change time cannot be
// set back without the clock). Equal identities mean the same bytes, as make,
// git and ninja assume.

#include <cstdint>
#include <filesystem>
#include <optional>

namespace hocso {

struct FileIdentity {
  std::uint64_t device = 0, inode = 0, size = 0;
  std::int64_t mtime_ns = 0, ctime_ns = 0;
  bool operator==(const FileIdentity&) const = default;
  // The same file, its bytes not written since, whatever its change time says:
  // that also moves when a link to the file goes, as when another file is
  // renamed over it while it is open.
  bool same_bytes(const FileIdentity& other) const {
    return device == other.device && inode == other.inode && size == other.size && mtime_ns == other.mtime_ns;
  }
};

// The identity of the regular file at `path` (one stat(), links followed), or
// of the open file `fd`; nullopt when there is none (missing, unreadable, not
// a regular file).
std::optional<FileIdentity> file_identity(const std::filesystem::path& path);
std::optional<FileIdentity> file_identity(int fd);

}  // namespace hocso
