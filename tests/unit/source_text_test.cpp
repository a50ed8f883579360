#include "source_text.h"

#include <doctest/doctest.h>
#include <iconv.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "legacy_encoding.h"

using namespace hocso;

namespace {

struct Decoded {
  std::optional<std::string> text;
  std::vector<Diagnostic> diagnostics;
};

Decoded decode(std::string_view bytes, std::size_t max_bytes = 1 << 20) {
  Diagnostics diagnostics;
  Decoded result;
  result.text = decode_source_text(bytes, "lessons/x/lesson.md", diagnostics, max_bytes);
  result.diagnostics = diagnostics.all();
  return result;
}

// Asserts exactly one error with this place, message and check-id.
void check_refused(const Decoded& decoded, int line, int column, const std::string& message,
                   const std::string& check_id) {
  CHECK_FALSE(decoded.text.has_value());
  REQUIRE(decoded.diagnostics.size() == 1);
  const Diagnostic& d = decoded.diagnostics[0];
  CHECK(d.severity == Severity::error);
  CHECK(d.where.file == "lessons/x/lesson.md");
  CHECK(d.where.line == line);
  CHECK(d.where.column == column);
  CHECK(d.message == message);
  CHECK(d.check_id == check_id);
}

constexpr const char* kLegacyAdvice = "; convert the file to Unicode (UTF-8), e.g. with UniKey's converter";

// The words of a refusal: `word` looks like `encoding` ("TCVN3 (ABC)", "VNI")
// and would read `reading`, then the advice.
std::string looks_legacy(const std::string& word, const std::string& encoding, const std::string& reading) {
  return "\"" + word + "\" looks like text in the " + encoding + " legacy encoding (it would read \"" + reading +
         "\")" + std::string(kLegacyAdvice);
}

// The words of a refusal of control character `code_point` ("U+001B").
std::string control_character(const std::string& code_point) {
  return "control character " + code_point + "; remove it (only tab and line breaks are allowed)";
}

// The words of a refusal of invalid UTF-8 at `byte` ("0xC3") in no legacy encoding.
std::string invalid_utf8(const std::string& byte) {
  return "invalid UTF-8 (byte " + byte + "); save the file as Unicode (UTF-8)";
}

// Text as it looks when bytes in a legacy encoding are shown as Latin-1.
std::string latin1_to_utf8(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

// glibc's own TCVN 5712 converter, to check hocso's table against.
std::string to_tcvn3_bytes(const std::string& utf8) {
  iconv_t converter = iconv_open("TCVN5712-1", "UTF-8");
  REQUIRE(converter != reinterpret_cast<iconv_t>(-1));
  std::string in = utf8;
  std::string out(in.size() * 4, '\0');
  char* in_ptr = in.data();
  char* out_ptr = out.data();
  std::size_t in_left = in.size();
  std::size_t out_left = out.size();
  std::size_t rc = iconv(converter, &in_ptr, &in_left, &out_ptr, &out_left);
  iconv_close(converter);
  REQUIRE(rc != static_cast<std::size_t>(-1));
  out.resize(out.size() - out_left);
  return out;
}

// Real sentences from the lessons' field (DOMAIN.md), some foreign names and units.
const char* const kProperVietnamese =
    "---\n"
    "id: kich-hoat-vneid\n"
    "title: \"Kích hoạt tài khoản định danh điện tử\"\n"
    "---\n"
    "# Bình dân học vụ số\n"
    "\n"
    "Hòa Bình phát động phong trào ngày 15/5/2025; thanh niên tình nguyện dạy ở chợ,\n"
    "ở bản, cùng công an và nhà mạng. Từ 1/7/2025 Hòa Bình, Vĩnh Phúc và Phú Thọ là một\n"
    "tỉnh: Phú Thọ. Tài khoản VNeID có mức 1 và mức 2 (Nghị định 69/2024).\n"
    "Cài ứng dụng chỉ từ CH Play hoặc App Store → \"Kích hoạt tài khoản định danh điện tử\"\n"
    "→ số định danh + số điện thoại → mã OTP → mật khẩu → mã passcode 6 số.\n"
    "Thủ tục hành chính: đăng ký khai sinh, thường trú, cấp thẻ bảo hiểm y tế cho trẻ.\n"
    "Giao dịch trên 10 triệu đ cần xác thực khuôn mặt. Gọi điện giả danh công an xã:\n"
    "hãy cúp máy, đến trụ sở công an xã, gọi ngân hàng để khóa tài khoản.\n"
    "Hoà hay hòa, thuỷ hay thủy: khuya, khuỷu tay, ngoằn ngoèo, oái oăm, quốc, giữa, gì.\n"
    "Tên nước ngoài: Müller, Zürich, Nestlé, São Paulo, naïve, Noël, Ørsted, Ñandú.\n"
    "Đơn vị: 5 µm, 2×3 cm, 25°C, 10 m², ½ giờ, © 2025 Zalo®, «trích dẫn».\n"
    "Tiếng Mường: ơ̒ (ơ + U+0312). Chữ Thái: ꪼꪕ ꪩꪸ.\n";

}  // namespace

TEST_CASE("a UTF-8 BOM is stripped and CRLF and lone CR become LF") {
  Decoded decoded = decode("\xEF\xBB\xBFid: a\r\ntitle: b\rbody\r\n");
  CHECK(decoded.diagnostics.empty());
  REQUIRE(decoded.text.has_value());
  CHECK(*decoded.text == "id: a\ntitle: b\nbody\n");
}

TEST_CASE("decomposed (NFD) text becomes NFC") {
  // "Hoà Bình" typed on macOS: a + U+0300, i + U+0300.
  Decoded decoded = decode("Hoa\xCC\x80 Bi\xCC\x80nh\n");
  CHECK(decoded.diagnostics.empty());
  REQUIRE(decoded.text.has_value());
  CHECK(*decoded.text == "Ho\xC3\xA0 B\xC3\xACnh\n");          // U+00E0, U+00EC
  CHECK(to_nfc("Vie\xCC\xA3\xCC\x82t") == "Vi\xE1\xBB\x87t");  // e + dot + circumflex -> U+1EC7
}

TEST_CASE(
    "invalid UTF-8 is refused at the line and column (in code points) of the first bad byte") {
  check_refused(decode("tiêu đề\nxin chào \xC3( x\n"), 2, 10, invalid_utf8("0xC3"), "invalid-utf8");
  // Lines are counted the same whatever the line ends.
  check_refused(decode("a\r\nb\rc\n\xFF"), 4, 1, invalid_utf8("0xFF"), "invalid-utf8");
  // Overlong form, a surrogate, a sequence cut at the end of the file.
  check_refused(decode("ab\xC0\xAF"), 1, 3, invalid_utf8("0xC0"), "invalid-utf8");
  check_refused(decode("ở \xED\xA0\x80"), 1, 3, invalid_utf8("0xED"), "invalid-utf8");
  check_refused(decode("Việt\nab\xE1\xBA"), 2, 3, invalid_utf8("0xE1"), "invalid-utf8");
}

TEST_CASE("a UTF-16 file is refused with a message that says so") {
  check_refused(decode(std::string("\xFF\xFEi\0d\0", 6)), 1, 1,
                "the file is in UTF-16, not UTF-8; save it as Unicode (UTF-8)", "invalid-utf8");
}

TEST_CASE("NUL and other control characters are refused; tab is fine") {
  check_refused(decode(std::string("a\nb\0c", 5)), 2, 2,
                "NUL character (U+0000); remove it (only tab and line breaks are allowed)",
                "control-character");
  check_refused(decode("x\tđ\x1B[31m"), 1, 4, control_character("U+001B"), "control-character");
  check_refused(decode("a\x7F"), 1, 2, control_character("U+007F"), "control-character");
  check_refused(decode("ơ\xC2\x85"), 1, 2,  // U+0085, a C1 control
                control_character("U+0085"), "control-character");
  Decoded tab = decode("a\tb\n");
  CHECK(tab.diagnostics.empty());
  CHECK(tab.text == "a\tb\n");
}

TEST_CASE("files over the limit are refused") {
  check_refused(decode("0123456789A", 10), 0, 0,
                "the file is too large (11 bytes; the limit is 10 bytes)", "file-too-large");
  CHECK(decode("0123456789", 10).text == "0123456789");
}

TEST_CASE("proper Vietnamese is accepted unchanged") {
  Decoded decoded = decode(kProperVietnamese);
  CHECK(decoded.diagnostics.empty());
  REQUIRE(decoded.text.has_value());
  CHECK(*decoded.text == kProperVietnamese);
}

TEST_CASE("TCVN3 (ABC) text shown as Latin-1 is refused at the first sign") {
  check_refused(decode("Ninh B×nh"), 1, 7, looks_legacy("B×nh", "TCVN3 (ABC)", "Bình"), "legacy-encoding");
  check_refused(decode("---\ntitle: Hµ Néi\n---\nXin chµo c¸c b¹n\n"), 2, 9, looks_legacy("Hµ", "TCVN3 (ABC)", "Hà"),
                "legacy-encoding");
  check_refused(decode("ViÖt Nam"), 1, 3, looks_legacy("ViÖt", "TCVN3 (ABC)", "Việt"), "legacy-encoding");
  // Upper case from the .VnTimeH fonts uses the same codes.
  check_refused(decode("# VIÖT NAM\n"), 1, 5, looks_legacy("VIÖT", "TCVN3 (ABC)", "VIệT"), "legacy-encoding");
}

TEST_CASE("VNI text shown as Latin-1 is refused at the first sign") {
  check_refused(decode("Xin chaøo"), 1, 8, looks_legacy("chaøo", "VNI", "chào"), "legacy-encoding");
  check_refused(decode("Vieät Nam"), 1, 4, looks_legacy("Vieät", "VNI", "Việt"), "legacy-encoding");
  check_refused(decode("\n\nHaø Noäi"), 3, 3, looks_legacy("Haø", "VNI", "Hà"), "legacy-encoding");
  check_refused(decode("ÑAØ NAÜNG"), 1, 1, looks_legacy("ÑAØ", "VNI", "ĐÀ"), "legacy-encoding");
}

TEST_CASE("every VNI mark byte reads as its vowel mark and tone, in lower and upper case") {
  // One word a byte, in the order of the table: tones alone, then circumflex,
  // then breve, each without a tone and with grave, acute, hook, tilde, dot
  // below. A byte that is a Vietnamese letter too (ù, õ, â ...) is not a sign
  // alone: those words start with VNI's đ (ñ), which is.
  const std::pair<const char*, const char*> words[] = {
      {"chaøo", "chào"}, {"ñaù", "đá"},     {"ñuû", "đủ"},     {"ñaõ", "đã"}, {"taïi", "tại"},   {"ñaâu", "đâu"},
      {"ñeàn", "đền"},   {"ñaát", "đất"},   {"ñeå", "để"},     {"ñeã", "đễ"}, {"vieät", "việt"}, {"ñaêm", "đăm"},
      {"ñaèng", "đằng"}, {"ñaéng", "đắng"}, {"ñaúng", "đẳng"}, {"aüm", "ẵm"}, {"ñaëc", "đặc"},
  };
  // The place is the first byte above ASCII: its column counts characters.
  const auto first_sign = [](std::string_view word) {
    return static_cast<int>(std::find_if(word.begin(), word.end(), [](char c) { return c & 0x80; }) - word.begin()) + 1;
  };
  for (const auto& [word, reading] : words) {
    CAPTURE(std::string(word));
    check_refused(decode(word), 1, first_sign(word), looks_legacy(word, "VNI", reading), "legacy-encoding");
  }
  check_refused(decode("ÑAÊNG"), 1, 1, looks_legacy("ÑAÊNG", "VNI", "ĐĂNG"), "legacy-encoding");
  check_refused(decode("ÑEÅ"), 1, 1, looks_legacy("ÑEÅ", "VNI", "ĐỂ"), "legacy-encoding");
}

TEST_CASE("a TCVN3 paragraph pasted into proper Vietnamese is refused at the paste") {
  std::string text = std::string(kProperVietnamese) +
                     "\nThñ tôc hµnh chÝnh: ng­êi d©n ®­îc h­íng dÉn kÝch ho¹t tµi kho¶n.\n";
  Decoded decoded = decode(text);
  REQUIRE(decoded.diagnostics.size() == 1);
  CHECK(decoded.diagnostics[0].check_id == "legacy-encoding");
  CHECK(decoded.diagnostics[0].where.line == 20);
  CHECK(decoded.diagnostics[0].where.column == 3);
  CHECK(decoded.diagnostics[0].message.starts_with("\"Thñ\" looks like text in the TCVN3 (ABC)"));
}

TEST_CASE("the refusal shows the offending line with a caret") {
  Diagnostics diagnostics;
  CHECK_FALSE(decode_source_text("---\ntitle: Hµ Néi\n", "a.md", diagnostics).has_value());
  REQUIRE(diagnostics.all().size() == 1);
  CHECK(format_human(diagnostics.all()[0], diagnostics) ==
        "a.md:2:9: error: \"Hµ\" looks like text in the TCVN3 (ABC) legacy encoding (it would read "
        "\"Hà\"); convert the file to Unicode (UTF-8), e.g. with UniKey's converter "
        "[legacy-encoding]\n"
        "title: Hµ Néi\n"
        "        ^\n");
}

TEST_CASE("raw TCVN3 or VNI bytes are invalid UTF-8 and the message names the encoding") {
  check_refused(decode("Ninh B\xD7nh, H\xB5 N\xE9i\n"), 1, 7,
                "invalid UTF-8 (byte 0xD7): \"B×nh\" looks like text in the TCVN3 (ABC) legacy "
                "encoding (it would read \"Bình\")" +
                    std::string(kLegacyAdvice),
                "invalid-utf8");
  check_refused(decode("Xin cha\xF8o ca\xF9\x63 ba\xEFn"), 1, 8,
                "invalid UTF-8 (byte 0xF8): \"chaøo\" looks like text in the VNI legacy encoding "
                "(it would read \"chào\")" +
                    std::string(kLegacyAdvice),
                "invalid-utf8");
  // Windows-1252 French is invalid UTF-8 but no Vietnamese encoding.
  check_refused(decode("caf\xE9 cr\xE8me"), 1, 4, invalid_utf8("0xE9"), "invalid-utf8");
}

TEST_CASE("hocso's TCVN3 table agrees with glibc's TCVN 5712 converter for every letter") {
  // t + vowel + n with every vowel and tone covers each letter with a TCVN3 code.
  const char* const vowels[] = {"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"};
  const char* const tones[] = {"", "\xCC\x80", "\xCC\x81", "\xCC\x83", "\xCC\x89", "\xCC\xA3"};
  int checked = 0;
  for (const char* vowel : vowels) {
    for (const char* tone : tones) {
      std::string word = to_nfc(std::string("t") + vowel + tone + "n");
      std::string shown = latin1_to_utf8(to_tcvn3_bytes(word));
      CAPTURE(word);
      CAPTURE(shown);
      CHECK(read_in_legacy_encoding(shown, LegacyEncoding::tcvn3) == word);
      ++checked;
    }
  }
  CHECK(checked == 72);
  CHECK(read_in_legacy_encoding(latin1_to_utf8(to_tcvn3_bytes("đ")), LegacyEncoding::tcvn3) == "đ");
  // Whole sentences encoded by glibc are refused.
  std::string shown =
      latin1_to_utf8(to_tcvn3_bytes("người dân được hướng dẫn kích hoạt tài khoản"));
  Decoded decoded = decode(shown);
  REQUIRE(decoded.diagnostics.size() == 1);
  CHECK(decoded.diagnostics[0].check_id == "legacy-encoding");
  CHECK(decoded.diagnostics[0].message.starts_with(
      "\"ng\xC2\xAD\xC3\xAAi\" looks like text in the TCVN3 (ABC) legacy encoding (it would read "
      "\"người\")"));
}

TEST_CASE("VNI letters read as Vietnamese") {
  CHECK(read_in_legacy_encoding("ñöôïc", LegacyEncoding::vni) == "được");
  CHECK(read_in_legacy_encoding("nguyeãn", LegacyEncoding::vni) == "nguyễn");
  CHECK(read_in_legacy_encoding("aên", LegacyEncoding::vni) == "ăn");
  CHECK(read_in_legacy_encoding("Kính", LegacyEncoding::vni) == "Kính");
  CHECK(read_in_legacy_encoding("Khuyeát", LegacyEncoding::vni) == "Khuyết");
  CHECK_FALSE(
      read_in_legacy_encoding("ø", LegacyEncoding::vni).has_value());  // a tone with no vowel
  CHECK_FALSE(read_in_legacy_encoding("bê", LegacyEncoding::vni).has_value());  // breve on b
}

TEST_CASE("Vietnamese syllables are recognised") {
  for (const char* word : {"a", "ở", "nghiêng", "Việt", "quá", "gì", "giữa", "khuya", "khuỷu",
                           "người", "ngoằn", "xoong", "thuở", "HOÀ", "Hoà", "Hòa", "yêu", "oái"})
    CHECK_MESSAGE(is_vietnamese_syllable(word), word);
  CHECK(is_vietnamese_syllable("Vie\xCC\xA3\xCC\x82t"));  // NFD
  for (const char* word : {"", "Windows", "café", "B×nh", "Müller", "tr", "ñi", "caùc", "vieät",
                           "hàà", "bảá", "Néi", "xyz", "aim"})
    CHECK_FALSE_MESSAGE(is_vietnamese_syllable(word), word);
}

TEST_CASE("read_source_file reads, decodes and refuses what it cannot read") {
  namespace fs = std::filesystem;
  fs::path folder = fs::path(HOCSO_BINARY_DIR) / "test-tmp" / "source_text_test";
  fs::remove_all(folder);
  fs::create_directories(folder);
  fs::path good = folder / "lesson.md";
  {
    std::ofstream out(good, std::ios::binary);
    out << "\xEF\xBB\xBF---\r\ntitle: Xin chào\r\n---\r\n";
  }
  Diagnostics diagnostics;
  CHECK(read_source_file(good.string(), "lessons/a/lesson.md", diagnostics) ==
        "---\ntitle: Xin chào\n---\n");
  CHECK(diagnostics.all().empty());
  CHECK(diagnostics.source_line("lessons/a/lesson.md", 2) == "title: Xin chào");

  CHECK_FALSE(read_source_file((folder / "missing.md").string(), "missing.md", diagnostics));
  CHECK_FALSE(read_source_file(folder.string(), "folder", diagnostics));
  CHECK_FALSE(read_source_file(good.string(), "small.md", diagnostics, 10));
  auto all = diagnostics.all();
  REQUIRE(all.size() == 3);
  CHECK(all[0].where.file == "missing.md");
  CHECK(all[0].where.line == 0);
  CHECK(all[0].message == "cannot read the file: No such file or directory");
  CHECK(all[0].check_id == "file-unreadable");
  CHECK(all[1].message == "cannot read the file: it is not a regular file");
  CHECK(all[1].check_id == "file-unreadable");
  CHECK(all[2].message == "the file is too large (31 bytes; the limit is 10 bytes)");
  CHECK(all[2].check_id == "file-too-large");
  fs::remove_all(folder);
}
