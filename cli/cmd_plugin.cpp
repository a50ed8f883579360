// hocso plugin list: what plugins and stages this hocso finds.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include <fmt/format.h>

#include "fatal.h"
#include "i18n_catalogs.h"
#include "message_language.h"
#include "page_labels.h"

#include "cli.h"
#include "display_text.h"
#include "plugin_abi.h"
#include "plugin_host.h"
#include "stage_runner.h"
#include "hocso/messages.h"

namespace hocso::cli {

namespace {

// The files a plugin file shadows (same file name, later on the path: never loaded).
std::vector<std::string> shadowed_by(const PluginHost& host, const std::filesystem::path& file) {
  std::vector<std::string> out;
  for (const auto& s : host.shadowed()) {
    std::error_code ec;
    if (s.shadowed_by == file || std::filesystem::equivalent(s.shadowed_by, file, ec)) out.push_back(s.file.string());
  }
  return out;
}

int list(const CommonOptions& common) {
  PluginHost host = load_plugins(common);
  if (common.format == Format::json) {
    nlohmann::ordered_json plugins = nlohmann::ordered_json::array(), failures = nlohmann::ordered_json::array(),
                           shadowed = nlohmann::ordered_json::array();
    for (const auto& p : host.plugins()) {
      nlohmann::ordered_json stages = nlohmann::ordered_json::array();
      for (const auto& s : host.validate_stages())
        if (s.plugin == &p) stages.push_back({{"name", s.name}, {"kind", "validate"}, {"summary", s.summary}});
      for (const auto& s : host.media_stages())
        if (s.plugin == &p) stages.push_back({{"name", s.name}, {"kind", "media"}, {"summary", s.summary}});
      for (const auto& s : host.audio_stages())
        if (s.plugin == &p) stages.push_back({{"name", s.name}, {"kind", "audio"}, {"summary", s.summary}});
      for (const auto& s : host.speech_stages())
        if (s.plugin == &p) stages.push_back({{"name", s.name}, {"kind", "speech"}, {"summary", s.summary}});
      for (const auto& s : host.localize_stages())
        if (s.plugin == &p) stages.push_back({{"name", s.name}, {"kind", "localize"}, {"summary", s.summary}});
      for (const auto& l : host.languages())
        if (l.plugin == &p)
          stages.push_back({{"name", l.name}, {"kind", "language"}, {"summary", l.stage->info().english_name},
                            {"tag", l.stage->info().tag}, {"native_name", l.stage->info().native_name},
                            {"fallbacks", l.stage->info().fallbacks}});
      plugins.push_back({{"name", p.name}, {"version", p.version}, {"summary", p.summary}, {"file", p.file.string()},
                         {"stages", stages}, {"shadows", shadowed_by(host, p.file)}});
    }
    for (const auto& f : host.failures())
      failures.push_back({{"file", f.file.string()}, {"reason", f.reason}, {"check", f.check_id}});
    for (const auto& s : host.shadowed())
      shadowed.push_back({{"file", s.file.string()}, {"shadowed_by", s.shadowed_by.string()}});
    for (const auto& e : host.language_errors())
      failures.push_back({{"file", e.where.file}, {"line", e.where.line}, {"column", e.where.column},
                          {"reason", e.message}, {"check", e.check_id}});
    print_json({{"command", "plugin list"}, {"ok", true},
                {"api_version", plugin_api_version_text(HOCSO_PLUGIN_API_VERSION)},
                {"plugins", plugins}, {"failures", failures}, {"shadowed", shadowed},
                {"standard_stages", standard_stages()}});
    return exit_ok;
  }
  // Names and summaries come from the plugin files: escaped like any other text.
  auto show = [](const std::string& text) { return display_text(text); };
  std::printf("plugin API version %s\n", plugin_api_version_text(HOCSO_PLUGIN_API_VERSION).c_str());
  for (const auto& p : host.plugins()) {
    std::printf("%s%s%s — %s\n  %s\n", show(p.name).c_str(), p.version.empty() ? "" : " ", show(p.version).c_str(),
                show(p.summary).c_str(), show(p.file.string()).c_str());
    for (const auto& file : shadowed_by(host, p.file))
      std::printf("  shadows %s (same file name, later on the plugin path: not loaded)\n", show(file).c_str());
    for (const auto& s : host.validate_stages())
      if (s.plugin == &p) std::printf("  stage %s (validate): %s\n", show(s.name).c_str(), show(s.summary).c_str());
    for (const auto& s : host.media_stages())
      if (s.plugin == &p) std::printf("  stage %s (media): %s\n", show(s.name).c_str(), show(s.summary).c_str());
    for (const auto& s : host.audio_stages())
      if (s.plugin == &p) std::printf("  stage %s (audio): %s\n", show(s.name).c_str(), show(s.summary).c_str());
    for (const auto& s : host.speech_stages())
      if (s.plugin == &p) std::printf("  stage %s (speech): %s\n", show(s.name).c_str(), show(s.summary).c_str());
    for (const auto& s : host.localize_stages())
      if (s.plugin == &p) std::printf("  stage %s (localize): %s\n", show(s.name).c_str(), show(s.summary).c_str());
    for (const auto& l : host.languages())
      if (l.plugin == &p)
        std::printf("  language %s: %s (%s)\n", show(l.stage->info().tag).c_str(), show(l.stage->info().native_name).c_str(),
                    show(l.stage->info().english_name).c_str());
  }
  for (const auto& s : host.shadowed())
    std::printf("shadowed: %s by %s (same file name, earlier on the plugin path): not loaded\n",
                show(s.file.string()).c_str(), show(s.shadowed_by.string()).c_str());
  for (const auto& f : host.failures())
    std::fprintf(stderr, "%s: %s: %s [%s]\n", show(f.file.string()).c_str(), severity_word(Severity::warning),
                 show(fmt::format(fmt::runtime(_("plugin not loaded: {reason}")), fmt::arg("reason", f.reason))).c_str(),
                 f.check_id.c_str());
  for (const auto& e : host.language_errors())
    std::fprintf(stderr, "%s:%d:%d: %s: %s [%s]\n", show(e.where.file).c_str(), e.where.line, e.where.column,
                 severity_word(Severity::error), show(e.message).c_str(), e.check_id.c_str());
  if (host.plugins().empty()) std::puts("no plugins found");
  return exit_ok;
}

struct NewLanguageArgs {
  std::string tag, name, english_name, out = ".";
};

// `text` as a YAML double-quoted scalar: a JSON string is one (YAML 1.2 is a
// superset of JSON), and nlohmann escapes it.
std::string yaml_string(const std::string& text) { return nlohmann::json(text).dump(); }

void write_text(const std::filesystem::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
  if (!out.flush()) throw FatalError("cannot write " + file.string());
}

// A language as data (language_data.h): lang-<tag>/ with language.yaml,
// labels.yaml (every page label to translate, commented out) and a README.
// Nothing to compile: the folder goes on the plugin path as it is.
int new_language(const NewLanguageArgs& args, const CommonOptions& common) {
  namespace fs = std::filesystem;
  if (!is_language_tag(args.tag))
    throw FatalError(fmt::format("'{}' is not a language tag like xx-Latn-VN (language, script, region)", args.tag));
  if (args.name.empty() || args.name.find_first_of("\n\r") != std::string::npos)
    throw FatalError("--name must be one line of text");
  const std::string english = args.english_name.empty() ? args.name : args.english_name;
  const std::string plugin = "lang-" + args.tag;
  const fs::path folder = fs::path(args.out) / plugin;
  if (fs::exists(folder)) throw FatalError(folder.string() + " already exists; nothing written");
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw FatalError(fmt::format("cannot create {}: {}", folder.string(), ec.message()));
  write_text(folder / "language.yaml", fmt::format(R"(# {plugin}: what hocso needs to know about {english}.
# Checked against hocso's schemas/language.schema.json when hocso starts.
tag: {tag}
native_name: {name}  # as its speakers write it: the language chooser shows it
english_name: {english_yaml}
direction: ltr
# No CLDR data for most languages of Vietnam: one plural form.
plural_forms: "nplurals=1; plural=0;"
# Tried in order when a text is not translated; the pack's source language comes last.
fallbacks: [vi]
# A script phones rarely have a font for: name a freely licensed font file and
# its licence text, both in this folder; bundles with this language embed them.
# fonts:
#   - {{file: MyScript-Regular.woff, license: MyScript-OFL.txt}}
# The Unicode ranges its letters are written with (here Latin and the marks of
# Vietnam's Latin orthographies); a letter outside them is a warning.
letters:
  - U+0041-U+005A
  - U+0061-U+007A
  - U+00C0-U+024F
  - U+0300-U+036F
  - U+1E00-U+1EFF
)", fmt::arg("plugin", plugin), fmt::arg("english", english), fmt::arg("tag", args.tag),
                                                   fmt::arg("name", yaml_string(args.name)),
                                                   fmt::arg("english_yaml", yaml_string(english))));
  std::string labels = fmt::format(
      "# {}: the words of the page around the lessons, for every pack. Uncomment\n"
      "# and translate; a label left out shows in the first fallback language that\n"
      "# has it. Keep {{n}} and {{percent}}. A pack's content/i18n/{}/ui.po overrides these.\n",
      plugin, args.tag);
  for (const auto& spec : page_label_specs())
    labels += fmt::format("# {}: {}  # {}\n", spec.key, yaml_string(spec.msgid), spec.comment);
  write_text(folder / "labels.yaml", labels);
  write_text(folder / "README.md", fmt::format(R"(# {0}

{1} ({2}) for hocso, as data: no compiler needed. Put this folder on hocso's
plugin path (`--plugin-dir` the folder that holds it, `HOCSO_PLUGIN_PATH`, or
hocso's lib/hocso/plugins/) and check it with `hocso plugin list`.

- language.yaml: names, plural rule, fallbacks, fonts, letters.
- labels.yaml: the page's words in {1}.

Then start the catalogs with `hocso i18n init {2}` (see hocso's docs/translators.md).
)", plugin, english, args.tag));
  if (common.format == Format::json) {
    print_json({{"command", "plugin new language"}, {"ok", true}, {"folder", folder.string()}});
  } else {
    std::printf("created %s (language.yaml, labels.yaml, README.md)\n", folder.c_str());
  }
  return exit_ok;
}

void add_language_options(CLI::App& app, NewLanguageArgs& args) {
  app.add_option("--tag", args.tag, _("BCP 47 tag with script and region, e.g. xx-Latn-VN"))->required();
  app.add_option("--name", args.name, _("The language's name as its speakers write it"))->required();
  app.add_option("--english-name", args.english_name, _("The English name (default: --name)"));
  app.add_option("--out", args.out, _("Folder to create the plugin folder in"))->capture_default_str();
}

}  // namespace

std::vector<Command> plugin_commands() {
  return {
      command_group(
          "plugin",
          N_("Plugins: `hocso plugin list` shows the installed plugins; `hocso plugin new language` scaffolds one"),
          {{"list", N_("Show installed plugins, their stages and load failures"),
            [](CLI::App&, CommonOptions& common) -> std::function<int()> { return [&common] { return list(common); }; }},
           command_group("new", N_("Scaffold a plugin folder"),
                         {command<NewLanguageArgs>("language",
                                                   N_("A language as data: lang-<tag>/ with language.yaml, labels.yaml "
                                                      "and README (no compiler)"),
                                                   add_language_options, new_language)})}),
  };
}

}  // namespace hocso::cli
