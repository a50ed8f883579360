#pragma once
// A LanguageStage built from a LanguageInfo and the Unicode ranges the
// language's letters are written with (header only; not a plugin): the
// languages defined as data (core/src/localize/language_data.cpp, from each
// plugins/lang-<tag>/language.yaml) are these, and a language plugin with code
// of its own may start from it (docs/plugins.md).

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hocso/plugin.h"

namespace hocso::lang {

using Range = std::pair<char32_t, char32_t>;

// Decodes UTF-8 (the host hands valid NFC text); invalid bytes become U+FFFD.
inline std::vector<char32_t> code_points(std::string_view text) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + static_cast<std::size_t>(len) > text.size()) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    char32_t c = len == 1 ? b : b & (0x7F >> len);
    for (int k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    out.push_back(c);
    i += static_cast<std::size_t>(len);
  }
  return out;
}

// A letter-like code point: outside ASCII punctuation, digits and spaces, and
// not general punctuation or symbols hocso's lessons use (quotes, dashes).
inline bool is_letter_like(char32_t c) {
  if (c < 0x80) return (c >= U'A' && c <= U'Z') || (c >= U'a' && c <= U'z');
  if (c >= 0x2000 && c <= 0x206F) return false;  // general punctuation
  if (c >= 0x2190 && c <= 0x21FF) return false;  // arrows ("Bước tiếp →")
  if (c == 0x00A0 || c == 0x00AB || c == 0x00BB || c == 0x00B7) return false;
  return true;
}

class ScriptLanguage final : public LanguageStage {
 public:
  ScriptLanguage(LanguageInfo info, std::vector<Range> letters) : info_(std::move(info)), letters_(std::move(letters)) {}
  const LanguageInfo& info() const override { return info_; }
  // Text arrives in NFC; nothing more is changed: NFC keeps Mường's combining
  // marks that have no precomposed form, and Tai Viet stays in visual order.
  std::string normalize(std::string_view text) const override { return std::string(text); }
  // Warns [orthography-script] about the first letter outside the language's script.
  void check(std::string_view text, const Location& where, PluginContext& context) const override {
    for (char32_t c : code_points(text)) {
      if (!is_letter_like(c) || allowed(c)) continue;
      char hex[16];
      std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(c));
      context.report({Severity::warning, where,
                      "character " + std::string(hex) + " is not written in " + info_.english_name + " (" + info_.tag +
                          "); is this text in another language or script?",
                      "orthography-script"});
      return;
    }
  }

 private:
  bool allowed(char32_t c) const {
    for (const auto& [lo, hi] : letters_)
      if (c >= lo && c <= hi) return true;
    return false;
  }
  LanguageInfo info_;
  std::vector<Range> letters_;
};

}  // namespace hocso::lang
