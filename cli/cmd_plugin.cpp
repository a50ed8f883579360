// hocso plugin list: what plugins and stages this hocso finds.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include <fmt/format.h>

#include "fatal.h"
#include "i18n_catalogs.h"

#include "cli.h"
#include "display_text.h"
#include "plugin_abi.h"
#include "plugin_host.h"
#include "stage_runner.h"

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
    std::printf("%s %s — %s\n  %s\n", show(p.name).c_str(), show(p.version).c_str(), show(p.summary).c_str(),
                show(p.file.string()).c_str());
    for (const auto& file : shadowed_by(host, p.file))
      std::printf("  shadows %s (same file name, later on the plugin path: not loaded)\n", show(file).c_str());
    for (const auto& s : host.validate_stages())
      if (s.plugin == &p) std::printf("  stage %s (validate): %s\n", show(s.name).c_str(), show(s.summary).c_str());
    for (const auto& s : host.media_stages())
      if (s.plugin == &p) std::printf("  stage %s (media): %s\n", show(s.name).c_str(), show(s.summary).c_str());
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
    std::fprintf(stderr, "%s: warning: plugin not loaded: %s [%s]\n", show(f.file.string()).c_str(), show(f.reason).c_str(),
                 f.check_id.c_str());
  if (host.plugins().empty()) std::puts("no plugins found");
  return exit_ok;
}

struct NewLanguageArgs {
  std::string tag, name, english_name, out = ".";
};

// A C++ string literal holding `text`.
std::string cpp_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

void write_text(const std::filesystem::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
  if (!out.flush()) throw FatalError("cannot write " + file.string());
}

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
  write_text(folder / "CMakeLists.txt", fmt::format(R"(# {0}: a hocso language plugin, built against an installed hocso:
#   cmake -S . -B build -DCMAKE_PREFIX_PATH=<hocso prefix> && cmake --build build
#   hocso plugin list --plugin-dir build
cmake_minimum_required(VERSION 3.25)
project({0} CXX)
find_package(hocso REQUIRED)
add_library({0} MODULE language.cpp)
set_target_properties({0} PROPERTIES PREFIX "" OUTPUT_NAME "hocso-{0}" CXX_VISIBILITY_PRESET hidden
  VISIBILITY_INLINES_HIDDEN ON)
target_link_libraries({0} PRIVATE hocso::plugin_api)
install(TARGETS {0} LIBRARY DESTINATION "${{HOCSO_PLUGIN_INSTALL_DIR}}")
)", plugin));
  write_text(folder / "language.cpp", fmt::format(R"(// {plugin}: what hocso needs to know about {english}.
// Fill in the plural rule and fallbacks; add orthography checks in check().
#include <hocso/plugin.h>

#include <memory>

namespace {{

class Language final : public hocso::LanguageStage {{
 public:
  Language() {{
    info_.tag = {tag};
    info_.native_name = {name};
    info_.english_name = {english_literal};
    info_.direction = "ltr";
    // No CLDR data for most languages of Vietnam: one plural form.
    info_.plural_forms = "nplurals=1; plural=0;";
    info_.fallbacks = {{"vi"}};
    // A script phones rarely have a font for: name a freely licensed font file
    // and its licence text, both installed in this plugin's data folder
    // (<hocso data>/plugins/{plugin}/); bundles with this language embed them.
    // info_.fonts = {{{{"MyScript-Regular.woff", "MyScript-OFL.txt"}}}};
  }}
  const hocso::LanguageInfo& info() const override {{ return info_; }}
  // Text arrives in NFC; change nothing unless the orthography needs it.
  std::string normalize(std::string_view text) const override {{ return std::string(text); }}
  // Report spelling problems with context.report({{hocso::Severity::warning, where, "...", "orthography"}}).
  void check(std::string_view, const hocso::Location&, hocso::PluginContext&) const override {{}}

 private:
  hocso::LanguageInfo info_;
}};

void register_stages(hocso::StageRegistry* registry) {{ registry->add_language(std::make_unique<Language>()); }}

// api_version and the ABI fingerprint are filled in from hocso/plugin.h and
// this build's compiler settings.
const hocso_plugin_info kInfo{{.name = {plugin_literal}, .version = "0.1.0",
                              .summary = {summary}, .register_stages = register_stages}};

}}  // namespace

HOCSO_PLUGIN(kInfo)
)", fmt::arg("plugin", plugin), fmt::arg("english", english), fmt::arg("tag", cpp_string(args.tag)),
      fmt::arg("name", cpp_string(args.name)), fmt::arg("english_literal", cpp_string(english)),
      fmt::arg("plugin_literal", cpp_string(plugin)),
      fmt::arg("summary", cpp_string(english + " (" + args.tag + ")"))));
  write_text(folder / "README.md", fmt::format(R"(# {0}

A hocso language plugin for {1} ({2}). Build it against an installed hocso:

    cmake -S . -B build -DCMAKE_PREFIX_PATH=/usr/local
    cmake --build build
    hocso plugin list --plugin-dir build

Then start the catalogs with `hocso i18n init {2}` (see hocso's docs/translators.md).
If phones lack a font for the script, name one (and its licence text) in
`info_.fonts` and install both into hocso's data folder, share/hocso/plugins/{0}/
(docs/translators.md, "Fonts").
)", plugin, english, args.tag));
  if (common.format == Format::json) {
    print_json({{"command", "plugin new language"}, {"ok", true}, {"folder", folder.string()}});
  } else {
    std::printf("created %s (CMakeLists.txt, language.cpp, README.md)\n", folder.c_str());
  }
  return exit_ok;
}

}  // namespace

std::vector<Command> plugin_commands() {
  return {
      {"plugin", "Plugins: `hocso plugin list` shows the installed plugins; `hocso plugin new language` scaffolds one",
       [](CLI::App& app, CommonOptions& common) -> std::function<int()> {
         app.require_subcommand(1, 1);
         CLI::App* list_cmd = app.add_subcommand("list", "Show installed plugins, their stages and load failures");
         add_common_options(*list_cmd, common);
         auto args = std::make_shared<NewLanguageArgs>();
         CLI::App* new_cmd = app.add_subcommand("new", "Scaffold a plugin folder that builds against the installed hocso");
         CLI::App* language_cmd = new_cmd->add_subcommand("language", "A language plugin: lang-<tag>/ with CMakeLists.txt, source and README");
         new_cmd->require_subcommand(1, 1);
         add_common_options(*language_cmd, common);
         language_cmd->add_option("--tag", args->tag, "BCP 47 tag with script and region, e.g. xx-Latn-VN")->required();
         language_cmd->add_option("--name", args->name, "The language's name as its speakers write it")->required();
         language_cmd->add_option("--english-name", args->english_name, "The English name (default: --name)");
         language_cmd->add_option("--out", args->out, "Folder to create the plugin folder in")->capture_default_str();
         return [&common, new_cmd, args] { return new_cmd->parsed() ? new_language(*args, common) : list(common); };
       }},
  };
}

}  // namespace hocso::cli
