#include "recording_script.h"

#include <algorithm>

#include <fmt/format.h>

#include "display_path.h"
#include "fallback_chain.h"
#include "localize.h"
#include "markdown.h"
#include "plugin_host.h"
#include "stage_runner.h"

namespace hocso::cli {

namespace {

// A lesson's body units as the translated copy has them: [0] the blocks
// before the first step's heading, [i] step i (as segments.h's body_units()).
std::vector<std::vector<MarkdownBlock>> body_blocks(const Lesson& lesson) {
  std::vector<std::vector<MarkdownBlock>> units(1);
  if (!lesson.markdown) return units;
  for (auto& block : markdown_blocks(*lesson.markdown)) {
    if (block.kind == MarkdownBlock::Kind::heading && block.level == 2) units.emplace_back();
    units.back().push_back(std::move(block));
  }
  return units;
}

// "step-3" -> 3; "quiz-2" -> 2 (after the prefix); 0 when it is not one.
std::size_t unit_number(const std::string& id, std::string_view prefix) {
  if (!id.starts_with(prefix)) return 0;
  std::size_t n = 0;
  for (char c : id.substr(prefix.size())) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  return n;
}

// Pack languages reduced to one for the time of a call: the translations and
// the recordings' checks are asked for `language` alone.
class OneLanguage {
 public:
  OneLanguage(Pack& pack, const std::string& language) : pack_(pack), saved_(pack.languages) {
    pack.languages = {language};
  }
  ~OneLanguage() { pack_.languages = std::move(saved_); }
  OneLanguage(const OneLanguage&) = delete;
  OneLanguage& operator=(const OneLanguage&) = delete;

