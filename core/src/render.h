#pragma once
// Rendering the pack into the bundle's pages: static HTML that opens in any
// browser, and the structured lesson JSON that apps read.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "markdown.h"
#include "model.h"

namespace hocso {

// A screenshot as stored in the bundle.
struct MediaFile {
  std::string path;  // "media/<sha256>.<ext>"
  std::uint64_t size = 0;
  int width = 0;
  int height = 0;
};

// Gives the bundle path of a lesson image (after it is stored), or nullopt when
// it cannot be used (the validator has said why).
using MediaResolver = std::function<std::optional<MediaFile>(const Lesson&, const SourceReference&)>;

struct RenderedLesson {
  std::string html;  // <lang>/<lesson>.html
  std::string json;  // <lang>/<lesson>.json
};

// A lesson as the pages of one language show it: its translated copy, and the
// language of each front-matter text ("/title", "/quiz/0/choices/1" -> "vi")
// that is not in the page's language.
struct ShownLesson {
  const Lesson* lesson = nullptr;
  std::map<std::string, std::string> field_languages;
};
// By lesson id; a lesson not listed is shown as the pack has it (source language).
using ShownLessons = std::map<std::string, ShownLesson>;

// <lang>/<lesson>.html and .json. `shown` gives the translated titles of the
// lessons it links to and the language of its own front-matter texts: a text in
// another language than the page's gets that `lang` attribute and the class
// "fallback", and each group of them a quiet note.
// `stylesheets`: more stylesheets the page links, relative to assets/ (a
// language's fonts: "fonts/blt-Tavt-VN/fonts.css").
// `self`, when given, is how this lesson itself is shown (in place of its entry
// in `shown`, which may be a summary that knows only its title and summary).
RenderedLesson render_lesson(const Pack& pack, const Lesson& lesson, const std::string& lang,
                             const MediaResolver& media, const ShownLessons& shown = {},
                             const std::vector<std::string>& stylesheets = {}, const ShownLesson* self = nullptr);

// <lang>/index.html: the lessons by their titles in `lang` (from `shown`), marked
// like render_lesson() marks them where they fall back.
std::string render_language_index(const Pack& pack, const std::string& lang, const ShownLessons& shown = {},
                                  const std::vector<std::string>& stylesheets = {});

// The visible note on text shown in `shown_lang` instead of the page's language:
// in Vietnamese when the text is Vietnamese, else in English (never invented
// text in a language hocso has no words for). `quiet`: smaller, for short texts.
std::string fallback_note(const std::string& shown_lang, bool quiet = false);
// index.html: each language by its native name (`names`; a language missing there
// gets language_name()) with its share of translated text (0..1, as in the
// manifest's languages; a language missing from `coverage` shows 0%).
std::string render_root_index(const Pack& pack, const std::map<std::string, double>& coverage,
                              const std::map<std::string, std::string>& names);
std::string viewer_stylesheet();                                             // assets/hocso.css
std::string viewer_script();                                                 // assets/hocso.js

// The native name of vi and en ("Tiếng Việt"), or the tag; language plugins
// name the others (LanguageInfo::native_name).
std::string language_name(const std::string& tag);

// Where a link in a lesson body may point in the bundle: another lesson's page,
// an anchor, or an https address; nullopt for anything else.
std::optional<std::string> resolve_lesson_link(const Pack& pack, const std::string& target);

}  // namespace hocso
