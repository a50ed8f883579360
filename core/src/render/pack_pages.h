#pragma once
// The pages of a pack, made the same way whatever carries them: a profile's
// bundle (bundle_builder.h) writes them into its zip, hocso preview keeps
// them in memory. One home for which entries a pack's viewer has and how each
// page is rendered from the lesson stream's lessons and translations.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bundle_fonts.h"
#include "diagnostics.h"
#include "localize.h"
#include "model.h"
#include "page_labels.h"
#include "render.h"

namespace hocso {

// assets/hocso.css: the viewer's rules, the search box's and the share block's.
std::string assets_stylesheet();

// What every page of the pack is made with.
struct PageSetup {
  std::map<std::string, LanguageFonts> fonts;  // by language: assets/fonts/<tag>/…
  std::map<std::string, PageLabels> labels;    // by page language (and every language their chains reach)
  // By pack language: more stylesheets its pages link, relative to assets/.
  std::map<std::string, std::vector<std::string>> stylesheets;
  std::map<std::string, std::string> names;    // by pack language: its native name
};

// The fonts (language_fonts()), the page labels (localize_page_labels()) and
// the languages' names; nullopt when something reported an error.
std::optional<PageSetup> make_page_setup(const Pack& pack, const LocalizeOptions& localize, Diagnostics& diagnostics);

// <lang>/<id>.html and .json of a loaded lesson in page language `lang`: its
// translated copy in `translations` when there is one, else the lesson itself.
// `shown`: how other lessons are shown in `lang` (shown_lessons()).
RenderedLesson render_lesson_page(const Pack& pack, const PageSetup& setup, const std::string& lang,
                                  const Lesson& lesson, const LocalizedLessons& translations,
                                  const ShownLessons& shown, const MediaResolver& media,
                                  const AudioResolver& audio = {});

// The share of each language's segments that is translated (0..1; fuzzy ones
// do not count), for the manifest and the language chooser.
std::map<std::string, double> language_coverage(const Pack& pack, const LocalizedSummaries& translations);

// index.html: the language chooser.
std::string root_index_page(const Pack& pack, const PageSetup& setup, const LocalizedSummaries& translations);
// <lang>/index.html: the lessons in `lang`.
std::string language_index_page(const Pack& pack, const PageSetup& setup, const std::string& lang,
                                 const LocalizedSummaries& translations);

}  // namespace hocso
