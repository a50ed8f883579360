#pragma once
// "Did you mean …?" for a misspelt name (a stage, a key), the same rule
// everywhere: the closest candidate by edit distance counting insertions,
// deletions, substitutions and swaps of two neighbouring bytes (optimal string
// alignment, so "titel" is 1 from "title"), when it is at most 2 edits away and
// fewer than half of the word's bytes. Header-only, for hocso and its plugins.

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace hocso {

inline std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rolling rows are enough for the swap rule.
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        current[j] = std::min(current[j], before[j - 2] + 1);
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

// The candidate closest to `word` by the rule above, or "" when none is close
// enough. Ties go to the earlier candidate.
inline std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  constexpr std::size_t kMaxEdits = 2;
  std::string best;
  std::size_t best_distance = kMaxEdits + 1;
  for (const std::string& candidate : candidates) {
    // The distance is at least the difference in length: skip far-off words cheaply.
    const std::size_t longer = std::max(word.size(), candidate.size());
    if (longer - std::min(word.size(), candidate.size()) > kMaxEdits) continue;
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance && 2 * distance < word.size()) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace hocso
