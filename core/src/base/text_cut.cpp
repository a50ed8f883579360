#include "text_cut.h"

#include <memory>

#include <unicode/brkiter.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

namespace hocso {

namespace {

// Tai Viet vowels written before the consonant they follow (visual order).
bool is_tai_viet_preposed_vowel(UChar32 c) {
  return c == 0xAAB5 || c == 0xAAB6 || c == 0xAAB9 || c == 0xAABB || c == 0xAABC;
}

// The last boundary of `kind` at or before byte `limit` (>0), or 0 when none.
std::size_t last_boundary(std::string_view text, std::size_t limit, bool words) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(words ? icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status)
                                               : icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status)) return 0;
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) return 0;
  it->setText(ut, status);
  std::size_t best = 0;
  if (U_SUCCESS(status)) {
    // UTF-8 UText: boundaries are byte offsets.
    // The last boundary at or before `limit` (preceding() would skip one when
    // `limit` falls inside a code point), then earlier ones.
    int32_t start = it->following(static_cast<int32_t>(limit));
    start = start == icu::BreakIterator::DONE ? it->last() : it->previous();
    for (int32_t b = start; b > 0; b = it->previous()) {
      if (static_cast<std::size_t>(b) > limit) continue;
      const auto cut = static_cast<std::size_t>(b);
      UChar32 before = 0;
      int32_t i = b;
      U8_PREV(reinterpret_cast<const uint8_t*>(text.data()), 0, i, before);
      if (is_tai_viet_preposed_vowel(before)) continue;  // it belongs to the next syllable
      const char after = cut < text.size() ? text[cut] : ' ';
      const bool space_before = before == ' ' || before == '\t' || before == '\n';
      const bool space_after = after == ' ' || after == '\t' || after == '\n';
      if (words && (space_before || space_after)) {  // a word ends here
        best = cut;
        break;
      }
      if (!words) {
        best = cut;
        break;
      }
    }
  }
  utext_close(ut);
  return best;
}

}  // namespace

std::string shorten_text(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  if (max_bytes == 0) return "…";
  std::size_t cut = last_boundary(text, max_bytes, true);
  if (cut == 0) cut = last_boundary(text, max_bytes, false);
  std::string out(text.substr(0, cut));
  while (!out.empty() && (out.back() == ' ' || out.back() == '\t' || out.back() == '\n')) out.pop_back();
  return out + "…";
}

}  // namespace hocso
