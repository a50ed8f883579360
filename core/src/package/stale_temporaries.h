#pragma once
// The temporary files and folders a build makes in its output folder, named in
// one place so that the build and the clean-up of what an interrupted build
// (kill -9, power cut) left behind agree:
//   .<bundle file>.<pid>.tmp       the bundle being written
//   .<bundle file>.<pid>.staging/  its spooled entries
//   .<pack>-<version>.<pid>.media/ processed images waiting to be zipped

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <string>

namespace hocso {

std::string temporary_bundle_file(const std::string& bundle_file, pid_t pid);
std::string temporary_staging_folder(const std::string& bundle_file, pid_t pid);
std::string temporary_media_folder(const std::string& pack_id, const std::string& version, pid_t pid);

// Removes from `out_dir` every temporary of those names that was last changed
// before `started` and whose process is not running on this machine any more.
// Returns how many were removed; never throws (what cannot be removed stays).
std::size_t remove_stale_temporaries(const std::filesystem::path& out_dir, std::filesystem::file_time_type started);

}  // namespace hocso
