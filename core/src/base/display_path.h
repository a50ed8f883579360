#pragma once
// How paths appear in diagnostics and messages: relative to the current folder
// when the file is inside it (what a user can paste back), else absolute.

#include <filesystem>
#include <string>

namespace hocso {

std::string display_path(const std::filesystem::path& path);

// The same without resolving symbolic links (display_path() names a link's
// target): for messages about the link itself.
std::string display_path_lexical(const std::filesystem::path& path);

}  // namespace hocso
