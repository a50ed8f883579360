#include "plugin_host.h"

#include "hocso/suggest.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <system_error>

#include <boost/dll/runtime_symbol_info.hpp>
#include <fmt/format.h>

#include "language_data.h"
#include "plugin_abi.h"
#include "plugin_trust.h"
#include "say.h"
#include "schema_limits.h"

namespace hocso {

namespace fs = std::filesystem;

class PluginHost::Registry final : public StageRegistry {
 public:
  Registry(PluginHost& host, const LoadedPlugin* plugin) : host_(host), plugin_(plugin) {}
  void add_validate_stage(std::string name, std::string summary,
                          std::unique_ptr<ValidateStage> stage) override {
    add(host_.validate_stages_, std::move(name), std::move(summary), std::move(stage));
  }
  void add_media_stage(std::string name, std::string summary, std::unique_ptr<MediaStage> stage) override {
    add(host_.media_stages_, std::move(name), std::move(summary), std::move(stage));
  }

  void add_localize_stage(std::string name, std::string summary, std::unique_ptr<LocalizeStage> stage) override {
    add(host_.localize_stages_, std::move(name), std::move(summary), std::move(stage));
  }
  void add_language(std::unique_ptr<LanguageStage> language) override {
    if (!language) return;
    std::string name = "lang-" + language->info().tag;
    if (taken(name)) return;
    host_.languages_.push_back({std::move(name), plugin_, std::move(language), {}});
  }
  void add_audio_stage(std::string name, std::string summary, std::unique_ptr<AudioStage> stage) override {
    add(host_.audio_stages_, std::move(name), std::move(summary), std::move(stage));
  }
  void add_speech_stage(std::string name, std::string summary, std::unique_ptr<SpeechStage> stage) override {
    add(host_.speech_stages_, std::move(name), std::move(summary), std::move(stage));
  }

 private:
  // A stage under a name no stage has yet; nothing for a null stage.
  template <typename Entry, typename Stage>
  void add(std::vector<Entry>& stages, std::string name, std::string summary, std::unique_ptr<Stage> stage) {
    if (!stage || taken(name)) return;
    stages.push_back({std::move(name), std::move(summary), plugin_, std::move(stage)});
  }

  bool taken(const std::string& name) {
    if (!host_.has_stage(name)) return false;
    host_.load_warnings_.push_back(
        {Severity::warning, {plugin_->file.string()},
         say(N_("stage '{stage}' is already provided by another plugin; this one is ignored"), fmt::arg("stage", name)),
         "plugin-duplicate-stage"});
    return true;
  }

  PluginHost& host_;
  const LoadedPlugin* plugin_;
};

PluginHost::PluginHost(const std::vector<fs::path>& search_dirs, PluginLoadOptions options) {
  struct Found {
    fs::path dir, file;
    std::optional<std::string> folder_problem;
  };
  std::vector<Found> files;
  std::vector<fs::path> language_folders;
  // Decided by file name, before anything is loaded: dlopen would run the
  // constructors of a shadowed copy too.
  std::map<std::string, fs::path> first_by_name;
  for (const auto& dir : search_dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    search_dirs_.push_back(dir);
    const std::optional<std::string> folder_problem = untrusted_reason(dir);
    std::vector<fs::path> here;
    std::vector<fs::path> languages_here;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.rfind("hocso-", 0) == 0 && entry.path().extension() == ".so") here.push_back(entry.path());
      std::error_code is_file_ec;
      if (name.rfind("lang-", 0) == 0 && fs::is_regular_file(entry.path() / kLanguageDataFile, is_file_ec))
        languages_here.push_back(entry.path());
    }
    std::sort(languages_here.begin(), languages_here.end());
    for (const auto& folder : languages_here) {
      const auto [first, is_first] = first_by_name.emplace(folder.filename().string(), folder);
      if (!is_first) {
        if (!fs::equivalent(folder, first->second, ec)) shadowed_.push_back({folder, first->second});
        continue;
      }
      language_folders.push_back(folder);
    }
    std::sort(here.begin(), here.end());  // a stable order whatever the file system says
    for (const auto& file : here) {
      const auto [first, is_first] = first_by_name.emplace(file.filename().string(), file);
      if (!is_first) {
        if (!fs::equivalent(file, first->second, ec)) shadowed_.push_back({file, first->second});
        continue;  // else the same file reached through two folders
      }
      files.push_back({dir, file, folder_problem});
    }
  }
  plugins_.reserve(files.size() + language_folders.size());  // stage entries keep pointers into plugins_
  for (const auto& found : files) load(found.dir, found.file, options, found.folder_problem);
  for (const auto& folder : language_folders) load_language_data(folder);
}

