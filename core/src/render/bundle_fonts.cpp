#include "bundle_fonts.h"

#include <system_error>

#include <fmt/format.h>

#include "entry_names.h"

namespace hocso {

namespace fs = std::filesystem;

namespace {

// The CSS format() of a font file, or "" when it is no font hocso embeds.
std::string font_format(const std::string& file) {
  const std::string ext = fs::path(file).extension().string();
  if (ext == ".woff2") return "woff2";
  if (ext == ".woff") return "woff";
  if (ext == ".ttf") return "truetype";
  if (ext == ".otf") return "opentype";
  return "";
}

// One segment of a bundle entry name (entry_names.h): also safe inside the
// stylesheet's url("…").
bool plain_file_name(const std::string& name) {
  return name.find('/') == std::string::npos && !check_entry_name(name);
}

}  // namespace

std::map<std::string, LanguageFonts> language_fonts(const Pack& pack, const LocalizeOptions& options,
                                                    Diagnostics& diagnostics) {
  std::map<std::string, LanguageFonts> out;
  const Location where = pack.document ? pack.document->locate("/languages") : Location{pack.pack_path};
  for (const auto& tag : pack.languages) {
    auto plugin = options.languages.find(tag);
    if (plugin == options.languages.end() || plugin->second.stage->info().fonts.empty()) continue;
    const LanguageInfo& info = plugin->second.stage->info();
    const fs::path& folder = plugin->second.plugin_data_dir;
    LanguageFonts fonts;
    fonts.stylesheet_href = fmt::format("fonts/{}/fonts.css", tag);
    fonts.stylesheet_entry = "assets/" + fonts.stylesheet_href;
    fonts.stylesheet = fmt::format("/* {} ({}): fonts from the lang-{} plugin; licences beside them */\n",
                                   info.english_name, tag, tag);
    // One family per font; the language's text tries them in order, glyph by glyph.
    std::string faces, families;
    int count = 0;
    bool usable = true;
    for (const auto& font : info.fonts) {
      for (const auto& [file, role] : {std::pair{font.file, "font"}, std::pair{font.license, "licence text"}}) {
        std::error_code ec;
        const bool ok = plain_file_name(file) && (role != std::string("font") || !font_format(file).empty()) &&
                        fs::is_regular_file(folder / file, ec);
        if (!ok) {
          diagnostics.error(where,
                            fmt::format("{} ({}) needs the {} '{}' in its plugin's data folder {}, and it is not "
                                        "there (or is not a .woff2/.woff/.ttf/.otf font, or its name is not made of "
                                        "A-Z a-z 0-9 . _ - starting with a letter or digit); install the font "
                                        "package the plugin names, or copy the file there (docs/translators.md, "
                                        "\"Fonts\")",
                                        info.english_name, tag, role, file, folder.string()),
                            "font-missing");
          usable = false;
          continue;
        }
        const std::string ext = fs::path(file).extension().string();
        fonts.files.push_back({fmt::format("assets/fonts/{}/{}", tag, file), folder / file,
                               ext == ".woff" || ext == ".woff2"});
      }
      const std::string family = fmt::format("hocso {} {}", tag, ++count);
      faces += fmt::format("@font-face {{ font-family: \"{}\"; src: url(\"{}\") format(\"{}\"); font-display: swap; }}\n",
                           family, font.file, font_format(font.file));
      families += fmt::format("\"{}\", ", family);
    }
    if (!usable) continue;
    fonts.stylesheet += faces + fmt::format(":lang({}) {{ font-family: {}\"Noto Sans\", \"Segoe UI\", Roboto, Arial, sans-serif; }}\n",
                                            tag, families);
    out.emplace(tag, std::move(fonts));
  }
  return out;
}

}  // namespace hocso
