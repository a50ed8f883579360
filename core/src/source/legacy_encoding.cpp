#include "legacy_encoding.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "fatal.h"

// How the heuristic decides (why it never fires on proper Vietnamese):
//
// 1. Text is cut into words: runs of letters, combining marks and Latin-1
//    characters (TCVN3 puts letters on symbols such as × µ ¸ ¬ ®).
// 2. A word with a letter that only proper Unicode Vietnamese has (ă đ ĩ ũ ơ ư,
//    U+1EA0–U+1EF9) counts as proper Vietnamese; it can never be a sign, since
//    neither legacy encoding shown as Latin-1 produces those letters.
// 3. Any other word is a sign of encoding E when it has an ASCII letter and a
//    Latin-1 character, is NOT a Vietnamese syllable as written, and IS one when
//    read in E ("B×nh" -> "Bình", "Néi" -> "Nội", "chaøo" -> "chào"). A sign is
//    strong when it holds a character that no Vietnamese letter uses (× µ ø ä ...);
//    "Néi" uses only letters Vietnamese also has, so it is weak.
// 4. E is reported when there are at least 3 strong signs, or at least one strong
//    sign and more signs than proper Vietnamese words. A Vietnamese text with a
//    foreign name ("Müller", "Zürich", "naïve" are no syllable in either reading)
//    or a unit ("5 µm") stays well below that.

namespace hocso {

namespace {

constexpr char32_t kGrave = 0x0300, kAcute = 0x0301, kCircumflex = 0x0302, kTilde = 0x0303,
                   kBreve = 0x0306, kHook = 0x0309, kHorn = 0x031B, kDotBelow = 0x0323;

const icu::Normalizer2& normalizer(bool compose) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* instance =
      compose ? icu::Normalizer2::getNFCInstance(status) : icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status) || !instance)
    throw FatalError(std::string("ICU normalization data is missing: ") + u_errorName(status));
  return *instance;
}

// base + mark as one precomposed character (NFC), e.g. ê + dot below = ệ.
char32_t compose(char32_t base, char32_t mark) {
  icu::UnicodeString pair(static_cast<UChar32>(base));
  pair.append(static_cast<UChar32>(mark));
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString composed = normalizer(true).normalize(pair, status);
  if (U_FAILURE(status) || composed.countChar32() != 1) return base;
  return static_cast<char32_t>(composed.char32At(0));
}

bool is_ascii_letter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_tone(char32_t mark) {
  return mark == kGrave || mark == kAcute || mark == kTilde || mark == kHook || mark == kDotBelow;
}

bool is_vowel(char32_t base) {
  return std::u32string_view(U"aăâeêioôơuưy").find(base) != std::u32string_view::npos;
}

// One letter of a syllable: the lowercase letter without its tone, the tone mark
// (0 for none) and whether it was written in upper case.
struct Letter {
  char32_t base = 0;
  char32_t tone = 0;
  bool upper = false;
};

// Latin letters with Vietnamese marks, by code point, decomposed with ICU once.
class VietnameseLetters {
 public:
  VietnameseLetters() {
    add_range(0x00C0, 0x01B0);
    add_range(0x1EA0, 0x1EF9);
    letters_[U'đ'] = {U'đ', 0, false};
    letters_[U'Đ'] = {U'đ', 0, true};
  }

  std::optional<Letter> find(char32_t c) const {
    auto it = letters_.find(c);
    if (it == letters_.end()) return std::nullopt;
    return it->second;
  }

 private:
  void add_range(char32_t first, char32_t last) {
    for (char32_t c = first; c <= last; ++c) {
      icu::UnicodeString decomposed;
      UChar32 lower = u_tolower(static_cast<UChar32>(c));
      if (!normalizer(false).getDecomposition(lower, decomposed)) continue;
      if (auto letter = from_decomposition(decomposed)) {
        letter->upper = lower != static_cast<UChar32>(c);
        letters_[c] = *letter;
      }
    }
  }