// Language data runs no code: it is read, checked and registered like a
// language a plugin library adds.
void PluginHost::load_language_data(const fs::path& folder) {
  static const nlohmann::json schema = read_schema_file(hocso_data_dir() / "schemas" / "language.schema.json");
  const fs::path file = folder / kLanguageDataFile;
  if (schema.is_null()) {
    language_errors_.push_back({Severity::error, {file.string()},
                                say(N_("cannot read {file}: reinstall hocso"),
                                    fmt::arg("file", (hocso_data_dir() / "schemas" / "language.schema.json").string())),
                                "language-schema"});
    return;
  }
  Diagnostics diagnostics;
  std::unique_ptr<LanguageStage> language = read_language_data(folder, schema, diagnostics);
  for (auto& d : diagnostics.all()) language_errors_.push_back(std::move(d));
  if (!language) return;
  const std::string name = "lang-" + language->info().tag;
  if (has_stage(name)) {
    load_warnings_.push_back(
        {Severity::warning, {file.string()},
         say(N_("stage '{stage}' is already provided by another plugin; this one is ignored"), fmt::arg("stage", name)),
         "plugin-duplicate-stage"});
    return;
  }
  plugins_.push_back({file, name, "", fmt::format("{} ({}): language data", language->info().english_name,
                                                  language->info().tag),
                      HOCSO_PLUGIN_API_VERSION});
  languages_.push_back({name, &plugins_.back(), std::move(language), folder});
}

PluginHost::~PluginHost() {
  // Everything a plugin created must die before its library is unloaded.
  validate_stages_.clear();
  media_stages_.clear();
  audio_stages_.clear();
  speech_stages_.clear();
  localize_stages_.clear();
  languages_.clear();
}