 private:
  Pack& pack_;
  std::vector<std::string> saved_;
};

}  // namespace

const char* recording_state_name(ScriptRecording state) {
  switch (state) {
    case ScriptRecording::none: return "none";
    case ScriptRecording::fresh: return "fresh";
    case ScriptRecording::stale: return "stale";
    case ScriptRecording::unconfirmed: return "unconfirmed";
  }
  return "none";
}

std::string ScriptUnit::text() const {
  std::string out;
  for (const auto& line : lines) out += (out.empty() ? "" : "\n") + line.text;
  return out;
}

void refresh_recordings(Pack& pack, const Lesson& lesson, const std::string& language, ScriptLesson& script,
                        Diagnostics* diagnostics) {
  OneLanguage one(pack, language);
  std::vector<UnitRecording> found;
  const std::vector<AudioSource> fresh = lesson_audio(pack, lesson, diagnostics, &found);
  const std::filesystem::path folder = audio_folder(pack, language, lesson.id);
  for (auto& unit : script.units) {
    unit.recording = ScriptRecording::none;
    unit.recording_file.clear();
    for (const auto& r : found) {
      if (r.language != language || r.unit != unit.id) continue;
      unit.recording = r.state == RecordingState::fresh   ? ScriptRecording::fresh
                       : r.state == RecordingState::stale ? ScriptRecording::stale
                                                          : ScriptRecording::unconfirmed;
    }
    if (unit.recording == ScriptRecording::none) continue;
    // The file itself: the one recording lesson_audio() counted.
    for (const auto& extension : audio_extensions()) {
      const auto file = folder / fmt::format("{}.{}", unit.id, extension);
      std::error_code ec;
      if (std::filesystem::is_regular_file(std::filesystem::symlink_status(file, ec))) {
        unit.recording_file = display_path(file);
        break;
      }
    }
  }
}

std::optional<RecordingScript> recording_script(LoadedPack& loaded, const std::string& language,
                                                const std::vector<std::string>& lessons, PluginHost& host,
                                                Diagnostics& diagnostics) {
  Pack& pack = loaded.pack;
  RecordingScript script;
  script.language = language;
  script.pack_id = pack.id;
  script.content_root = pack.content_root;
  std::vector<const Lesson*> chosen;
  for (const auto& lesson : loaded.lessons)
    if (lessons.empty() || std::find(lessons.begin(), lessons.end(), lesson.id) != lessons.end())
      chosen.push_back(&lesson);

  OneLanguage one(pack, language);
  LocalizedLessons translated;
  if (language == pack.source_language) {
    script.chain = {language};
  } else {
    LocalizeOptions options = localize_options(pack, host);
    script.chain = fallback_chain(language, options.fallbacks, pack.source_language);
    Diagnostics translation;
    auto result = localize_lessons(pack, chosen, options, translation);
    // A translation's warnings (fuzzy, too long) are for `hocso i18n` and check; its errors stop the script.
    if (!result) {
      for (const auto& d : translation.all())
        if (d.severity == Severity::error) diagnostics.report(d);
      return std::nullopt;
    }
    translated = std::move(*result);
  }

  for (const Lesson* source : chosen) {
    const auto found = translated.find({language, source->id});
    const Lesson& shown = found != translated.end() ? *found->second.lesson : *source;
    const LessonLocalization* localization = found != translated.end() ? &found->second.shown : nullptr;
    auto language_of = [&](const TextField& field) {
      const std::string* l = localization ? localization->language_of(field) : nullptr;
      return l ? *l : pack.source_language;
    };
    ScriptLesson lesson{source->id, shown.title, localization ? language_of(TextField::title()) : language, {}};
    const auto blocks = body_blocks(shown);
    for (const AudioUnit& unit : audio_units(*source)) {
      ScriptUnit out;
      out.id = unit.id;
      out.source_sha256 = unit.source_sha256;
      if (const std::size_t q = unit_number(unit.id, "quiz-"); q > 0) {
        // A question and its choices, each in the language it is shown in.
        const std::size_t i = q - 1;
        out.language = localization ? language_of(TextField::quiz_question(i)) : language;
        if (i < shown.quiz.size()) {
          out.lines.push_back({shown.quiz[i].question, out.language});
          for (std::size_t c = 0; c < shown.quiz[i].choices.size(); ++c)
            out.lines.push_back({shown.quiz[i].choices[c], localization ? language_of(TextField::quiz_choice(i, c)) : language});
        }
      } else {
        const std::size_t u = unit.id == "intro" ? 0 : unit_number(unit.id, "step-");
        out.language = localization && u < localization->units.size() ? localization->units[u].language : language;
        if (u < blocks.size())
          for (const auto& block : blocks[u]) {
            std::string words = shown_markdown_text(block.text).text;
            if (!words.empty()) out.lines.push_back({std::move(words), out.language});
          }
      }
      out.fallback = out.language != language;
      for (const auto& line : out.lines) out.fallback = out.fallback || line.language != language;
      lesson.units.push_back(std::move(out));
    }
    refresh_recordings(pack, *source, language, lesson, &diagnostics);
    script.lessons.push_back(std::move(lesson));
  }
  return script;
}

nlohmann::ordered_json script_json(const RecordingScript& script) {
  nlohmann::ordered_json lessons = nlohmann::ordered_json::array();
  for (const auto& lesson : script.lessons) {
    nlohmann::ordered_json units = nlohmann::ordered_json::array();
    for (const auto& unit : lesson.units) {
      nlohmann::ordered_json lines = nlohmann::ordered_json::array();
      for (const auto& line : unit.lines) lines.push_back({{"text", line.text}, {"lang", line.language}});
      nlohmann::ordered_json entry{{"unit", unit.id},
                                   {"lang", unit.language},
                                   {"fallback", unit.fallback},
                                   {"text", unit.text()},
                                   {"lines", lines},
                                   {"recording", recording_state_name(unit.recording)}};
      if (!unit.recording_file.empty()) entry["recording_file"] = unit.recording_file;
      entry["source_sha256"] = unit.source_sha256;
      units.push_back(std::move(entry));
    }
    lessons.push_back({{"lesson", lesson.id}, {"title", lesson.title}, {"title_lang", lesson.title_language},
                       {"units", units}});
  }
  return {{"language", script.language},
          {"pack", script.pack_id},
          {"fallback_chain", script.chain},
          {"lessons", lessons}};
}

}  // namespace hocso::cli