  // base letter + at most one vowel mark (â ă ê ô ơ ư) + at most one tone (on a vowel).
  static std::optional<Letter> from_decomposition(const icu::UnicodeString& decomposed) {
    if (decomposed.length() < 2) return std::nullopt;
    char32_t base = static_cast<char32_t>(decomposed.char32At(0));
    if (base < 'a' || base > 'z') return std::nullopt;
    Letter letter{base, 0, false};
    bool has_vowel_mark = false;
    for (int32_t i = 1; i < decomposed.length(); ++i) {
      char32_t mark = static_cast<char32_t>(decomposed.charAt(i));
      bool vowel_mark = (mark == kCircumflex && (base == 'a' || base == 'e' || base == 'o')) ||
                        (mark == kBreve && base == 'a') ||
                        (mark == kHorn && (base == 'o' || base == 'u'));
      if (vowel_mark && !has_vowel_mark) {
        has_vowel_mark = true;
        letter.base = compose(letter.base, mark);
      } else if (is_tone(mark) && letter.tone == 0 && is_vowel(base)) {
        letter.tone = mark;
      } else {
        return std::nullopt;
      }
    }
    return letter;
  }

  std::unordered_map<char32_t, Letter> letters_;
};

std::optional<Letter> vietnamese_letter(char32_t c) {
  if (c < 0x80) {
    if (!is_ascii_letter(c)) return std::nullopt;
    bool upper = c <= 'Z';
    return Letter{upper ? c - 'A' + 'a' : c, 0, upper};
  }
  static const VietnameseLetters letters;
  return letters.find(c);
}

// Letters that only proper (Unicode) Vietnamese has: ă đ ĩ ũ ơ ư and U+1EA0–U+1EF9.
bool is_unicode_only_vietnamese(char32_t c) {
  return (c >= 0x1EA0 && c <= 0x1EF9) ||
         std::u32string_view(U"ĂăĐđĨĩŨũƠơƯư").find(c) != std::u32string_view::npos;
}

// ---- Vietnamese syllables --------------------------------------------------

// Longest first, so that "ngh" is tried before "ng" and "n".
constexpr std::array<std::u32string_view, 28> kInitials = {
    U"ngh", U"ng", U"gh", U"gi", U"kh", U"nh", U"ph", U"qu", U"th", U"tr", U"ch", U"b", U"c", U"d",
    U"đ",   U"g",  U"h",  U"k",  U"l",  U"m",  U"n",  U"p",  U"r",  U"s",  U"t",  U"v", U"x", U""};
constexpr std::array<std::u32string_view, 9> kFinals = {U"ch", U"ng", U"nh", U"c", U"m",
                                                        U"n",  U"p",  U"t",  U""};
// Vowel nuclei that may be followed by a final consonant.
constexpr std::array<std::u32string_view, 24> kClosableNuclei = {
    U"a",  U"ă",  U"â",  U"e",  U"ê",  U"i",  U"y",  U"o",  U"ô",  U"ơ",  U"u",   U"ư",
    U"iê", U"yê", U"uô", U"ươ", U"oa", U"oă", U"oe", U"uâ", U"uê", U"uy", U"uyê", U"oo"};
// Nuclei that end in a glide (or a diphthong that ends the syllable): no final.
constexpr std::array<std::u32string_view, 32> kOpenNuclei = {
    U"ai",  U"ao",  U"au",  U"ay",  U"âu",  U"ây",  U"eo",  U"êu",  U"ia",  U"iu",  U"oi",
    U"ôi",  U"ơi",  U"ua",  U"ui",  U"ưa",  U"ưi",  U"ưu",  U"uơ",  U"iêu", U"yêu", U"oai",
    U"oay", U"oao", U"oeo", U"uây", U"uôi", U"ươi", U"ươu", U"uya", U"uyu", U"uêu"};

