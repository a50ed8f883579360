#include "display_text.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>

#include <fmt/format.h>

namespace hocso {

bool is_hidden_character(char32_t code_point) {
  const auto c = static_cast<UChar32>(code_point);
  switch (u_charType(c)) {
    case U_CONTROL_CHAR:         // Cc: C0, DEL, C1
    case U_FORMAT_CHAR:          // Cf: bidi controls, zero-width and invisible characters, tags
    case U_LINE_SEPARATOR:       // Zl: U+2028
    case U_PARAGRAPH_SEPARATOR:  // Zp: U+2029
      return true;
    default:
      break;
  }
  // Letters by category, blank on screen: the Hangul fillers.
  return c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0;
}

namespace {

// Calls each(out, c, bytes, start, end) for every code point of `text` in turn,
// with c < 0 for each malformed sequence (ICU's U8_NEXT); returns what they
// appended to one string.
template <typename Each>
std::string rewritten(std::string_view text, const Each& each) {
  std::string out;
  out.reserve(text.size());
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(text.size());
  for (std::int32_t i = 0; i < length;) {
    const std::int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    each(out, c, bytes, start, i);
  }
  return out;
}

}  // namespace

std::string display_text(std::string_view text, Tabs tabs) {
  return rewritten(text,
                   [&](std::string& out, UChar32 c, const std::uint8_t* bytes, std::int32_t start, std::int32_t end) {
                     if (c < 0) {
                       for (std::int32_t b = start; b < end; ++b) out += fmt::format("\\x{:02x}", bytes[b]);
                     } else if (!is_hidden_character(static_cast<char32_t>(c)) || (c == '\t' && tabs == Tabs::keep)) {
                       out.append(text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start)));
                     } else if (c < 0x80) {
                       out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
                     } else if (c <= 0xFFFF) {
                       out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
                     } else {
                       out += fmt::format("\\U{:08x}", static_cast<unsigned>(c));
                     }
                   });
}

std::string escape_hidden_in_json(std::string_view json) {
  return rewritten(json, [&](std::string& out, UChar32 c, const std::uint8_t*, std::int32_t start, std::int32_t end) {
    // JSON's own escapes already cover C0 inside strings, and outside strings
    // there is only ASCII punctuation and whitespace: below DEL is left alone.
    if (c < 0x7F || !is_hidden_character(static_cast<char32_t>(c))) {
      out.append(json.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start)));
    } else if (c <= 0xFFFF) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      const unsigned v = static_cast<unsigned>(c) - 0x10000;
      out += fmt::format("\\u{:04x}\\u{:04x}", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF));
    }
  });
}

}  // namespace hocso
