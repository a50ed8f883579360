#pragma once
// The message for a failed write, saying plainly when the disk is full: a
// writer who sees "cannot write dist/.x.tmp" does not know to free space.

#include <filesystem>
#include <string>

namespace hocso {

// "cannot write FILE: the disk is full (12 KiB free where FILE is); free some
// space or choose another output folder", or "cannot write FILE: REASON".
// `saved_errno` is errno right after the failure (0 when unknown: the free
// space on the disk then decides).
std::string write_error(const std::filesystem::path& file, int saved_errno);

}  // namespace hocso