template <std::size_t N>
bool contains(const std::array<std::u32string_view, N>& list, std::u32string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

bool spelled_like_syllable(std::u32string_view s) {
  for (std::u32string_view initial : kInitials) {
    if (!s.starts_with(initial)) continue;
    std::u32string_view rest = s.substr(initial.size());
    for (std::u32string_view final_consonant : kFinals) {
      if (rest.size() <= final_consonant.size() || !rest.ends_with(final_consonant)) continue;
      std::u32string_view nucleus = rest.substr(0, rest.size() - final_consonant.size());
      if (initial == U"qu" && nucleus.starts_with(U"u")) continue;
      if (contains(kClosableNuclei, nucleus)) return true;
      if (final_consonant.empty() && contains(kOpenNuclei, nucleus)) return true;
    }
  }
  return false;
}

bool is_syllable(const std::vector<Letter>& letters) {
  std::u32string bases;
  int tones = 0;
  for (const Letter& letter : letters) {
    bases += letter.base;
    tones += letter.tone != 0;
  }
  return tones <= 1 && spelled_like_syllable(bases);
}

std::optional<std::vector<Letter>> read_as_written(const std::vector<char32_t>& word) {
  std::vector<Letter> letters;
  for (char32_t c : word) {
    auto letter = vietnamese_letter(c);
    if (!letter) return std::nullopt;
    letters.push_back(*letter);
  }
  return letters;
}

// ---- TCVN3 (ABC) -------------------------------------------------------------
// TCVN 5712:1993 VN3, the ".Vn" fonts: byte (= the Latin-1 character it shows as)
// -> Vietnamese letter. Capitals with tones have no code of their own (the ".VnH"
// fonts draw the lowercase codes as capitals). Checked against glibc's TCVN5712-1
// converter in tests/unit/source_text_test.cpp.
constexpr std::u32string_view kTcvn3Shown =
    U"¡¢£¤¥¦§¨©ª«¬\u00AD®µ¶·¸¹»¼½¾ÆÇÈÉÊËÌÎÏÐÑÒÓÔÕÖ×ØÜÝÞßáâãäåæçèéêëìíîïñòóôõö÷øùúûüýþ";
constexpr std::u32string_view kTcvn3Letters =
    U"ĂÂÊÔƠƯĐăâêôơưđàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ";
static_assert(kTcvn3Shown.size() == kTcvn3Letters.size());

std::optional<std::vector<Letter>> read_as_tcvn3(const std::vector<char32_t>& word) {
  std::vector<Letter> letters;
  for (char32_t c : word) {
    if (c >= 0x80) {
      std::size_t at = kTcvn3Shown.find(c);
      if (at == std::u32string_view::npos) return std::nullopt;
      c = kTcvn3Letters[at];
    }
    auto letter = vietnamese_letter(c);
    if (!letter) return std::nullopt;
    letters.push_back(*letter);
  }
  return letters;
}

// ---- VNI (VNI-Windows) ---------------------------------------------------------
// A few letters have a byte of their own; the others are an ASCII vowel followed
// by a byte that adds the vowel mark and/or the tone ("a" + "ø" = "à",
// "e" + "ä" = "ệ"). Lower- and upper-case bytes do the same.
constexpr std::u32string_view kVniSingleShown = U"ñÑôÔöÖîÎìÌíÍæÆóÓòÒ";
constexpr std::u32string_view kVniSingleLetters = U"đĐơƠưƯỵỴìÌíÍỉỈĩĨịỊ";
static_assert(kVniSingleShown.size() == kVniSingleLetters.size());

// The byte after a vowel, by the vowel mark it adds: in each row the bytes for
// no tone, grave, acute, hook, tilde and dot below (' ': none), lower case; the
// upper-case bytes do the same.
constexpr std::array<char32_t, 6> kVniTones = {0, kGrave, kAcute, kHook, kTilde, kDotBelow};
struct VniMarks {
  char32_t vowel_mark;  // 0, kCircumflex (a e o) or kBreve (a)
  std::u32string_view lower;
  std::u32string_view upper;
};
constexpr std::array<VniMarks, 3> kVniMarks = {{
    {0, U" øùûõï", U" ØÙÛÕÏ"},
    {kCircumflex, U"âàáåãä", U"ÂÀÁÅÃÄ"},
    {kBreve, U"êèéúüë", U"ÊÈÉÚÜË"},
}};

struct VniMark {
  char32_t vowel_mark;
  char32_t tone;
};
std::optional<VniMark> vni_mark(char32_t c) {
  for (const VniMarks& row : kVniMarks) {
    std::size_t at = row.lower.find(c);
    if (at == std::u32string_view::npos) at = row.upper.find(c);
    if (at != std::u32string_view::npos) return VniMark{row.vowel_mark, kVniTones[at]};
  }
  return std::nullopt;
}

std::optional<std::vector<Letter>> read_as_vni(const std::vector<char32_t>& word) {
  std::vector<Letter> letters;
  for (char32_t c : word) {
    if (c < 0x80) {
      auto letter = vietnamese_letter(c);
      if (!letter) return std::nullopt;
      letters.push_back(*letter);
      continue;
    }
    if (std::size_t at = kVniSingleShown.find(c); at != std::u32string_view::npos) {
      letters.push_back(*vietnamese_letter(kVniSingleLetters[at]));
      continue;
    }
    const auto mark = vni_mark(c);  // c >= 0x80: never the ' ' of a row
    if (!mark || letters.empty()) return std::nullopt;
    Letter& previous = letters.back();
    if (previous.tone != 0 || !is_vowel(previous.base)) return std::nullopt;
    if (mark->vowel_mark == kCircumflex) {
      if (previous.base != 'a' && previous.base != 'e' && previous.base != 'o') return std::nullopt;
      previous.base = compose(previous.base, kCircumflex);
    } else if (mark->vowel_mark == kBreve) {
      if (previous.base != 'a') return std::nullopt;
      previous.base = compose(previous.base, kBreve);
    }
    previous.tone = mark->tone;
  }
  return letters;
}

// ---- Putting it together ---------------------------------------------------------

std::string to_utf8(char32_t c) {
  std::string out;
  icu::UnicodeString(static_cast<UChar32>(c)).toUTF8String(out);
  return out;
}

std::string spell(const std::vector<Letter>& letters) {
  std::string out;
  for (const Letter& letter : letters) {
    char32_t c = letter.tone ? compose(letter.base, letter.tone) : letter.base;
    if (letter.upper) c = static_cast<char32_t>(u_toupper(static_cast<UChar32>(c)));
    out += to_utf8(c);
  }
  return out;
}

bool is_word_character(char32_t c) {
  if (c < 0x80) return is_ascii_letter(c);
  if (c <= 0xFF) return c >= 0xA1;  // Latin-1, symbols included: TCVN3 letters look like them
  int8_t type = u_charType(static_cast<UChar32>(c));
  return u_isalpha(static_cast<UChar32>(c)) || type == U_NON_SPACING_MARK ||
         type == U_COMBINING_SPACING_MARK;
}

struct Sign {
  int word_index = 0;
  LegacyEncodingSign sign;
};

struct Evidence {
  int strong = 0;
  int weak = 0;
  std::vector<Sign> signs;  // kept until two close ones settle where()

  // Where to point: the first sign with another one close after it, so that a
  // lone "µm" early in the file does not hide the pasted paragraph further on.
  LegacyEncodingSign where() const {
    for (std::size_t i = 0; i + 1 < signs.size(); ++i)
      if (signs[i + 1].word_index - signs[i].word_index <= kCloseWords) return signs[i].sign;
    return signs.front().sign;
  }

  static constexpr int kCloseWords = 8;
};

// Detection over a stream of code points with their byte offsets.
class Detector {
 public:
  void add(char32_t c, std::size_t offset) {
    if (is_word_character(c)) {
      word_.push_back(c);
      offsets_.push_back(offset);
    } else {
      finish_word();
    }
  }

  std::optional<LegacyEncodingSign> verdict() {
    finish_word();
    const Evidence* best = nullptr;
    for (const Evidence* evidence : {&tcvn3_, &vni_}) {
      int total = evidence->strong + evidence->weak;
      bool fires = evidence->strong >= 3 || (evidence->strong >= 1 && total > proper_words_);
      if (fires && (!best || total > best->strong + best->weak)) best = evidence;
    }
    if (!best) return std::nullopt;
    return best->where();
  }

 private:
  void finish_word() {
    if (word_.empty()) return;
    ++word_index_;
    classify();
    word_.clear();
    offsets_.clear();
  }

  void classify() {
    bool has_ascii_letter = false;
    bool has_latin1 = false;
    bool strong = false;
    std::size_t first_latin1 = 0;
    for (std::size_t i = 0; i < word_.size(); ++i) {
      char32_t c = word_[i];
      if (is_unicode_only_vietnamese(c)) {
        ++proper_words_;
        return;
      }
      if (c > 0xFF) return;  // other scripts and marks: no legacy encoding shows those
      if (c < 0x80) {
        has_ascii_letter = true;
      } else {
        if (!has_latin1) first_latin1 = offsets_[i];
        has_latin1 = true;
        strong = strong || !vietnamese_letter(c);
      }
    }
    if (!has_ascii_letter || !has_latin1) return;
    if (auto as_written = read_as_written(word_); as_written && is_syllable(*as_written)) return;
    consider(LegacyEncoding::tcvn3, read_as_tcvn3(word_), strong, first_latin1, tcvn3_);
    consider(LegacyEncoding::vni, read_as_vni(word_), strong, first_latin1, vni_);
  }

  void consider(LegacyEncoding encoding, const std::optional<std::vector<Letter>>& reading,
                bool strong, std::size_t sign_offset, Evidence& evidence) {
    if (!reading || !is_syllable(*reading)) return;
    ++(strong ? evidence.strong : evidence.weak);
    // Once two signs are close together where() is settled: keep no more.
    auto& signs = evidence.signs;
    if (signs.size() >= 2 &&
        signs.back().word_index - signs[signs.size() - 2].word_index <= Evidence::kCloseWords)
      return;
    Sign sign;
    sign.word_index = word_index_;
    sign.sign.encoding = encoding;
    sign.sign.offset = sign_offset;
    for (char32_t c : word_) sign.sign.word += to_utf8(c);
    sign.sign.reading = spell(*reading);
    signs.push_back(std::move(sign));
  }

  std::vector<char32_t> word_;
  std::vector<std::size_t> offsets_;
  int proper_words_ = 0;
  int word_index_ = 0;
  Evidence tcvn3_;
  Evidence vni_;
};

}  // namespace

