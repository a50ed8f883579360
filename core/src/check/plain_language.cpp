#include "plain_language.h"

#include <memory>

#include <unicode/brkiter.h>
#include <unicode/utext.h>

namespace hocso {

namespace {

// Calls `each(start, end, rule status)` for every piece of `text` between two
// boundaries of `iterator` (byte offsets: the text is a UTF-8 UText).
template <typename Each>
void for_each_piece(icu::BreakIterator* iterator, std::string_view text, Each&& each) {
  if (!iterator) return;
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) return;
  iterator->setText(ut, status);
  for (int32_t start = iterator->first(), end = iterator->next(); U_SUCCESS(status) && end != icu::BreakIterator::DONE;
       start = end, end = iterator->next())
    each(static_cast<std::size_t>(start), static_cast<std::size_t>(end), iterator->getRuleStatus());
  utext_close(ut);
}

// One iterator of each kind a thread, made once: making one costs far more
// than measuring a sentence, and a pack has many thousands.
// `make` is ICU's createWordInstance or createSentenceInstance; nullptr when it fails.
template <icu::BreakIterator* (*make)(const icu::Locale&, UErrorCode&)>
icu::BreakIterator* thread_iterator() {
  thread_local std::unique_ptr<icu::BreakIterator> iterator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> made(make(icu::Locale("vi"), status));
    return U_SUCCESS(status) ? std::move(made) : nullptr;
  }();
  return iterator.get();
}

icu::BreakIterator* word_iterator() { return thread_iterator<icu::BreakIterator::createWordInstance>(); }
icu::BreakIterator* sentence_iterator() { return thread_iterator<icu::BreakIterator::createSentenceInstance>(); }

}  // namespace

int count_syllables(std::string_view text) {
  int count = 0;
  for_each_piece(word_iterator(), text, [&](std::size_t, std::size_t, int32_t status) {
    // Numbers ("2025") and letters; spaces and punctuation are UBRK_WORD_NONE.
    if (status >= UBRK_WORD_NONE_LIMIT) ++count;
  });
  return count;
}

void for_each_letter_word(std::string_view text, const std::function<void(std::size_t, std::size_t)>& each) {
  for_each_piece(word_iterator(), text, [&](std::size_t start, std::size_t end, int32_t status) {
    if (status >= UBRK_WORD_LETTER && status < UBRK_WORD_LETTER_LIMIT) each(start, end - start);
  });
}

std::vector<MeasuredSentence> measure_sentences(std::string_view text) {
  std::vector<MeasuredSentence> sentences;
  for_each_piece(sentence_iterator(), text, [&](std::size_t start, std::size_t end, int32_t) {
    sentences.push_back({start, end - start, count_syllables(text.substr(start, end - start))});
  });
  return sentences;
}

}  // namespace hocso
