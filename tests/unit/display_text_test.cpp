#include "display_text.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "diagnostics.h"

using namespace hocso;

TEST_CASE("hidden characters are shown as visible escapes, everything else as it is") {
  CHECK(display_text("Tiếng Việt — Thái Đen ꪼꪕ") == "Tiếng Việt — Thái Đen ꪼꪕ");
  CHECK(display_text("a\x1b[2K\rb") == "a\\x1b[2K\\x0db");
  CHECK(display_text("tab\there\nnew") == "tab\\x09here\\x0anew");
  CHECK(display_text("tab\there", Tabs::keep) == "tab\there");
  CHECK(display_text("del\x7f c1\xc2\x85") == "del\\x7f c1\\u0085");
  // Bidi controls, zero-width and invisible format characters, separators.
  CHECK(display_text("\u202eexe.txt") == "\\u202eexe.txt");
  for (const char* hidden : {"\u202a", "\u202b", "\u202c", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069",
                             "\u200e", "\u200f", "\u061c", "\u200b", "\u200c", "\u200d", "\ufeff", "\u2060",
                             "\u2064", "\u00ad", "\u2028", "\u2029", "\u3164"}) {
    const std::string text = hidden;
    CAPTURE(text);
    CHECK(display_text(text).rfind("\\u", 0) == 0);
  }
  CHECK(display_text("\U000e0041") == "\\U000e0041");  // a tag character
  // Bytes that are not UTF-8 are shown byte by byte.
  CHECK(display_text("a\xff\xc3(") == "a\\xff\\xc3(");
  CHECK(display_text("") == "");
}

TEST_CASE("JSON keeps the text, with hidden characters as JSON escapes") {
  const nlohmann::json doc = {{"name", "vi/\u202eexe\u200b\x1b\U000e0041 Việt"}};
  const std::string text = escape_hidden_in_json(doc.dump());
  CHECK(text == "{\"name\":\"vi/\\u202eexe\\u200b\\u001b\\udb40\\udc41 Việt\"}");
  CHECK(nlohmann::json::parse(text) == doc);
}

TEST_CASE("the diagnostics printer escapes messages and source lines, and the caret follows") {
  Diagnostics diagnostics;
  diagnostics.remember_source("a\x1b.md", "title: \u202eabc\tx\n");
  diagnostics.error({"a\x1b.md", 1, 13}, "unknown value \"\u202eabc\"\r\x1b[32mOK", "demo");
  CHECK(format_human(diagnostics.all()[0], diagnostics) ==
        "a\\x1b.md:1:13: error: unknown value \"\\u202eabc\"\\x0d\\x1b[32mOK [demo]\n"
        "title: \\u202eabc\tx\n"
        "                \t^\n");
}
