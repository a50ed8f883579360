#include "text_cut.h"

#include <doctest/doctest.h>

using hocso::shorten_text;

TEST_CASE("short text is kept as it is") {
  CHECK(shorten_text("Chạm để đi tiếp", 60) == "Chạm để đi tiếp");
  CHECK(shorten_text("", 10) == "");
}

TEST_CASE("Vietnamese is cut between words, never inside a letter") {
  // "Chạm để đi tiếp": a cut at 8 bytes would fall inside "để".
  CHECK(shorten_text("Chạm để đi tiếp", 8) == "Chạm…");
  CHECK(shorten_text("Chạm để đi tiếp", 11) == "Chạm…");
  CHECK(shorten_text("Chạm để đi tiếp", 12) == "Chạm để…");
}

TEST_CASE("a letter keeps its combining marks (Mường U+0312)") {
  // "ba" + U+0312 repeated as one long word: only grapheme boundaries are allowed.
  const std::string syllable = "ba\xCC\x92";  // 4 bytes, 2 graphemes
  std::string word;
  for (int i = 0; i < 10; ++i) word += syllable;
  const std::string cut = shorten_text(word, 7);
  CHECK(cut == "ba\xCC\x92" "b…");  // not "ba" + half of U+0312
}

TEST_CASE("Tai Viet: a pre-posed vowel stays with its syllable") {
  // U+AAB9 (ꪹ, written before the consonant) + U+AA81 (ꪁ) ... as one run of text.
  const std::string ko = "\xEA\xAA\xB9\xEA\xAA\x81";  // ꪹꪁ: vowel, consonant
  const std::string word = ko + ko + ko;             // 18 bytes, no spaces
  // 9 bytes would end right after the second pre-posed vowel: back off to the syllable before it.
  CHECK(shorten_text(word, 9) == ko + "…");
  CHECK(shorten_text(word, 12) == ko + ko + "…");
}
