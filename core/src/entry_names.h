#pragma once
// The rules every name in a bundle follows, zip entry names and manifest paths
// alike, so that extracting a bundle anywhere (POSIX, Windows, a phone) writes only
// inside the target folder. Shared by the writer (which refuses to write a bad
// name) and the reader (which refuses a bundle that has one).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hocso {

// Longest entry name accepted, in bytes. Keeps the central directory's size (and
// the reader's memory) proportional to the entry count.
inline constexpr std::size_t kMaxEntryNameBytes = 1024;

struct NameProblem {
  std::string rule;     // stable id, e.g. "name-parent-segment"
  std::string message;  // what is wrong, without the name itself
};

// Checks one name: non-empty, at most kMaxEntryNameBytes, valid UTF-8, no control
// characters (C0, DEL, C1), no backslash, not absolute, no drive letter, no
// trailing '/', no empty, "." or ".." segment. Returns the first rule broken, or
// nullopt when the name is fine.
std::optional<NameProblem> check_entry_name(std::string_view name);

}  // namespace hocso