const char* legacy_encoding_name(LegacyEncoding encoding) {
  switch (encoding) {
    case LegacyEncoding::tcvn3: return "TCVN3 (ABC)";
    case LegacyEncoding::vni: return "VNI";
  }
  return "legacy";
}

std::optional<LegacyEncodingSign> detect_legacy_encoding(std::string_view utf8) {
  Detector detector;
  const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
  std::size_t length = utf8.size();
  for (std::size_t i = 0; i < length;) {
    std::size_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    detector.add(c < 0 ? U'\uFFFD' : static_cast<char32_t>(c), start);
  }
  return detector.verdict();
}

std::optional<LegacyEncodingSign> detect_legacy_encoding_in_bytes(std::string_view bytes) {
  Detector detector;
  for (std::size_t i = 0; i < bytes.size(); ++i)
    detector.add(static_cast<unsigned char>(bytes[i]), i);
  return detector.verdict();
}

namespace {

// The code points of `utf8` after NFC.
std::vector<char32_t> nfc_code_points(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString word =
      normalizer(true).normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(
                                     utf8.data(), static_cast<int32_t>(utf8.size()))),
                                 status);
  std::vector<char32_t> code_points;
  if (U_FAILURE(status)) return code_points;
  for (int32_t i = 0; i < word.length(); i = word.moveIndex32(i, 1))
    code_points.push_back(static_cast<char32_t>(word.char32At(i)));
  return code_points;
}

}  // namespace

std::optional<std::string> read_in_legacy_encoding(std::string_view utf8_word,
                                                   LegacyEncoding encoding) {
  std::vector<char32_t> word = nfc_code_points(utf8_word);
  auto letters = encoding == LegacyEncoding::tcvn3 ? read_as_tcvn3(word) : read_as_vni(word);
  if (!letters || letters->empty()) return std::nullopt;
  return spell(*letters);
}

bool is_vietnamese_syllable(std::string_view utf8_word) {
  std::vector<char32_t> word = nfc_code_points(utf8_word);
  if (word.empty()) return false;
  auto letters = read_as_written(word);
  return letters && is_syllable(*letters);
}

}  // namespace hocso
