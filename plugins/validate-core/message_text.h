#pragma once
// Small helpers for writing messages about what a writer wrote.

#include <string>
#include <string_view>

namespace validate_core {

// `text` in single quotes; text over 60 bytes is cut (at a character boundary)
// and ends with "…", so one huge value cannot flood the output.
std::string in_quotes(std::string_view text);

// Number of Unicode code points in valid UTF-8 `text`.
std::size_t count_code_points(std::string_view text);

// The first `limit` code points of valid UTF-8 `text` (all of it when shorter).
std::string first_code_points(std::string_view text, std::size_t limit);

}  // namespace validate_core
