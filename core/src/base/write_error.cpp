#include "write_error.h"

#include <cerrno>
#include <cstring>
#include <system_error>

#include <fmt/format.h>

#include "display_path.h"

namespace hocso {

namespace fs = std::filesystem;

std::string write_error(const fs::path& file, int saved_errno) {
  std::error_code ec;
  const fs::space_info space = fs::space(file.parent_path().empty() ? fs::path(".") : file.parent_path(), ec);
  // A stream's failure may leave errno unset: a disk with (almost) nothing left is full too.
  const bool full = saved_errno == ENOSPC || saved_errno == EDQUOT || (!ec && space.available < 64 * 1024);
  if (full)
    return fmt::format("cannot write {}: the disk is full{} ({} KiB free where it is); free some space or choose "
                       "another output folder",
                       display_path(file), saved_errno == EDQUOT ? " (your disk quota is used up)" : "",
                       ec ? 0 : space.available / 1024);
  return fmt::format("cannot write {}: {}", display_path(file),
                     saved_errno != 0 ? std::strerror(saved_errno) : "the write failed");
}

}  // namespace hocso