void PluginHost::load(const fs::path& dir, const fs::path& candidate, const PluginLoadOptions& options,
                      const std::optional<std::string>& folder_problem) {
  std::error_code ec;
  const fs::path file = fs::canonical(candidate, ec);  // only absolute, canonical paths are loaded
  if (ec || !file.is_absolute()) {
    // TRANSLATORS: a reason a plugin is not loaded, after "plugin FILE " ("plugin x.so {reason}").
    failures_.push_back(
        {candidate, say(N_("cannot resolve the path: {reason}"), fmt::arg("reason", ec.message())), "plugin-load-failed"});
    return;
  }
  for (const auto& p : plugins_)
    if (p.file == file) return;  // the same file reached through two names

  // Whoever can change the file or its folder would run code in hocso: checked
  // before dlopen, which runs the library's constructors.
  std::optional<std::string> problem = folder_problem;
  if (!problem) problem = untrusted_reason(file);
  if (!problem && file.parent_path() != dir) problem = untrusted_reason(file.parent_path());  // a link elsewhere
  if (problem && !options.allow_insecure) {
    // TRANSLATORS: a reason a plugin is not loaded, after "plugin FILE " ("plugin x.so {reason}").
    failures_.push_back({file,
                         say(N_("is refused: {problem}; hocso loads plugins only from files and folders that no one "
                                "but their owner (root or the user running hocso) can change: fix the owner or the "
                                "permissions (chmod go-w), or pass --allow-insecure-plugins"),
                             fmt::arg("problem", *problem)),
                         "plugin-insecure"});
    return;
  }
  if (problem)
    load_warnings_.push_back({Severity::warning, {file.string()},
                              say(N_("loaded although {problem} (--allow-insecure-plugins)"),
                                  fmt::arg("problem", *problem)),
                              "plugin-insecure"});

  boost::dll::shared_library library;
  try {
    library.load(file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    // TRANSLATORS: a reason a plugin is not loaded, after "plugin FILE " ("plugin x.so {reason}").
    failures_.push_back({file, say(N_("cannot be loaded: {reason}"), fmt::arg("reason", e.what())), "plugin-load-failed"});
    return;
  }
  if (!library.has(HOCSO_PLUGIN_ENTRY_SYMBOL)) {
    failures_.push_back({file,
                         say(N_("is not a hocso plugin: it has no '{symbol}' entry point"),
                             fmt::arg("symbol", HOCSO_PLUGIN_ENTRY_SYMBOL)),
                         "plugin-not-a-plugin"});
    return;
  }
  const hocso_plugin_info* info = nullptr;
  try {
    info = library.get<const hocso_plugin_info*()>(HOCSO_PLUGIN_ENTRY_SYMBOL)();
  } catch (...) {
    failures_.push_back({file, _("its entry point threw an exception"), "plugin-threw"});
    return;
  }
  if (!info) {
    failures_.push_back({file, _("its entry point returned nothing"), "plugin-not-a-plugin"});
    return;
  }
  // api_version and the ABI fingerprint are the only fields read before they are checked.
  if (const auto refusal = check_plugin_abi(*info)) {
    failures_.push_back({file, refusal->reason, refusal->check_id});
    return;
  }
  if (!info->name || !*info->name || !info->register_stages) {
    failures_.push_back({file, _("its plugin info has no name or no register_stages"), "plugin-not-a-plugin"});
    return;
  }
  // Two files giving one name: which is meant cannot be told, and this one's
  // constructors have already run. Refused, and an error in check and build.
  for (const auto& p : plugins_) {
    if (p.name == info->name) {
      failures_.push_back({file,
                           say(N_("is refused: it is the plugin '{name}', which {file} already is; remove one of "
                                  "the two files from the plugin path"),
                               fmt::arg("name", p.name), fmt::arg("file", p.file.string())),
                           "plugin-duplicate-name"});
      return;
    }
  }
  libraries_.push_back(std::move(library));
  plugins_.push_back({file, info->name, info->version ? info->version : "",
                      info->summary ? info->summary : "", info->api_version});
  // A plugin that throws while registering leaves none of its stages behind.
  const auto undo = [&, stages = validate_stages_.size(), media = media_stages_.size(), audio = audio_stages_.size(),
                     speech = speech_stages_.size(), localize = localize_stages_.size(),
                     languages = languages_.size()](std::string why) {
    validate_stages_.resize(stages);
    media_stages_.resize(media);
    audio_stages_.resize(audio);
    speech_stages_.resize(speech);
    localize_stages_.resize(localize);
    languages_.resize(languages);
    failures_.push_back({file, std::move(why), "plugin-threw"});
    plugins_.pop_back();
  };
  Registry registry(*this, &plugins_.back());
  try {
    info->register_stages(&registry);
  } catch (const std::exception& e) {
    undo(say(N_("threw while registering its stages: {what}"), fmt::arg("what", e.what())));
  } catch (...) {
    undo(_("threw while registering its stages"));
  }
}

namespace {

// The stage of that name in `stages`, or nullptr.
template <typename Entry>
Entry* named(std::vector<Entry>& stages, const std::string& name) {
  for (auto& s : stages)
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace

ValidateStageEntry* PluginHost::find_validate_stage(const std::string& name) { return named(validate_stages_, name); }
MediaStageEntry* PluginHost::find_media_stage(const std::string& name) { return named(media_stages_, name); }
AudioStageEntry* PluginHost::find_audio_stage(const std::string& name) { return named(audio_stages_, name); }
SpeechStageEntry* PluginHost::find_speech_stage(const std::string& name) { return named(speech_stages_, name); }
LocalizeStageEntry* PluginHost::find_localize_stage(const std::string& name) { return named(localize_stages_, name); }

const LanguageStage* PluginHost::find_language(const std::string& tag) const {
  for (const auto& l : languages_)
    if (l.stage->info().tag == tag) return l.stage.get();
  return nullptr;
}

bool PluginHost::has_stage(const std::string& name) const {
  auto names = stage_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::vector<std::string> PluginHost::stage_names() const {
  std::vector<std::string> names;
  for (const auto& s : validate_stages_) names.push_back(s.name);
  for (const auto& s : media_stages_) names.push_back(s.name);
  for (const auto& s : audio_stages_) names.push_back(s.name);
  for (const auto& s : speech_stages_) names.push_back(s.name);
  for (const auto& s : localize_stages_) names.push_back(s.name);
  for (const auto& l : languages_) names.push_back(l.name);
  return names;
}

fs::path executable_dir() { return fs::path(boost::dll::program_location().parent_path().string()); }

fs::path hocso_data_dir() {
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(executable_dir() / ".." / HOCSO_DATA_SUBDIR, ec);
  return dir;
}

std::vector<fs::path> plugin_search_dirs(const std::vector<std::string>& plugin_dirs) {
  std::vector<fs::path> dirs;
  auto add = [&](const fs::path& p) {
    if (p.empty()) return;
    std::error_code ec;
    fs::path abs = fs::weakly_canonical(fs::absolute(p, ec), ec);
    if (!ec && std::find(dirs.begin(), dirs.end(), abs) == dirs.end()) dirs.push_back(abs);
  };
  for (const auto& d : plugin_dirs) add(d);
  if (const char* env = std::getenv("HOCSO_PLUGIN_PATH")) {
    std::string list = env;
    std::size_t start = 0;
    while (start <= list.size()) {
      std::size_t end = list.find(':', start);
      if (end == std::string::npos) end = list.size();
      add(list.substr(start, end - start));
      start = end + 1;
    }
  }
  add(executable_dir() / ".." / HOCSO_PLUGIN_SUBDIR);
  return dirs;
}

std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates) {
  return closest_match(name, candidates);
}

}  // namespace hocso
