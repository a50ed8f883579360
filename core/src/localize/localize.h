#pragma once
// Localized lessons for the build: a copy of a lesson with its segments
// translated by the pack's localize stage (a plugin; translate-po reads
// content/i18n/<lang>/<lesson>.po), step by step. A step (or the intro) is shown
// in the first language of the chain (the language, its fallbacks, the source
// language) that translates all of its segments, so a page never mixes
// languages inside a step; front-matter texts fall back one by one. What each
// step and text is shown in, and the hash of its source text, is recorded.

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "coverage.h"
#include "diagnostics.h"
#include "fallback_chain.h"
#include "model.h"
#include "render.h"

namespace hocso {

// The localize stage a pack uses and what it is called with.
struct LocalizeStageChoice {
  LocalizeStage* stage = nullptr;
  std::string name;
  std::string settings_json = "{}";
  std::string plugin_file;               // for messages
  std::filesystem::path data_dir;        // hocso's data folder
  std::filesystem::path plugin_data_dir;
};

// An installed language plugin.
struct LanguagePlugin {
  const LanguageStage* stage = nullptr;
  std::string plugin_file;               // for messages
  std::filesystem::path plugin_data_dir; // where its fonts are
};

struct LocalizeOptions {
  std::string stage_name = "translate-po";       // the stage the pack wants (for messages)
  std::optional<LocalizeStageChoice> stage;      // nullopt: not installed
  // Each language's declared fallbacks (its plugin's); the order languages are
  // tried in is fallback_chain()'s.
  DeclaredFallbacks fallbacks;
  // Installed language plugins by tag: translations pass their normalize() and check().
  std::map<std::string, LanguagePlugin> languages;
  // The build cache the localize stage may use (PluginContext::cache()).
  const StageCache* cache = nullptr;
  // The lesson front matter's JSON Schema: translated texts get the limits its
  // source texts have (schema_limits.h). Null: no limits known.
  nlohmann::json lesson_schema;
};

// A lesson in one language: its translated copy, and what its pages show in
// which language (render_lesson() marks it).
struct LocalizedLesson {
  std::unique_ptr<Lesson> lesson;  // the translated copy (no front_matter document)
  LessonLocalization shown;
};

// What other pages, indexes and the manifest need of a translation: the copy's
// summary, the languages of its title and summary, and coverage.
struct LocalizedSummary {
  LessonSummary lesson;
  LessonLocalization shown;
};
LocalizedSummary summary_of(const LocalizedLesson& localized);

// Translated lessons by (language, lesson id), in full (a batch's) or their
// summaries (every lesson's); source-language pages use the lessons themselves.
using LocalizedLessons = std::map<std::pair<std::string, std::string>, LocalizedLesson>;
using LocalizedSummaries = std::map<std::pair<std::string, std::string>, LocalizedSummary>;

// A batch of loaded lessons (in pack order) and their translations in full;
// from a first read, also the batch's lessons taken from the stream record
// instead (stream_record.h: unchanged since the last read), as their summaries.
struct LocalizedBatch {
  const std::vector<const Lesson*>& lessons;
  const LocalizedLessons& translations;
  std::span<const LessonSummary* const> recalled = {};
  // With a stream record: the digest of each of the batch's lessons' own files
  // (lesson_inputs_digest()), by id, as the stream computed it before reading.
  const std::map<std::string, std::string>* inputs = nullptr;
};

// Translates `lessons` (loaded ones of `pack`, not summaries: a batch) into
// every language of the pack other than its source language, asking the
// localize stage once per language and lesson. A pack in several languages
// without an installed localize stage is an error
// [localize-stage-missing]. A translation that changes the markup of its source
// (link targets, images, code spans, emphasis, block structure) or carries raw
// HTML is an error [translation-markup] at the catalog file and line. A
// translation passes its language plugin's normalize(), then check(). Returns
// nullopt when it reported an error.
// Lessons are translated on up to `jobs` threads; the stage and language plugins
// are still called one at a time, and diagnostics come in the lessons' order.
// `reports` (one per lesson), when given, gets each lesson's diagnostics
// instead of `diagnostics` (which still gets those of the whole pack).
std::optional<LocalizedLessons> localize_lessons(const Pack& pack, const std::vector<const Lesson*>& lessons,
                                                 const LocalizeOptions& options, Diagnostics& diagnostics,
                                                 unsigned jobs = 1, std::vector<Diagnostics>* reports = nullptr);

// The page labels (page_labels.h) of each language of the pack, by tag, and of
// every language their chains reach: for each language of a chain other than
// "vi" (the msgids), content/i18n/<language>/ui.po through the localize stage
// (msgctxt "ui"; the pack's title and summary under pack_texts_context()), over
// its language plugin's labels.yaml. A translation whose placeholders differ
// from its msgid's is an error at its catalog line [label-placeholder];
// translations pass the language plugin's normalize() and check() like lesson
// texts. Each page's labels carry a fallback note for every language of its
// chain: in the page's own language when it has fallback_note_in (which names
// the language shown), else that language's fallback_note. nullopt when it
// reported an error.
// A language's own name: its language plugin's native_name, else language_name().
std::string native_language_name(const LocalizeOptions& options, const std::string& tag);

std::optional<std::map<std::string, PageLabels>> localize_page_labels(const Pack& pack, const LocalizeOptions& options,
                                                                      Diagnostics& diagnostics);

// The lessons as the pages of `language` show them (for render_lesson() and
// render_language_index()); empty for the source language.
ShownLessons shown_lessons(const LocalizedSummaries& localized, const std::string& language);

}  // namespace hocso
