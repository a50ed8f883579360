// hocso audio list LANG [LESSON] [PACK...]: the recording script of a
// language, lesson by lesson and part by part (recording_script.h), with what
// each part has recorded already. What a volunteer reads from.

#include <algorithm>
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "audio_workflow.h"
#include "display_text.h"
#include "fatal.h"
#include "hocso/messages.h"
#include "pack_loader.h"
#include "plugin_host.h"
#include "recording_script.h"

namespace hocso::cli {

namespace fs = std::filesystem;

LessonsAndPacks split_lessons_and_packs(const std::vector<std::string>& arguments) {
  LessonsAndPacks out;
  for (const auto& a : arguments) {
    std::error_code ec;
    const bool pack = a.ends_with(".yaml") || a.ends_with(".yml") || fs::is_regular_file(a, ec);
    (pack ? out.packs : out.lessons).push_back(a);
  }
  return out;
}

std::optional<std::vector<LoadedPack>> load_packs_or_report(const std::vector<std::string>& named,
                                                            Diagnostics& diagnostics) {
  std::vector<LoadedPack> packs;
  for (const auto& file : pack_files(named))
    if (auto loaded = load_pack(file, diagnostics)) packs.push_back(std::move(*loaded));
  if (diagnostics.error_count() == 0) return packs;
  print_diagnostics(diagnostics);
  return std::nullopt;
}

namespace {

// What a unit has recorded, in words.
std::string recording_words(const ScriptUnit& unit) {
  switch (unit.recording) {
    case ScriptRecording::fresh: return _("recorded");
    case ScriptRecording::stale: return _("recorded for an older text: record it again");
    case ScriptRecording::unconfirmed: return _("recorded, not confirmed");
    case ScriptRecording::none: break;
  }
  return _("not recorded");
}

std::string joined(const std::vector<std::string>& items, const char* between) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : between) + i;
  return out;
}

}  // namespace

int run_audio_list(const AudioListArgs& args, const CommonOptions& common) {
  LessonsAndPacks named = split_lessons_and_packs(args.rest);
  named.packs.insert(named.packs.end(), args.packs.begin(), args.packs.end());
  if (named.lessons.size() > 1)
    throw FatalError(fmt::format(fmt::runtime(_("name one lesson, not {count}: {lessons}")),
                                 fmt::arg("count", named.lessons.size()),
                                 fmt::arg("lessons", joined(named.lessons, ", "))));
  const std::string lesson = named.lessons.empty() ? "" : named.lessons.front();

  Diagnostics diagnostics;
  std::optional<std::vector<LoadedPack>> loaded_packs = load_packs_or_report(named.packs, diagnostics);
  if (!loaded_packs) return exit_content;
  std::vector<LoadedPack>& packs = *loaded_packs;
  // The packs in that language (and with that lesson).
  std::vector<std::string> languages, lesson_ids;
  std::vector<LoadedPack*> chosen;
  for (auto& loaded : packs) {
    for (const auto& l : loaded.pack.languages)
      if (std::find(languages.begin(), languages.end(), l) == languages.end()) languages.push_back(l);
    const auto& ls = loaded.pack.languages;
    if (std::find(ls.begin(), ls.end(), args.language) == ls.end()) continue;
    bool has_lesson = lesson.empty();
    for (const auto& l : loaded.lessons) {
      lesson_ids.push_back(l.id);
      has_lesson = has_lesson || l.id == lesson;
    }
    if (has_lesson) chosen.push_back(&loaded);
  }
  if (std::find(languages.begin(), languages.end(), args.language) == languages.end())
    throw FatalError(fmt::format(fmt::runtime(_("no pack is in language '{language}'; the packs' languages are: {languages}")),
                                 fmt::arg("language", args.language), fmt::arg("languages", joined(languages, ", "))));
  if (chosen.empty()) {
    const std::string near = did_you_mean(lesson, lesson_ids);
    throw FatalError(near.empty() ? fmt::format(fmt::runtime(_("no pack in '{language}' has lesson '{lesson}'")),
                                                fmt::arg("language", args.language), fmt::arg("lesson", lesson))
                                  : fmt::format(fmt::runtime(_("no pack in '{language}' has lesson '{lesson}' (did you "
                                                               "mean '{near}'?)")),
                                                fmt::arg("language", args.language), fmt::arg("lesson", lesson),
                                                fmt::arg("near", near)));
  }

  PluginHost host = load_plugins(common);
  std::vector<RecordingScript> scripts;
  bool ok = true;
  for (LoadedPack* loaded : chosen) {
    auto script = recording_script(*loaded, args.language, lesson.empty() ? std::vector<std::string>{}
                                                                          : std::vector<std::string>{lesson},
                                   host, diagnostics);
    if (!script) ok = false;
    else scripts.push_back(std::move(*script));
  }
  ok = ok && diagnostics.error_count() == 0;

  if (common.format == Format::json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& s : scripts) out.push_back(script_json(s));
    print_json({{"command", "hocso audio list"},
                {"ok", ok},
                {"language", args.language},
                {"errors", diagnostics.error_count()},
                {"warnings", diagnostics.warning_count()},
                {"diagnostics", diagnostics_json(diagnostics)},
                {"packs", out}});
    return ok ? exit_ok : exit_content;
  }
  std::vector<std::string> lines;
  for (const auto& s : scripts) {
    if (s.chain.size() > 1) {
      lines.push_back(fmt::format(
          fmt::runtime(_("Recording script in {language} ({pack}); a part is shown in the first of {chain} that has "
                         "its text. A part marked with another language is not translated into {language} yet: its "
                         "page shows that text and plays a recording in that language, so leave it until it is "
                         "translated.")),
          fmt::arg("language", s.language), fmt::arg("pack", s.pack_id), fmt::arg("chain", joined(s.chain, ", "))));
    } else {
      lines.push_back(fmt::format(fmt::runtime(_("Recording script in {language} ({pack}).")),
                                  fmt::arg("language", s.language), fmt::arg("pack", s.pack_id)));
    }
    for (const auto& l : s.lessons) {
      lines.push_back("");
      lines.push_back(fmt::format("== {}: {}{} ==", l.id, display_text(l.title),
                                  l.title_language == s.language ? "" : fmt::format(" [{}]", l.title_language)));
      std::size_t recorded = 0;
      for (const auto& u : l.units) recorded += u.recording == ScriptRecording::fresh;
      lines.push_back(fmt::format(fmt::runtime(_("{recorded} of {parts} parts recorded")),
                                  fmt::arg("recorded", recorded), fmt::arg("parts", l.units.size())));
      for (const auto& u : l.units) {
        lines.push_back("");
        std::string head = u.id;
        if (u.language != s.language)
          head += " " + fmt::format(fmt::runtime(_("[{language}: not translated into {script} yet]")),
                                    fmt::arg("language", u.language), fmt::arg("script", s.language));
        lines.push_back(fmt::format("{}  ({})", head, recording_words(u)));
        for (const auto& line : u.lines)
          lines.push_back(fmt::format("    {}{}", line.language == u.language ? "" : fmt::format("[{}] ", line.language),
                                      display_text(line.text)));
      }
    }
  }
  report("hocso audio list", diagnostics, common.format, lines);
  return ok ? exit_ok : exit_content;
}

}  // namespace hocso::cli
