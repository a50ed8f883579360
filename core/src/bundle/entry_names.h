#pragma once
// The one rule every name in a bundle follows, zip entry names and manifest
// paths alike (docs/bundle-format.md, "Entry names"). The writer refuses to
// write a name that breaks it, the reader refuses a bundle that has one.
//
// A name is '/'-separated segments of the safe set: ASCII letters, digits, '.',
// '_' and '-', each segment starting with a letter or a digit. That is what
// hocso writes (lesson ids, language tags like blt-Tavt-VN, media/<sha256>.<ext>,
// assets/…, fonts a language plugin names) and nothing more: a name outside it
// could only come from someone else. So extracting a bundle anywhere (POSIX,
// Windows, a phone) writes only inside the target folder, no name hides
// anything from a terminal or a file manager (no control, bidi or invisible
// character, no space), and none starts like a hidden file or an option.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hocso {

// Longest entry name accepted, in bytes. Keeps the central directory's size (and
// the reader's memory) proportional to the entry count.
inline constexpr std::size_t kMaxEntryNameBytes = 1024;
// Longest segment (file or folder name): what ext4, NTFS and FAT's long names hold.
inline constexpr std::size_t kMaxEntrySegmentBytes = 255;

struct NameProblem {
  std::string rule;     // stable id, e.g. "name-parent-segment"
  std::string message;  // what is wrong, without the name itself
};

// Checks one name. In order: non-empty [name-empty], at most kMaxEntryNameBytes
// [name-too-long], valid UTF-8 [name-not-utf8], no control character (C0, DEL,
// C1) [name-control-character], no backslash [name-backslash], not absolute
// [name-absolute], no drive letter [name-drive-letter], no trailing '/'
// [name-trailing-slash], no empty, "." or ".." segment [name-empty-segment,
// name-dot-segment, name-parent-segment], only characters of the safe set
// [name-character], no segment over kMaxEntrySegmentBytes [name-segment-too-long]
// and every segment starting with a letter or digit [name-segment-start].
// Returns the first rule broken, or nullopt when the name is fine.
std::optional<NameProblem> check_entry_name(std::string_view name);

// The name with ASCII letters in lower case. Two names of a bundle must differ
// in it [name-case-collision]: on a case-insensitive file system (Windows,
// macOS, a phone's FAT card) one would overwrite the other when extracted.
std::string entry_name_case_key(std::string_view name);

}  // namespace hocso
