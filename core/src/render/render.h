#pragma once
// Rendering the pack into the bundle's pages: static HTML that opens in any
// browser, and the structured lesson JSON that apps read.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "coverage.h"
#include "markdown.h"
#include "model.h"
#include "page_labels.h"
#include "search_index.h"
#include "text_field.h"

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

// A unit's narration as stored in the bundle (audio_jobs.h; decision 0023).
struct UnitAudio {
  std::string path;  // "media/<sha256>.opus"
  std::uint64_t size = 0;
  double duration_seconds = 0;
  std::string language;
  std::string voice;  // a machine voice's name (decision 0024); empty: a person's recording
};
// The narration of a unit ("intro", "step-2", "quiz-1", audio_sources.h) in a
// language, or nullopt: none, or stale.
using AudioResolver = std::function<std::optional<UnitAudio>(const std::string& unit, const std::string& language)>;

struct RenderedLesson {
  std::string html;    // <lang>/<lesson>.html
  std::string json;    // <lang>/<lesson>.json
  SearchEntry search;  // what the search index keeps of the page
};

// What localization decided for a lesson in one language (localize_lessons()
// finds it; the page shows it): the language each part of the body and each
// front-matter text is shown in, the sha256 (hex) of their source texts, and
// the share of the lesson translated.
struct ShownUnit {
  std::string language;
  std::string source_sha256;
};
struct ShownField {
  TextField field;
  std::string language;
  std::string source_sha256;
};
struct LessonLocalization {
  std::vector<ShownUnit> units;    // [0] the intro, [i] step i
  std::vector<ShownField> fields;  // in segment order; a text not listed is in the source language
  Coverage coverage;               // of the page's language alone
  // The language `field` is shown in; nullptr when it is not listed.
  const std::string* language_of(const TextField& field) const;
};

// A lesson as the pages of one language show it: its translated copy's summary
// and what localization decided for it.
struct ShownLesson {
  const LessonSummary* lesson = nullptr;
  const LessonLocalization* localization = nullptr;
};
// By lesson id; a lesson not listed is shown as the pack has it (source language).
using ShownLessons = std::map<std::string, ShownLesson>;

// <lang>/<lesson>.html and .json. `shown` gives the translated titles of the
// lessons it links to. `localization`, for a translated page, says what each
// part is shown in: a front-matter text in another language than the page's
// gets that `lang` attribute and the class "fallback", and each group of them a
// quiet note; a step (or the intro) shown in another language gets `lang`, the
// class "fallback", its source hash and a visible note; the JSON records for
// each step its shown language, source hash and whether it falls back, and the
// lesson's front-matter freshness and coverage.
// `stylesheets`: more stylesheets the page links, relative to assets/ (a
// language's fonts: "fonts/blt-Tavt-VN/fonts.css").
// `labels`: the page's language and its words around the lesson (page_labels.h);
// a label shown in another language carries that `lang`.
// `names`: the pack languages' native names, for the header that says which
// language the page is in and switches to the same page in the others (a
// language missing there gets language_name()). The language index has it too.
RenderedLesson render_lesson(const Pack& pack, const Lesson& lesson, const PageLabels& labels,
                             const MediaResolver& media, const ShownLessons& shown = {},
                             const std::vector<std::string>& stylesheets = {},
                             const LessonLocalization* localization = nullptr,
                             const std::map<std::string, std::string>& names = {},
                             const AudioResolver& audio = {});

// A digest of what a page of `shown`'s language shows of the other lessons of
// the pack (the titles of those it requires and of the next one, and the
// languages they are shown in): equal digests, and no lesson page changes
// because another lesson did (the build record, decision 0026).
std::string links_digest(const Pack& pack, const ShownLessons& shown);

// <lang>/index.html: the lessons by their titles in `lang` (from `shown`), marked
// like render_lesson() marks them where they fall back.
// The pack's title and summary are the labels' (translated where ui.po has them).
std::string render_language_index(const Pack& pack, const PageLabels& labels, const ShownLessons& shown = {},
                                  const std::vector<std::string>& stylesheets = {},
                                  const std::map<std::string, std::string>& names = {});

// The visible note on text shown in `shown_lang` instead of the page's language,
// written in `shown_lang` where its labels have the note (PageLabels::note_for()),
// with that `lang`. `quiet`: smaller, for short texts.
std::string fallback_note(const PageLabels& labels, const std::string& shown_lang, bool quiet = false);
// index.html: each language by its native name (`names`; a language missing there
// gets language_name()) with its share of translated text (0..1, as in the
// manifest's languages; a language missing from `coverage` shows 0%).
// `labels`: those of the pack's source language.
std::string render_root_index(const Pack& pack, const std::map<std::string, double>& coverage,
                              const std::map<std::string, std::string>& names, const PageLabels& labels);
std::string viewer_stylesheet();                                             // assets/hocso.css
std::string viewer_script();                                                 // assets/hocso.js

// The native name of vi and en ("Tiếng Việt"), or the tag; language plugins
// name the others (LanguageInfo::native_name).
std::string language_name(const std::string& tag);

// Where a link in a lesson body may point in the bundle: another lesson's page,
// an anchor, or an https address; nullopt for anything else.
std::optional<std::string> resolve_lesson_link(const Pack& pack, const std::string& target);

}  // namespace hocso
