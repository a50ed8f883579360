#pragma once
// Shared by the lang-* plugins (header only; this folder is not a plugin): a
// LanguageStage built from a LanguageInfo and the Unicode ranges the language's
// letters are written with. Each lang-<tag> folder defines its language with
// HOCSO_LANGUAGE_PLUGIN below.

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hocso/plugin.h"

namespace hocso::lang {

using Range = std::pair<char32_t, char32_t>;

// Latin letters and the combining marks Latin orthographies of Vietnam use
// (Vietnamese tones, Mường U+0312 / U+0320 and others in U+0300–036F).
inline const std::vector<Range> kLatin = {{U'A', U'Z'}, {U'a', U'z'}, {0x00C0, 0x024F}, {0x0300, 0x036F},
                                          {0x1E00, 0x1EFF}};
// The Tai Viet block.
inline const std::vector<Range> kTaiViet = {{0xAA80, 0xAADF}};

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

// Defines a language plugin named lang-<tag>: `make_info()` returns its LanguageInfo.
#define HOCSO_LANGUAGE_PLUGIN(plugin_name, summary_text, make_info, letters)                              \
  namespace {                                                                                            \
  void register_language(hocso::StageRegistry* registry) {                                               \
    registry->add_language(std::make_unique<hocso::lang::ScriptLanguage>(make_info(), letters));          \
  }                                                                                                      \
  const hocso_plugin_info kInfo{.name = plugin_name, .version = "1.0.0", .summary = summary_text,        \
                                .register_stages = register_language};                                   \
  }                                                                                                      \
  HOCSO_PLUGIN(kInfo)
