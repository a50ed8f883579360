// hocso audio confirm|stats|list|import: narration recordings (audio_sources.h;
// decision 0023). list and import, the volunteers' side, are in
// cmd_audio_list.cpp and cmd_audio_import.cpp. confirm says that a recording still matches its unit's text (only the
// .source file beside it is written, never the recording); stats counts, per
// language, the lesson parts with a fresh, stale, unconfirmed or no recording.

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "atomic_file.h"
#include "audio_sources.h"
#include "audio_workflow.h"
#include "cli.h"
#include "display_path.h"
#include "fatal.h"
#include "hocso/lesson_files.h"
#include "pack_loader.h"
#include "plugin_host.h"
#include "hocso/messages.h"

namespace hocso::cli {

namespace fs = std::filesystem;

namespace {

// " (did you mean 'NAME'?)" in the messages' language, or "" without a NAME.
std::string did_you_mean_phrase(const std::string& near) {
  return near.empty() ? "" : fmt::format(fmt::runtime(_(" (did you mean '{near}'?)")), fmt::arg("near", near));
}

struct AudioArgs {
  std::vector<std::string> packs;
  std::string language, lesson, unit;
  double min_coverage = -1;
};

// Parts of lessons in one language, by what their recording is.
struct AudioTally {
  std::size_t parts = 0, fresh = 0, stale = 0, unconfirmed = 0;
  std::size_t missing() const { return parts - fresh - stale - unconfirmed; }
  double percent() const { return parts ? 100.0 * static_cast<double>(fresh) / static_cast<double>(parts) : 100.0; }
  void operator+=(const AudioTally& o) {
    parts += o.parts;
    fresh += o.fresh;
    stale += o.stale;
    unconfirmed += o.unconfirmed;
  }
  nlohmann::ordered_json json() const {
    return {{"parts", parts}, {"recorded", fresh}, {"stale", stale}, {"unconfirmed", unconfirmed},
            {"missing", missing()}, {"percent", std::floor(percent() * 10) / 10}};
  }
};

int run_stats(const AudioArgs& args, const CommonOptions& common) {
  Diagnostics diagnostics;
  std::vector<LoadedPack> packs;
  for (const auto& file : pack_files(args.packs))
    if (auto loaded = load_pack(file, diagnostics)) packs.push_back(std::move(*loaded));
  nlohmann::ordered_json languages = nlohmann::ordered_json::array();
  std::vector<std::string> lines;
  bool ok = true;
  for (const auto& loaded : packs) {
    const Pack& pack = loaded.pack;
    if (!args.language.empty() &&
        std::find(pack.languages.begin(), pack.languages.end(), args.language) == pack.languages.end())
      continue;
    // Every lesson's recordings once (the warnings say why a recording is left out).
    std::map<std::string, std::map<std::string, AudioTally>> by_language;  // language -> lesson -> tally
    for (const auto& lesson : loaded.lessons) {
      std::vector<UnitRecording> recordings;
      lesson_audio(pack, lesson, &diagnostics, &recordings);
      const std::size_t parts = audio_units(lesson).size();
      for (const auto& language : pack.languages) by_language[language][lesson.id].parts = parts;
      for (const auto& r : recordings) {
        AudioTally& t = by_language[r.language][lesson.id];
        (r.state == RecordingState::fresh ? t.fresh : r.state == RecordingState::stale ? t.stale : t.unconfirmed)++;
      }
    }
    std::vector<std::string> ids;
    for (const auto& lesson : loaded.lessons) ids.push_back(lesson.id);
    const std::size_t width = column_width(ids, 32);
    for (const auto& language : pack.languages) {
      if (!args.language.empty() && language != args.language) continue;
      AudioTally total;
      nlohmann::ordered_json lessons = nlohmann::ordered_json::array();
      std::vector<std::string> detail;
      for (const auto& lesson : loaded.lessons) {
        const AudioTally& t = by_language[language][lesson.id];
        total += t;
        auto entry = t.json();
        entry["lesson"] = lesson.id;
        lessons.push_back(entry);
        detail.push_back(
            fmt::format(fmt::runtime(_("  {lesson} {recorded:>3} recorded {stale:>3} stale "
                                       "{unconfirmed:>3} unconfirmed {missing:>3} missing  {percent:5.1f}%")),
                        fmt::arg("lesson", padded(lesson.id, width)), fmt::arg("recorded", t.fresh),
                        fmt::arg("stale", t.stale), fmt::arg("unconfirmed", t.unconfirmed),
                        fmt::arg("missing", t.missing()), fmt::arg("percent", std::floor(t.percent() * 10) / 10)));
      }
      const bool below = args.min_coverage >= 0 && total.percent() < args.min_coverage;
      if (below) ok = false;
      auto entry = total.json();
      entry["language"] = language;
      entry["pack"] = pack.id;
      entry["below_threshold"] = below;
      entry["lessons"] = lessons;
      // The pack's machine voice reads what no one has recorded (decision 0024):
      // said, but never counted as recorded.
      const bool machine_voice = std::find(pack.tts_languages.begin(), pack.tts_languages.end(), language) !=
                                 pack.tts_languages.end();
      entry["machine_voice_reads_the_rest"] = machine_voice;
      languages.push_back(entry);
      lines.push_back(fmt::format(
          fmt::runtime(_("{language} ({pack}): {recorded} of {parts} lesson parts recorded, "
                         "{stale} stale, {unconfirmed} unconfirmed, {missing} missing: "
                         "{percent:.1f}%{below}")),
          fmt::arg("language", language), fmt::arg("pack", pack.id), fmt::arg("recorded", total.fresh),
          fmt::arg("parts", total.parts), fmt::arg("stale", total.stale), fmt::arg("unconfirmed", total.unconfirmed),
          fmt::arg("missing", total.missing()), fmt::arg("percent", std::floor(total.percent() * 10) / 10),
          fmt::arg("below", below_note(below, args.min_coverage))));
      if (machine_voice && total.fresh < total.parts)
        lines.push_back(fmt::format(fmt::runtime(_("  (until they are recorded, the pack's machine voice reads the other "
                                                   "{count} parts: audio: tts: in {pack_file})")),
                                    fmt::arg("count", total.parts - total.fresh), fmt::arg("pack_file", pack.pack_path)));
      lines.insert(lines.end(), detail.begin(), detail.end());
    }
  }
  ok = ok && diagnostics.error_count() == 0;
  if (common.format == Format::json) {
    print_json({{"command", "hocso audio stats"},
                {"ok", ok},
                {"errors", diagnostics.error_count()},
                {"warnings", diagnostics.warning_count()},
                {"diagnostics", diagnostics_json(diagnostics)},
                {"languages", languages}});
  } else {
    report("hocso audio stats", diagnostics, common.format, lines);
  }
  return ok ? exit_ok : exit_content;
}

int run_confirm(const AudioArgs& args, const CommonOptions& common) {
  Diagnostics diagnostics;
  std::optional<LoadedPack> found;
  const Lesson* lesson = nullptr;
  std::vector<std::string> lesson_ids;
  for (const auto& file : pack_files(args.packs)) {
    auto loaded = load_pack(file, diagnostics);
    if (!loaded) continue;
    for (const auto& l : loaded->lessons) lesson_ids.push_back(l.id);
    auto it = std::find_if(loaded->lessons.begin(), loaded->lessons.end(),
                           [&](const Lesson& l) { return l.id == args.lesson; });
    if (it == loaded->lessons.end()) continue;
    const auto& languages = loaded->pack.languages;
    if (std::find(languages.begin(), languages.end(), args.language) == languages.end()) continue;
    const std::size_t index = static_cast<std::size_t>(it - loaded->lessons.begin());
    found = std::move(loaded);
    lesson = &found->lessons[index];
    break;
  }
  if (diagnostics.error_count() > 0) {
    print_diagnostics(diagnostics);
    return exit_content;
  }
  if (!lesson) {
    const std::string near = did_you_mean(args.lesson, lesson_ids);
    throw FatalError(fmt::format(fmt::runtime(_("no pack has lesson '{lesson}' in language '{language}'{near}")),
                                 fmt::arg("lesson", args.lesson), fmt::arg("language", args.language),
                                 fmt::arg("near", did_you_mean_phrase(near))));
  }
  const std::vector<AudioUnit> units = audio_units(*lesson);
  auto unit = std::find_if(units.begin(), units.end(), [&](const AudioUnit& u) { return u.id == args.unit; });
  if (unit == units.end()) {
    std::string names;
    std::vector<std::string> ids;
    for (const auto& u : units) {
      names += (names.empty() ? "" : ", ") + u.id;
      ids.push_back(u.id);
    }
    const std::string near = did_you_mean(args.unit, ids);
    throw FatalError(fmt::format(fmt::runtime(_("lesson '{lesson}' has no part '{part}'{near}; its parts are: "
                                                "{parts}")),
                                 fmt::arg("lesson", args.lesson), fmt::arg("part", args.unit),
                                 fmt::arg("near", did_you_mean_phrase(near)), fmt::arg("parts", names)));
  }
  const Pack& pack = found->pack;
  // The recording must be there, as a file (never a link), and only one.
  std::vector<fs::path> recordings;
  for (const auto& extension : audio_extensions()) {
    const std::string relative = fmt::format("audio/{}/{}/{}.{}", args.language, args.lesson, args.unit, extension);
    const LessonPathLookup where = look_up_lesson_path(pack.content_root, relative);
    if (where.state == LessonPathLookup::State::link)
      throw FatalError(fmt::format(fmt::runtime(_("{file} is a symbolic link; copy the recording itself there")),
                                   fmt::arg("file", display_path_lexical(pack.content_root / where.link))));
    if (where.state == LessonPathLookup::State::file) recordings.push_back(pack.content_root / relative);
  }
  const fs::path folder = audio_folder(pack, args.language, args.lesson);
  if (recordings.empty())
    throw FatalError(fmt::format(fmt::runtime(_("there is no recording of '{part}' in {folder}; save it there as "
                                                "{part}.wav (or .flac, .ogg, .opus, .mp3) first")),
                                 fmt::arg("part", args.unit), fmt::arg("folder", display_path(folder))));
  if (recordings.size() > 1)
    throw FatalError(fmt::format(fmt::runtime(_("'{part}' has {count} recordings in {folder}; keep one")),
                                 fmt::arg("part", args.unit), fmt::arg("count", recordings.size()),
                                 fmt::arg("folder", display_path(folder))));
  fs::path hash_file = recordings.front();
  hash_file.replace_extension(".source");
  if (!write_file_atomically(hash_file, {unit->source_sha256, "\n"}))
    throw FatalError(fmt::format(fmt::runtime(_("cannot write {file}")), fmt::arg("file", display_path(hash_file))));
  const std::string line =
      fmt::format(fmt::runtime(_("wrote {file}: {recording} is now the recording of {part}'s current text")),
                  fmt::arg("file", display_path(hash_file)), fmt::arg("recording", display_path(recordings.front())),
                  fmt::arg("part", args.unit));
  if (common.format == Format::json) {
    print_json({{"command", "hocso audio confirm"},
                {"ok", true},
                {"language", args.language},
                {"lesson", args.lesson},
                {"unit", args.unit},
                {"recording", display_path(recordings.front())},
                {"source_file", display_path(hash_file)},
                {"source_sha256", unit->source_sha256}});
  } else {
    std::printf("%s\n", line.c_str());
  }
  return exit_ok;
}

void add_confirm_options(CLI::App& app, AudioArgs& args) {
  add_packs_option(app, args.packs);
  app.add_option("language", args.language, _("The recording's language, e.g. vi or mtq-Latn-VN"))->required();
  app.add_option("lesson", args.lesson, _("The lesson id (its folder name)"))->required();
  app.add_option("unit", args.unit, _("intro, step-N or quiz-N"))->required();
}

void add_stats_options(CLI::App& app, AudioArgs& args) {
  add_packs_option(app, args.packs);
  app.add_option("language", args.language, _("Only this language (default: every language of the pack)"));
  app.add_option("--min-coverage", args.min_coverage,
                 _("Exit 1 when a language has a fresh recording for under PCT percent of its lesson parts"))
      ->option_text("PCT")
      ->check(CLI::Range(0.0, 100.0));
}

void add_list_options(CLI::App& app, AudioListArgs& args) {
  app.add_option("language", args.language, _("The language to record, e.g. vi or mtq-Latn-VN"))->required();
  app.add_option("lesson-or-pack", args.rest,
                 _("A lesson id (only that lesson) and pack files (default: every content/packs/*.yaml)"))
      ->option_text("[LESSON] [PACK.yaml...]");
  app.add_option("--pack", args.packs, _("Pack file (repeatable)"))->option_text("PACK.yaml");
  app.footer(
      _("For a volunteer who records: print the script, read each part aloud into a recorder (a phone's app, or "
        "`hocso record` on a laptop), and save each recording under the part's name, e.g. step-2.wav.\n"
        "Parts: intro (the text before the first step), step-N (step N: its heading and text), quiz-N (quiz "
        "question N and its answers). The text is what the page shows in LANG, without Markdown marks. A part "
        "that is not translated into LANG yet shows its Vietnamese text (or that of another language of the "
        "fallback chain) and says so: hocso never makes up a translation.\n"
        "Each part says whether it is recorded, recorded for an older text (stale), recorded but not "
        "confirmed, or not recorded. --format json gives the same for tools. See docs/recording.md."));
}

void add_import_options(CLI::App& app, AudioImportArgs& args) {
  app.add_option("language", args.language, _("The recordings' language, e.g. vi or mtq-Latn-VN"))->required();
  app.add_option("folder", args.folder, _("The folder: FOLDER/LESSON/PART.wav, or FOLDER/PART.wav with --lesson"))
      ->required()
      ->option_text("FOLDER");
  app.add_option("pack", args.rest, _("Pack files (default: every content/packs/*.yaml)"))
      ->option_text("[PACK.yaml...]");
  app.add_option("--pack", args.packs, _("Pack file (repeatable)"))->option_text("PACK.yaml");
  app.add_option("--lesson", args.lesson,
                 _("The lesson of every recording in FOLDER (then FOLDER has no lesson folders)"))
      ->option_text("ID");
  app.add_flag("--replace", args.replace, _("Put the new recordings in the place of those already there"));
  app.footer(
      _("For a volunteer who recorded on a phone: name each recording after its part (intro, step-1, step-2, "
        "quiz-1 ... as `hocso audio list LANG` shows), put a lesson's recordings in a folder named after the "
        "lesson, copy the folder to the computer and run, e.g.:\n"
        "  hocso audio import mtq-Latn-VN ~/ghi-am                  (~/ghi-am/cai-dat-vneid/step-1.mp3 ...)\n"
        "  hocso audio import vi ~/ghi-am --lesson cai-dat-vneid   (~/ghi-am/step-1.wav ...)\n"
        "Each recording is copied to content/audio/LANG/LESSON/PART.EXT (.wav, .flac, .ogg, .opus or .mp3) "
        "with PART.source, the fingerprint of the part's text now: import what was recorded from the current "
        "text.\n"
        "Everything is checked first: an unknown lesson or part, another kind of file, a link, a file that is "
        "not audio, or a part that is recorded already (without --replace) is listed with its file, and "
        "nothing is copied (exit 1). With --replace a part's recording in another format is removed, as a part "
        "has one recording. See docs/recording.md."));
}

}  // namespace

std::vector<Command> audio_commands() {
  return {
      command_group(
          "audio",
          N_("Narration recordings: `hocso audio list|import|confirm|stats` (recordings in "
             "content/audio/LANG/LESSON/UNIT.wav|flac|ogg|opus|mp3)"),
          {command<AudioArgs>("confirm",
                              N_("Say that the recording of UNIT still says what its text says now: writes UNIT.source "
                                 "beside it (never the recording)"),
                              add_confirm_options, run_confirm),
           command<AudioArgs>(
               "stats", N_("Per language and lesson: the parts with a recording, a stale or unconfirmed one, or none"),
               add_stats_options, run_stats),
           command<AudioListArgs>("list",
                                  N_("The recording script: each part of each lesson with the words to read aloud in "
                                     "LANG, and whether it is recorded"),
                                  add_list_options, run_audio_list),
           command<AudioImportArgs>(
               "import",
               N_("Copy a folder of recordings (from a phone) into content/audio, each file named after its part"),
               add_import_options, run_audio_import)},
          N_("A recording belongs to one part (unit) of a lesson: intro (the text before the first step), step-N "
             "(step N) or quiz-N (quiz question N and its choices), in one language:\n"
             "  content/audio/LANG/LESSON/UNIT.wav   (or .flac, .ogg, .opus, .mp3)\n"
             "  content/audio/LANG/LESSON/UNIT.source  the SHA-256 of the part's text it was recorded for\n"
             "When the text changes, the recording is stale: check and build warn [audio-stale] and leave it out of "
             "the bundle, until it is recorded again or confirmed.\n"
             "hocso build turns each fresh recording into mono Ogg Opus, silence trimmed, at -18 LUFS and the "
             "profile's audio: {bitrate_kbps: N} (24 by default); the step then shows a listen button.\n"
             "To record a language: `hocso audio list LANG` prints what to read, part by part; `hocso record "
             "--lang LANG` records it in the browser of this computer, part by part; `hocso audio import LANG "
             "FOLDER` copies in what a phone recorded. See docs/recording.md.")),
  };
}

}  // namespace hocso::cli
