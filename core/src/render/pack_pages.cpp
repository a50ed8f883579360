#include "pack_pages.h"

#include <cmath>

#include "fallback_chain.h"
#include "handout_style.h"
#include "search_index.h"

namespace hocso {

std::string assets_stylesheet() { return viewer_stylesheet() + search_stylesheet() + handout_stylesheet(); }

std::optional<PageSetup> make_page_setup(const Pack& pack, const LocalizeOptions& localize, Diagnostics& diagnostics) {
  const int errors_before = diagnostics.error_count();
  PageSetup setup;
  setup.fonts = language_fonts(pack, localize, diagnostics);
  if (auto labels = localize_page_labels(pack, localize, diagnostics)) setup.labels = std::move(*labels);
  for (const auto& lang : pack.languages) {
    // The fonts of the page's language and of every language its text may fall
    // back to (a fallback block carries that language's `lang`): relative to assets/.
    std::vector<std::string> sheets;
    for (const auto& shown : fallback_chain(lang, localize.fallbacks, pack.source_language))
      if (auto f = setup.fonts.find(shown); f != setup.fonts.end()) sheets.push_back(f->second.stylesheet_href);
    setup.stylesheets[lang] = sheets;
    setup.names[lang] = native_language_name(localize, lang);
  }
  if (diagnostics.error_count() > errors_before) return std::nullopt;
  return setup;
}

RenderedLesson render_lesson_page(const Pack& pack, const PageSetup& setup, const std::string& lang,
                                  const Lesson& lesson, const LocalizedLessons& translations,
                                  const ShownLessons& shown, const MediaResolver& media,
                                  const AudioResolver& audio) {
  auto translated = translations.find({lang, lesson.id});
  const bool is_translated = translated != translations.end();
  return render_lesson(pack, is_translated ? *translated->second.lesson : lesson, setup.labels.at(lang), media, shown,
                       setup.stylesheets.at(lang), is_translated ? &translated->second.shown : nullptr, setup.names, audio);
}

std::map<std::string, double> language_coverage(const Pack& pack, const LocalizedSummaries& translations) {
  std::map<std::string, double> coverage;
  for (const auto& lang : pack.languages) {
    Coverage total;
    for (const auto& lesson : pack.lessons) {
      auto it = translations.find({lang, lesson.id});
      if (it != translations.end()) total += it->second.shown.coverage;
    }
    coverage[lang] = lang == pack.source_language ? 1.0 : std::floor(total.percent() * 10) / 1000;
  }
  return coverage;
}

std::string root_index_page(const Pack& pack, const PageSetup& setup, const LocalizedSummaries& translations) {
  return render_root_index(pack, language_coverage(pack, translations), setup.names,
                           setup.labels.at(pack.source_language));
}

std::string language_index_page(const Pack& pack, const PageSetup& setup, const std::string& lang,
                                 const LocalizedSummaries& translations) {
  return render_language_index(pack, setup.labels.at(lang), shown_lessons(translations, lang),
                               setup.stylesheets.at(lang), setup.names);
}

}  // namespace hocso
