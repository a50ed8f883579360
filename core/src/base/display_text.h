#pragma once
// Untrusted text (names and titles from a bundle, a source file or a network
// reply) made safe to print. A terminal obeys escape sequences and carriage
// returns, and bidi overrides and invisible characters make one text look like
// another: printed raw, an entry name can draw a fake "OK" line over a refusal,
// or hide what a name really is. Every such character is shown as a visible
// escape instead; everything else (Vietnamese included) is printed as it is.

#include <string>
#include <string_view>

namespace hocso {

// Whether a code point is shown as an escape: control characters (C0, DEL, C1),
// format characters (Unicode category Cf: bidi controls U+202A–202E,
// U+2066–2069, U+200E/200F, U+061C; zero-width and invisible characters
// U+200B–200D, U+2060–2064, U+FEFF, the soft hyphen, tag characters …), line
// and paragraph separators (U+2028/2029), and the invisible Hangul fillers.
bool is_hidden_character(char32_t code_point);

enum class Tabs { escape, keep };

// `text` with every hidden character written as `\xHH` (ASCII) or `\uHHHH` /
// `\UHHHHHHHH`, and every byte that is not valid UTF-8 as `\xHH` (so a C1
// control, \u0085, is not mistaken for the byte 0x85).
// Tabs are kept only with Tabs::keep (a source line under which a caret is
// aligned). Never fails.
std::string display_text(std::string_view text, Tabs tabs = Tabs::escape);

// A serialized JSON document with every hidden character inside its strings
// written as a JSON escape (`\u202e`, a surrogate pair above U+FFFF): the same
// document for a JSON parser, safe bytes for a terminal. `json` must be valid
// UTF-8 (nlohmann's dump with error_handler_t::replace gives that).
std::string escape_hidden_in_json(std::string_view json);

}  // namespace hocso
