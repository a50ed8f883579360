#pragma once
// The pack model: what the loader builds from content/ and every later stage reads.

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "check_settings.h"
#include "hocso/plugin.h"
#include "markdown.h"
#include "yaml_document.h"

namespace hocso {

struct QuizQuestion {
  std::string question;
  std::vector<std::string> choices;
  int answer = 0;
};

// What pages of other lessons, indexes and the manifest need of a lesson: a
// build keeps every lesson's summary (Pack::lessons) and holds a batch of full
// lessons at a time (decision 0008).
struct LessonSummary {
  std::string id;                 // = folder name
  std::filesystem::path folder;   // absolute, canonical
  std::string markdown_path;      // display path, e.g. "lessons/x/lesson.md"
  Location listed_at;             // its entry in the pack's `lessons:` list
  std::string source_sha256;      // of lesson.md as read (hex): a later read must find the same
  int body_first_line = 1;

  // Typed front matter (read leniently; validate-core reports what is wrong).
  std::string title;
  std::string summary;
  std::string level;
  int duration_minutes = 0;
  std::vector<std::string> requires_ids;
};

// A lesson as loaded, or its translated copy (localize.h): a copy of the whole
// lesson with its texts replaced, so a field added here is carried into every
// translation without a line to copy it. The parsed documents are shared and
// never changed once made.
struct Lesson : LessonSummary {
  std::shared_ptr<const YamlDocument> front_matter;  // null in a translated copy (it holds the source texts)
  std::shared_ptr<const MarkdownBody> markdown;  // the body (its text() is the Markdown after the front matter)

  std::vector<std::string> objectives;
  std::vector<std::string> tags;
  std::vector<QuizQuestion> quiz;
  // A translated copy's `screens:` labels, by entry name (the source lesson's
  // labels are read from its front matter).
  std::map<std::string, std::string> screen_labels;
};

// The summary of `lesson`: its LessonSummary part, whatever fields that holds.
inline LessonSummary summary_of(const Lesson& lesson) { return static_cast<const LessonSummary&>(lesson); }

struct PluginUse {
  std::string name;
  std::string settings_json = "{}";
  Location where;
};

struct Profile {
  std::string name;
  nlohmann::ordered_json settings;  // as written in the pack (the screenshot stage reads them)
};

struct Pack {
  std::filesystem::path content_root;  // absolute; holds packs/, lessons/, i18n/
  std::filesystem::path pack_file;     // absolute
  std::string pack_path;               // display path relative to content_root's parent
  std::unique_ptr<YamlDocument> document;

  std::string id;
  std::string version;
  std::string title;
  std::string summary;
  std::string source_language = "vi";
  std::vector<std::string> languages;
  std::vector<std::string> listed_lesson_ids;
  // The listed lessons with a valid id, each once, in pack order: what load_lessons() reads.
  struct Listing {
    std::string id;
    Location at;
  };
  std::vector<Listing> to_load;
  std::vector<LessonSummary> lessons;        // the summaries of the loaded ones, in pack order
  std::optional<std::vector<PluginUse>> plugins;  // nullopt: the standard set
  std::vector<Profile> profiles;             // the pack's, or the defaults
  CheckSettings checks;                      // `checks:` and `writing:` (check_settings.h)
  // `audio: {tts: [...]}`: languages in which a unit no one has recorded is
  // read by a machine voice, marked as such (decision 0024).
  std::vector<std::string> tts_languages;

  const LessonSummary* find_lesson(const std::string& id) const;
  // Whether `id` is one of the lessons to load (a build has them all, or fails).
  bool lists(const std::string& id) const;
};

}  // namespace hocso
