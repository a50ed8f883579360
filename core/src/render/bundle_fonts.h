#pragma once
// Fonts the pack's languages need (LanguageInfo::fonts): each font and its
// licence text, from the language plugin's data folder, go into the bundle
// under assets/fonts/<tag>/ with a stylesheet that the language's pages link.
// The stylesheet is a file, not inline style, because the kiosk server's
// Content-Security-Policy (default-src 'self') allows no inline style; it and
// the fonts come from the bundle itself, so a page makes no outside request.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "localize.h"
#include "model.h"

namespace hocso {

struct FontEntry {
  std::string entry;               // "assets/fonts/blt-Tavt-VN/TaiHeritagePro-Regular.woff"
  std::filesystem::path source;    // in the plugin's data folder
  bool compressed = false;         // WOFF/WOFF2 are compressed already: stored, not deflated
};

struct LanguageFonts {
  std::vector<FontEntry> files;    // fonts and their licence texts
  std::string stylesheet_entry;    // "assets/fonts/<tag>/fonts.css"
  std::string stylesheet_href;     // the same, relative to assets/ (what pages link)
  std::string stylesheet;          // @font-face rules and the :lang(<tag>) font family
};

// By language tag, for each pack language whose plugin names fonts. A font or
// licence file that is not a plain file name or not in the plugin's data folder
// is an error [font-missing] at the pack's `languages`, saying how to supply it.
std::map<std::string, LanguageFonts> language_fonts(const Pack& pack, const LocalizeOptions& options,
                                                    Diagnostics& diagnostics);

}  // namespace hocso
