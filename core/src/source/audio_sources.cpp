#include "audio_sources.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "display_path.h"
#include "hashing.h"
#include "hocso/lesson_files.h"
#include "hocso/messages.h"
#include "markdown.h"
#include "segments.h"

namespace hocso {

namespace fs = std::filesystem;

namespace {

// Adds a block's words to what a voice reads, as a sentence of its own: a
// heading or list item without a full stop would run into the next.
void add_sentence(std::string& spoken, std::string_view words) {
  while (!words.empty() && (words.back() == ' ' || words.back() == '\n')) words.remove_suffix(1);
  while (!words.empty() && (words.front() == ' ' || words.front() == '\n')) words.remove_prefix(1);
  if (words.empty()) return;
  if (!spoken.empty()) spoken += ' ';
  spoken += words;
  static constexpr std::string_view kEnds[] = {".", "!", "?", ":", ";", "\u2026"};
  if (std::none_of(std::begin(kEnds), std::end(kEnds), [&](std::string_view end) { return words.ends_with(end); }))
    spoken += '.';
}

}  // namespace

std::vector<AudioUnit> audio_units(const Lesson& lesson) {
  std::vector<AudioUnit> units;
  const std::vector<LessonSegment> segments = lesson_segments(lesson);
  if (lesson.markdown) {
    const auto body = body_units(lesson, segments);
    for (std::size_t u = 0; u < body.size(); ++u) {
      if (body[u].empty()) continue;  // no introduction
      std::string text = unit_source_text(segments, body[u]);
      std::string spoken;
      for (std::size_t s : body[u]) add_sentence(spoken, shown_markdown_text(segments[s].segment.text).text);
      units.push_back({u == 0 ? std::string("intro") : fmt::format("step-{}", u), to_hex(sha256(text)),
                       std::move(text), std::move(spoken), segments[body[u].front()].segment.where});
    }
  }
  // A quiz question is read with its choices: its text is the question's and
  // each choice's source text, each followed by a blank line. A voice reads
  // the choices with the letters the page shows (A, B, C).
  std::map<std::size_t, AudioUnit> quiz;
  for (const auto& s : segments) {
    if (s.origin != LessonSegment::Origin::front_matter) continue;
    if (s.field.kind != TextField::Kind::quiz_question && s.field.kind != TextField::Kind::quiz_choice) continue;
    AudioUnit& unit = quiz[s.field.index];
    if (unit.id.empty()) unit = {fmt::format("quiz-{}", s.field.index + 1), {}, {}, {}, s.segment.where};
    unit.text += s.segment.text + "\n\n";
    const std::string words = shown_markdown_text(s.segment.text).text;
    if (s.field.kind == TextField::Kind::quiz_choice && s.field.choice < 26)
      add_sentence(unit.spoken, fmt::format("{}. {}", static_cast<char>('A' + s.field.choice), words));
    else
      add_sentence(unit.spoken, words);
  }
  for (auto& [index, unit] : quiz) {
    unit.source_sha256 = to_hex(sha256(unit.text));
    units.push_back(std::move(unit));
  }
  return units;
}

const std::vector<std::string>& audio_extensions() {
  static const std::vector<std::string> extensions{"wav", "flac", "ogg", "opus", "mp3"};
  return extensions;
}

fs::path audio_folder(const Pack& pack, const std::string& language, const std::string& lesson_id) {
  return pack.content_root / "audio" / language / lesson_id;
}

namespace {

// "step 2", "the introduction", "quiz question 1": a unit as writers say it.
std::string unit_words(const std::string& unit) {
  if (unit == "intro") return _("the introduction");
  if (unit.rfind("step-", 0) == 0) return fmt::format(fmt::runtime(_("step {n}")), fmt::arg("n", unit.substr(5)));
  if (unit.rfind("quiz-", 0) == 0)
    return fmt::format(fmt::runtime(_("quiz question {n}")), fmt::arg("n", unit.substr(5)));
  return unit;
}

// The hash a .source file holds: its first line, 64 hex digits; "" when unreadable.
std::string recorded_hash(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string line;
  if (!in || !std::getline(in, line)) return "";
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  if (line.size() != 64 || line.find_first_not_of("0123456789abcdef") != std::string::npos) return "";
  return line;
}

}  // namespace

std::vector<AudioSource> lesson_audio(const Pack& pack, const Lesson& lesson, Diagnostics* diagnostics,
                                      std::vector<UnitRecording>* recordings) {
  std::vector<AudioSource> fresh;
  const std::vector<AudioUnit> units = audio_units(lesson);
  // Warnings a pack may make errors or turn off (`checks:`).
  auto warn = [&](const std::string& shown, std::string message, const char* check) {
    if (diagnostics) pack.checks.severities.report(*diagnostics, {shown}, std::move(message), check);
  };
  auto fail = [&](const std::string& shown, std::string message, const char* check) {
    if (diagnostics) diagnostics->error({shown}, std::move(message), check);
  };
  auto found = [&](const std::string& language, const std::string& unit, RecordingState state) {
    if (recordings) recordings->push_back({language, unit, state});
  };
  for (const auto& language : pack.languages) {
    const fs::path folder = audio_folder(pack, language, lesson.id);
    const std::string relative = fmt::format("audio/{}/{}", language, lesson.id);
    // Links are refused like pictures': a link could bring in any file.
    const LessonPathLookup where = look_up_lesson_path(pack.content_root, relative);
    if (where.state == LessonPathLookup::State::link) {
      fail(display_path_lexical(pack.content_root / where.link),
           _("this folder of recordings is a symbolic link; copy the recordings into content/audio instead"),
           "path-symlink");
      continue;
    }
    if (where.state != LessonPathLookup::State::not_a_file) continue;  // no recordings (or not a folder)
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::map<std::string, std::string> recorded;  // unit -> the first recording's name
    for (const auto& file : files) {
      const std::string shown = display_path(file);
      const std::string extension = file.extension().string().empty() ? "" : file.extension().string().substr(1);
      const std::string unit_id = file.stem().string();
      if (extension == "source") continue;  // read with its recording
      if (fs::is_symlink(fs::symlink_status(file, ec))) {
        fail(display_path_lexical(file), _("this recording is a symbolic link; copy the recording itself here"),
             "path-symlink");
        continue;
      }
      if (std::find(audio_extensions().begin(), audio_extensions().end(), extension) == audio_extensions().end()) {
        warn(shown, _("not a recording hocso reads (it reads .wav, .flac, .ogg, .opus and .mp3 files); it is left out"),
             "audio-unknown-unit");
        continue;
      }
      auto unit = std::find_if(units.begin(), units.end(), [&](const AudioUnit& u) { return u.id == unit_id; });
      if (unit == units.end()) {
        std::string names;
        for (const auto& u : units) names += (names.empty() ? "" : ", ") + u.id;
        warn(shown,
             fmt::format(fmt::runtime(_("lesson '{lesson}' has no part '{unit}', so this recording is left out; "
                                        "name it after a part of the lesson: {units}")),
                         fmt::arg("lesson", lesson.id), fmt::arg("unit", unit_id), fmt::arg("units", names)),
             "audio-unknown-unit");
        continue;
      }
      if (auto [it, added] = recorded.emplace(unit_id, shown); !added) {
        fail(shown,
             fmt::format(fmt::runtime(_("{unit} of lesson '{lesson}' has two recordings, {other} and this one; keep one")),
                         fmt::arg("unit", unit_words(unit_id)), fmt::arg("lesson", lesson.id),
                         fmt::arg("other", it->second)),
             "audio-duplicate");
        continue;
      }
      fs::path hash_file = file;
      hash_file.replace_extension(".source");
      const std::string hash = recorded_hash(hash_file);
      const std::string confirm = fmt::format("hocso audio confirm {} {} {}", language, lesson.id, unit_id);
      if (hash.empty()) {
        found(language, unit_id, RecordingState::unconfirmed);
        warn(shown,
             fmt::format(fmt::runtime(_("this recording has no {file} file saying which text it was recorded for, "
                                        "so it is left out; listen to it, and if it says what {unit} says now, run: "
                                        "{command}")),
                         fmt::arg("file", hash_file.filename().string()), fmt::arg("unit", unit_words(unit_id)),
                         fmt::arg("command", confirm)),
             "audio-unconfirmed");
        continue;
      }
      if (hash != unit->source_sha256) {
        found(language, unit_id, RecordingState::stale);
        warn(shown,
             fmt::format(fmt::runtime(_("the text of {unit} changed after this recording was made, so it is left "
                                        "out (the step plays nothing rather than old words); record it again, or if "
                                        "it still says the same, run: {command}")),
                         fmt::arg("unit", unit_words(unit_id)), fmt::arg("command", confirm)),
             "audio-stale");
        continue;
      }
      found(language, unit_id, RecordingState::fresh);
      fresh.push_back({language, unit_id, file, shown});
    }
  }
  return fresh;
}

}  // namespace hocso
