#include "entry_names.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>

namespace hocso {
namespace {

bool is_control(std::int32_t code_point) {
  return code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F);
}

bool is_ascii_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_safe_character(char c) { return is_ascii_letter(c) || is_ascii_digit(c) || c == '.' || c == '_' || c == '-'; }

NameProblem problem(const char* rule, std::string message) { return {rule, std::move(message)}; }

}  // namespace

std::optional<NameProblem> check_entry_name(std::string_view name) {
  if (name.empty()) return problem("name-empty", "the name is empty");
  if (name.size() > kMaxEntryNameBytes)
    return problem("name-too-long", "the name is longer than 1024 bytes");

  // The specific rules first, so that the usual attacks are named as such.
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(name.data());
  const auto length = static_cast<std::int32_t>(name.size());
  for (std::int32_t i = 0; i < length;) {
    std::int32_t code_point = 0;
    U8_NEXT(bytes, i, length, code_point);
    if (code_point < 0) return problem("name-not-utf8", "the name is not valid UTF-8");
    if (is_control(code_point))
      return problem("name-control-character", "the name contains a control character");
  }

  if (name.find('\\') != std::string_view::npos)
    return problem("name-backslash", "the name contains a backslash");
  if (name.front() == '/') return problem("name-absolute", "the name is an absolute path");
  if (name.size() >= 2 && is_ascii_letter(name[0]) && name[1] == ':')
    return problem("name-drive-letter", "the name starts with a drive letter");
  if (name.back() == '/')
    return problem("name-trailing-slash", "the name ends in '/' (a directory entry)");

  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t end = std::min(name.find('/', start), name.size());
    const std::string_view segment = name.substr(start, end - start);
    if (segment.empty()) return problem("name-empty-segment", "the name has an empty segment ('//')");
    if (segment == "..") return problem("name-parent-segment", "the name has a '..' segment");
    if (segment == ".") return problem("name-dot-segment", "the name has a '.' segment");
    start = end + 1;
  }

  // Then the safe set itself, which the rules above are special cases of.
  for (const char c : name) {
    if (c == '/' || is_safe_character(c)) continue;
    const auto byte = static_cast<unsigned char>(c);
    return problem("name-character",
                   byte >= 0x80 ? std::string("the name has a character that is not ASCII (allowed: A-Z a-z 0-9 . _ - /)")
                                : "the name has a character outside A-Z a-z 0-9 . _ - / (" +
                                      (c == ' ' ? std::string("a space") : "'" + std::string(1, c) + "'") + ")");
  }
  start = 0;
  while (start <= name.size()) {
    const std::size_t end = std::min(name.find('/', start), name.size());
    const std::string_view segment = name.substr(start, end - start);
    if (segment.size() > kMaxEntrySegmentBytes)
      return problem("name-segment-too-long", "a segment of the name is longer than 255 bytes");
    if (!is_ascii_letter(segment.front()) && !is_ascii_digit(segment.front()))
      return problem("name-segment-start", "a segment of the name starts with '" + std::string(1, segment.front()) +
                                               "', not a letter or digit (a hidden file or an option)");
    start = end + 1;
  }
  return std::nullopt;
}

std::string entry_name_case_key(std::string_view name) {
  std::string key(name);
  for (char& c : key)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return key;
}

}  // namespace hocso
