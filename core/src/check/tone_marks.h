#pragma once
// Vietnamese tone-mark style (docs/writers.md, "Vietnamese text rules"): at the
// end of a syllable, oa, oe and uy carry the tone mark on their first vowel in
// the old style (hòa, khỏe, thủy) and on their second in the new style (hoà,
// khoẻ, thuỷ). Syllables with a final consonant or vowel (hoàn, loại, khuya)
// and qu + vowel (quý, quá) are written alike in both. Decomposition,
// composition and word boundaries are ICU's.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "check_settings.h"

namespace hocso {

// A syllable written in the other style than the one wanted.
struct ToneMarkSlip {
  std::size_t offset = 0;  // bytes into the text
  std::size_t length = 0;  // bytes
  std::string written;     // as in the text: "hoà"
  std::string wanted;      // in the wanted style, same letter case: "hòa"
};

// The syllables of `text` (UTF-8, NFC) written in the style other than `wanted`, in order.
std::vector<ToneMarkSlip> tone_mark_slips(std::string_view text, ToneMarkStyle wanted);

}  // namespace hocso
