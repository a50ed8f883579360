#pragma once
// The recording script of a language (issue 18, point 3): for each lesson, each
// unit that is read aloud (audio_sources.h: intro, step-N, quiz-N) in page
// order, with the words a volunteer says, as the page shows them in that
// language: a unit the language has no translation of is shown in the next
// language of its fallback chain (in the end the pack's source language,
// Vietnamese), and is marked so. hocso never makes up text in a language.
// `hocso audio list` prints it, `hocso record` shows it one unit at a time.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "audio_sources.h"
#include "diagnostics.h"
#include "pack_loader.h"

namespace hocso {
class PluginHost;
}

namespace hocso::cli {

// One paragraph of a unit as it is read: Markdown rendered to its words (no
// `**`, link targets or pictures), and the language it is in.
struct ScriptLine {
  std::string text;
  std::string language;
};

// What the content folder has for a unit in the script's language.
enum class ScriptRecording { none, fresh, stale, unconfirmed };
const char* recording_state_name(ScriptRecording state);  // "none", "fresh", "stale", "unconfirmed"

struct ScriptUnit {
  std::string id;             // "intro", "step-2", "quiz-1"
  std::string source_sha256;  // what a recording's .source must hold (audio_sources.h)
  std::string language;       // what the page shows the unit in (a quiz question: its question's)
  bool fallback = false;      // language is not the script's: not translated yet
  std::vector<ScriptLine> lines;
  ScriptRecording recording = ScriptRecording::none;
  std::string recording_file;  // display path of the recording, when there is one
  // The lines joined by newlines.
  std::string text() const;
};

struct ScriptLesson {
  std::string id;
  std::string title;           // as the page shows it
  std::string title_language;
  std::vector<ScriptUnit> units;
};

struct RecordingScript {
  std::string language;
  std::string pack_id;
  std::filesystem::path content_root;   // where content/audio is
  std::vector<std::string> chain;       // the languages a page of `language` is shown in, in order
  std::vector<ScriptLesson> lessons;
};

// The script of `language` for `lessons` of `loaded` (all of them when
// empty; ids the pack does not list are left out), translated with the
// pack's localize stage from `host`. The recordings' checks (stale,
// unconfirmed, duplicate, links) and the translations' go to `diagnostics`;
// nullopt when the translations had errors. `language` must be one of the
// pack's languages.
std::optional<RecordingScript> recording_script(LoadedPack& loaded, const std::string& language,
                                                const std::vector<std::string>& lessons, PluginHost& host,
                                                Diagnostics& diagnostics);

// What the content folder has now for `lesson`'s units in `script.language`
// (after a take was saved): sets each unit's recording and recording_file.
void refresh_recordings(Pack& pack, const Lesson& lesson, const std::string& language, ScriptLesson& script,
                        Diagnostics* diagnostics);

// The script as JSON: {language, pack, fallback_chain, lessons: [{lesson,
// title, title_lang, units: [{unit, lang, fallback, text, lines: [{text,
// lang}], recording, recording_file, source_sha256}]}]}.
nlohmann::ordered_json script_json(const RecordingScript& script);

}  // namespace hocso::cli
