// hocso record [PACK] --lang LANG [--lesson ID] [--port N]: a page on
// 127.0.0.1 where a volunteer with a laptop and a headset records a lesson in
// one sitting, part by part (record/record_site.h for what it answers and
// why, record/record_server.h for the HTTP side, record/take.h for what is
// saved). The parts and their texts are `hocso audio list`'s.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "cli.h"
#include "display_path.h"
#include "fatal.h"
#include "hocso/messages.h"
#include "pack_loader.h"
#include "plugin_host.h"
#include "record_server.h"
#include "record_site.h"
#include "recording_script.h"

namespace hocso::cli {

namespace fs = std::filesystem;

namespace {

struct RecordArgs {
  std::string pack;
  std::string language;
  std::string lesson;
  int port = 8720;
};

fs::path chosen_pack(const std::string& named) {
  const auto packs = pack_files(named.empty() ? std::vector<std::string>{} : std::vector<std::string>{named});
  if (packs.size() > 1) {
    std::string names;
    for (const auto& p : packs) names += (names.empty() ? "" : ", ") + display_path(p);
    throw FatalError(fmt::format(fmt::runtime(_("several packs found ({packs}); name the one to record: hocso record "
                                                "PACK.yaml --lang LANG")),
                                 fmt::arg("packs", names)));
  }
  if (!fs::is_regular_file(packs.front()))
    throw FatalError(fmt::format(fmt::runtime(_("{file}: no such file")), fmt::arg("file", packs.front())));
  return packs.front();
}

int run_record(const RecordArgs& args, const CommonOptions& common) {
  const bool json = common.format == Format::json;
  Diagnostics diagnostics;
  auto loaded = load_pack(chosen_pack(args.pack), diagnostics);
  if (!loaded || diagnostics.error_count() > 0) {
    print_diagnostics(diagnostics);
    return exit_content;
  }
  const auto& languages = loaded->pack.languages;
  if (std::find(languages.begin(), languages.end(), args.language) == languages.end()) {
    std::string list;
    for (const auto& l : languages) list += (list.empty() ? "" : ", ") + l;
    throw FatalError(fmt::format(fmt::runtime(_("--lang {language}: {pack} is in {languages}")),
                                 fmt::arg("language", args.language), fmt::arg("pack", loaded->pack.pack_path),
                                 fmt::arg("languages", list)));
  }
  if (!args.lesson.empty()) {
    std::vector<std::string> ids;
    for (const auto& l : loaded->lessons) ids.push_back(l.id);
    if (std::find(ids.begin(), ids.end(), args.lesson) == ids.end()) {
      const std::string near = did_you_mean(args.lesson, ids);
      throw FatalError(fmt::format(fmt::runtime(_("--lesson {lesson}: {pack} has no such lesson{near}")),
                                   fmt::arg("lesson", args.lesson), fmt::arg("pack", loaded->pack.pack_path),
                                   fmt::arg("near", near.empty() ? "" : fmt::format(" ('{}'?)", near))));
    }
  }
  PluginHost host = load_plugins(common);
  auto script = recording_script(*loaded, args.language,
                                 args.lesson.empty() ? std::vector<std::string>{} : std::vector<std::string>{args.lesson},
                                 host, diagnostics);
  // What is wrong with recordings already there (stale, unconfirmed, links) is said once, here.
  print_diagnostics(diagnostics);
  if (!script || diagnostics.error_count() > 0) return exit_content;
  std::size_t parts = 0;
  for (const auto& l : script->lessons) parts += l.units.size();
  const std::string language = script->language;

  record::RecordSite site(std::move(*loaded), std::move(*script), record::random_token());
  site.on_saved = [&](const record::SavedTake& saved) {
    if (json) {
      print_json_line({{"event", "saved"},
                       {"lesson", saved.lesson},
                       {"unit", saved.unit},
                       {"file", saved.file},
                       {"seconds", std::round(saved.seconds * 100) / 100}});
    } else {
      std::printf("%s\n", fmt::format(fmt::runtime(_("saved {file} ({seconds:.1f} s): {unit} of {lesson}")),
                                      fmt::arg("file", saved.file), fmt::arg("seconds", saved.seconds),
                                      fmt::arg("unit", saved.unit), fmt::arg("lesson", saved.lesson))
                              .c_str());
    }
    std::fflush(stdout);
  };
  record::RecordServerOptions options;
  options.port = args.port;
  record::run_record_server(options, site, [&](int port) {
    const std::string url = fmt::format("http://127.0.0.1:{}/{}/", port, site.token());
    if (json) {
      print_json_line({{"event", "listening"}, {"url", url}, {"language", language}, {"parts", parts}});
    } else {
      std::printf("%s\n", fmt::format(fmt::runtime(_("Open {url} in a browser on this computer to record {parts} parts "
                                                     "in {language}. Stop with Ctrl-C.")),
                                      fmt::arg("url", url), fmt::arg("parts", parts), fmt::arg("language", language))
                              .c_str());
    }
    std::fflush(stdout);
  });
  if (json) print_json_line({{"event", "stopped"}});
  else std::printf("%s\n", _("hocso record: stopped"));
  std::fflush(stdout);
  return exit_ok;
}

void add_record_options(CLI::App& app, RecordArgs& args) {
  app.add_option("pack", args.pack, _("Pack file (default: the only one in content/packs/)"))->option_text("PACK.yaml");
  app.add_option("--lang", args.language, _("The language to record (one of the pack's): vi, en, mtq-Latn-VN ..."))
      ->required();
  app.add_option("--lesson", args.lesson, _("Only this lesson (default: every lesson of the pack)"))->option_text("ID");
  app.add_option("--port", args.port, _("TCP port on 127.0.0.1; 0 picks a free one (the address is printed)"))
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app.footer(
      _("For a volunteer with a laptop and a headset: run it, open the address it prints in a browser on the "
        "same computer (allow the microphone), and record a lesson in one sitting. The page shows one part "
        "at a time in large letters, the text `hocso audio list LANG` prints: press Record, read the text, "
        "press Stop, Play back to listen, and Save if it is good (or Record again). Next and Previous move "
        "between the parts.\n"
        "Each saved take goes to content/audio/LANG/LESSON/PART.flac with PART.source (the fingerprint of "
        "the text it was read from), in the place of a recording of that part in another format; a line is "
        "printed for each. hocso build then ships it. A part not translated into LANG yet shows its "
        "Vietnamese text and cannot be recorded in LANG: its page plays a Vietnamese recording.\n"
        "The page is served on 127.0.0.1 only, at an address with a secret in it: keep it to yourself. The "
        "words on the page are in the language of hocso's messages (hocso --lang vi|en record ...). Stop "
        "with Ctrl-C. --format json prints one JSON object a line: listening, saved, stopped. "
        "See docs/recording.md."));
}

}  // namespace

std::vector<Command> record_commands() {
  return {command<RecordArgs>(
      "record", N_("Record a lesson's parts in a language from this computer's microphone, in the browser"),
      add_record_options, run_record)};
}

}  // namespace hocso::cli
