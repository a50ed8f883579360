#pragma once
// Writing a file so that readers see either the old bytes or the new ones, never
// a part: the bytes go to a temporary file beside it, which is then renamed over
// it. For the build cache, where a failed write only costs time.

#include <filesystem>
#include <initializer_list>
#include <string_view>

namespace hocso {

// Writes `pieces`, one after another, to `file` (creating its folder). Returns
// false, leaving no temporary file and `file` as it was, when anything fails.
// Safe to call from several threads, also for the same file.
bool write_file_atomically(const std::filesystem::path& file, std::initializer_list<std::string_view> pieces);

}  // namespace hocso
