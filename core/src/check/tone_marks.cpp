#include "tone_marks.h"

#include <algorithm>

#include <optional>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "plain_language.h"

namespace hocso {

namespace {

bool is_tone_mark(UChar32 c) {
  return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 || c == 0x0323;  // huyền sắc ngã hỏi nặng
}

// One letter of a decomposed syllable: its base letter (as written) and the
// combining marks after it.
struct Letter {
  UChar32 base = 0;
  std::vector<UChar32> marks;
  UChar32 lower() const { return u_tolower(base); }
  bool bare() const { return marks.empty(); }
  bool tone_only() const { return marks.size() == 1 && is_tone_mark(marks.front()); }
};

std::vector<Letter> letters_of(const icu::UnicodeString& decomposed) {
  std::vector<Letter> letters;
  for (int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
    const UChar32 c = decomposed.char32At(i);
    if (u_getCombiningClass(c) != 0 && !letters.empty()) letters.back().marks.push_back(c);
    else
      letters.push_back({c, {}});
  }
  return letters;
}

std::string to_utf8(const std::vector<Letter>& letters) {
  icu::UnicodeString decomposed;
  for (const Letter& letter : letters) {
    decomposed.append(letter.base);
    for (UChar32 mark : letter.marks) decomposed.append(mark);
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  std::string out;
  if (U_FAILURE(status)) return out;
  nfc->normalize(decomposed, status).toUTF8String(out);
  return out;
}

// The word in the other style's spelling when it is an oa/oe/uy syllable
// written in `style`'s opposite, else nullopt.
std::optional<std::string> respelled(std::string_view word, ToneMarkStyle wanted) {
  // A tone mark is never ASCII: most words need no normalizing.
  if (std::none_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
    return std::nullopt;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) return std::nullopt;
  const icu::UnicodeString decomposed = nfd->normalize(
      icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size()))), status);
  if (U_FAILURE(status)) return std::nullopt;
  std::vector<Letter> letters = letters_of(decomposed);
  const std::size_t n = letters.size();
  if (n < 2) return std::nullopt;
  Letter& first = letters[n - 2];
  Letter& second = letters[n - 1];
  const UChar32 a = first.lower(), b = second.lower();
  const bool pair = (a == 'o' && (b == 'a' || b == 'e')) || (a == 'u' && b == 'y');
  if (!pair) return std::nullopt;
  if (n >= 3 && letters[n - 3].lower() == 'q') return std::nullopt;  // qu is a consonant: quý, quá
  for (std::size_t i = 0; i + 2 < n; ++i)
    for (UChar32 mark : letters[i].marks)
      if (is_tone_mark(mark)) return std::nullopt;  // the tone is elsewhere: not this pattern
  // Only a tone mark may sit on the two vowels (ơ, ô, ê would be other vowels).
  Letter* marked = nullptr;
  Letter* other = nullptr;
  if (first.tone_only() && second.bare()) {
    marked = &first;
    other = &second;
  } else if (second.tone_only() && first.bare()) {
    marked = &second;
    other = &first;
  } else {
    return std::nullopt;
  }
  const bool written_old = marked == &first;
  if (written_old == (wanted == ToneMarkStyle::old_style)) return std::nullopt;
  other->marks = std::move(marked->marks);
  marked->marks.clear();
  return to_utf8(letters);
}

}  // namespace

std::vector<ToneMarkSlip> tone_mark_slips(std::string_view text, ToneMarkStyle wanted) {
  std::vector<ToneMarkSlip> slips;
  for_each_letter_word(text, [&](std::size_t offset, std::size_t length) {
    const std::string_view word = text.substr(offset, length);
    if (auto other = respelled(word, wanted)) slips.push_back({offset, length, std::string(word), std::move(*other)});
  });
  return slips;
}

}  // namespace hocso
