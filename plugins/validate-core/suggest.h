#pragma once
// "Did you mean …?" for misspelt keys.

#include <string>
#include <string_view>
#include <vector>

namespace validate_core {

// Edit distance counting insertions, deletions, substitutions and swaps of two
// neighbouring bytes (optimal string alignment), so "titel" is 1 from "title".
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` when it is close enough to be a likely typo
// (at most 2 edits, and fewer than half of `word`); "" when none is. Ties go to
// the earlier candidate.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace validate_core
