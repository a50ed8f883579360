#pragma once
// Recognising Vietnamese text written in the pre-Unicode encodings TCVN3 (ABC) and
// VNI. Such text reaches us as Latin-1 look-alikes: TCVN3 "Hµ Néi" for "Hà Nội",
// VNI "Haø Noäi". A word counts as a sign only when it is not a Vietnamese
// syllable as written but becomes one when read in the legacy encoding, so proper
// Vietnamese (precomposed ơ ư ă đ ế ộ ...) never counts; see legacy_encoding.cpp.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hocso {

enum class LegacyEncoding { tcvn3, vni };

// "TCVN3 (ABC)" or "VNI", as people know them.
const char* legacy_encoding_name(LegacyEncoding encoding);

struct LegacyEncodingSign {
  LegacyEncoding encoding = LegacyEncoding::tcvn3;
  std::size_t offset = 0;  // byte offset in the text of the first telltale character
  std::string word;        // the first word that gave the encoding away, as written
  std::string reading;     // the same word read in `encoding` (NFC), e.g. "Bình"
};

// Looks at valid UTF-8 text and says whether it is (or contains enough of)
// Vietnamese in TCVN3 or VNI shown as Latin-1. nullopt for anything else.
std::optional<LegacyEncodingSign> detect_legacy_encoding(std::string_view utf8);

// The same for bytes that are not UTF-8 at all: reads them as Latin-1 first.
// `offset` then counts bytes of `bytes`.
std::optional<LegacyEncodingSign> detect_legacy_encoding_in_bytes(std::string_view bytes);

// `utf8_word` (as shown in Latin-1) read in `encoding`, NFC: "B×nh" in TCVN3 is
// "Bình", "chaøo" in VNI is "chào". nullopt when some character has no meaning
// there. Does not check that the result is a syllable.
std::optional<std::string> read_in_legacy_encoding(std::string_view utf8_word,
                                                   LegacyEncoding encoding);

// Whether `utf8_word` is spelled like one Vietnamese syllable: an initial
// consonant, a vowel nucleus, a final consonant, at most one tone mark (any case,
// NFC or NFD). "nghiêng", "Việt", "quá" yes; "Windows", "café", "B×nh" no.
bool is_vietnamese_syllable(std::string_view utf8_word);

}  // namespace hocso
