#pragma once
// Measuring text for readers who read slowly: sentences and syllables. In
// Vietnamese a written word is one syllable ("điện thoại" is two), so the
// syllables of a text are its words as ICU's word boundaries find them
// (letters or digits); sentences are ICU's sentence boundaries.

#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

namespace hocso {

struct MeasuredSentence {
  std::size_t offset = 0;  // bytes into the text
  std::size_t length = 0;  // bytes, trailing spaces included
  int syllables = 0;
};

// The sentences of `text` (UTF-8), in order, with their syllable counts.
std::vector<MeasuredSentence> measure_sentences(std::string_view text);

// The syllables (words of letters or digits) of `text`.
int count_syllables(std::string_view text);

// Calls `each(offset, length)` (bytes) for every word of letters in `text`, in order.
void for_each_letter_word(std::string_view text, const std::function<void(std::size_t, std::size_t)>& each);

}  // namespace hocso
