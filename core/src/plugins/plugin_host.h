#pragma once
// Finds, loads and checks plugins (Boost.DLL), and keeps every loaded library
// alive for as long as anything it created lives: stages are destroyed before
// their libraries, and nothing is ever unloaded mid-run.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/dll/shared_library.hpp>

#include "diagnostics.h"
#include "hocso/plugin.h"

namespace hocso {

struct LoadedPlugin {
  std::filesystem::path file;  // absolute, canonical
  std::string name;
  std::string version;
  std::string summary;
  // The plugin API version it was built for (same major as the host's, same or
  // older minor): the host uses only what that minor has.
  std::uint32_t api_version = 0;
};

// A plugin file that could not be used, and why.
struct PluginFailure {
  std::filesystem::path file;
  std::string reason;
  // plugin-load-failed | plugin-api-version | plugin-abi | plugin-not-a-plugin | plugin-threw |
  // plugin-insecure (never loaded) | plugin-duplicate-name (loaded, then refused)
  std::string check_id;
};

// A plugin file never loaded because a file of the same name comes earlier on
// the search path (the first found wins).
struct ShadowedPlugin {
  std::filesystem::path file;         // as found in its search folder
  std::filesystem::path shadowed_by;  // the earlier file of the same name
};

struct PluginLoadOptions {
  // Load from folders and files that others can write to (plugin_trust.h);
  // each such plugin is then a warning [plugin-insecure] instead of refused.
  bool allow_insecure = false;
};

// A stage a plugin registered, under the name packs use for it.
template <class Stage>
struct StageEntry {
  std::string name;
  std::string summary;
  const LoadedPlugin* plugin = nullptr;
  std::unique_ptr<Stage> stage;
};
using ValidateStageEntry = StageEntry<ValidateStage>;
using MediaStageEntry = StageEntry<MediaStage>;
using AudioStageEntry = StageEntry<AudioStage>;
using SpeechStageEntry = StageEntry<SpeechStage>;
using LocalizeStageEntry = StageEntry<LocalizeStage>;

struct LanguageEntry {
  std::string name;  // "lang-<tag>"
  const LoadedPlugin* plugin = nullptr;
  std::unique_ptr<LanguageStage> stage;
  // Where its fonts and labels.yaml are: the folder of a language given as data
  // (language_data.h); empty for a plugin library (<hocso data>/plugins/<name>).
  std::filesystem::path data_dir;
};

class PluginHost {
 public:
  // Loads every `hocso-*.so` in `search_dirs`, in order. Before anything is
  // loaded: a file whose name was found in an earlier folder is shadowed and
  // never loaded (shadowed()); a file or folder that others can change
  // (untrusted_reason()) is refused [plugin-insecure] unless
  // options.allow_insecure. After loading, a plugin whose name another file
  // already gave is refused [plugin-duplicate-name] (its constructors have run:
  // that cannot be known before). Directories that do not exist are skipped.
  // Then every language given as data, lang-<tag>/language.yaml in those
  // folders (language_data.h; the first folder of a name wins, like files),
  // each listed in plugins() with its language.yaml as file; one that cannot be
  // read is in language_errors(). Never throws for a bad plugin: see failures().
  explicit PluginHost(const std::vector<std::filesystem::path>& search_dirs, PluginLoadOptions options = {});
  ~PluginHost();
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  const std::vector<LoadedPlugin>& plugins() const { return plugins_; }
  const std::vector<PluginFailure>& failures() const { return failures_; }
  const std::vector<ShadowedPlugin>& shadowed() const { return shadowed_; }
  // The folders searched, in order (those that exist).
  const std::vector<std::filesystem::path>& search_dirs() const { return search_dirs_; }
  const std::vector<Diagnostic>& load_warnings() const { return load_warnings_; }
  // Problems in language data folders, at file:line:col (errors in check and build).
  const std::vector<Diagnostic>& language_errors() const { return language_errors_; }
  const std::vector<ValidateStageEntry>& validate_stages() const { return validate_stages_; }
  ValidateStageEntry* find_validate_stage(const std::string& name);
  const std::vector<MediaStageEntry>& media_stages() const { return media_stages_; }
  MediaStageEntry* find_media_stage(const std::string& name);
  const std::vector<AudioStageEntry>& audio_stages() const { return audio_stages_; }
  AudioStageEntry* find_audio_stage(const std::string& name);
  const std::vector<SpeechStageEntry>& speech_stages() const { return speech_stages_; }
  SpeechStageEntry* find_speech_stage(const std::string& name);
  const std::vector<LocalizeStageEntry>& localize_stages() const { return localize_stages_; }
  LocalizeStageEntry* find_localize_stage(const std::string& name);
  const std::vector<LanguageEntry>& languages() const { return languages_; }
  // The language plugin for a BCP 47 tag, or nullptr.
  const LanguageStage* find_language(const std::string& tag) const;
  // Whether any stage, of any kind, has this name.
  bool has_stage(const std::string& name) const;
  std::vector<std::string> stage_names() const;

 private:
  class Registry;
  void load_language_data(const std::filesystem::path& folder);
  void load(const std::filesystem::path& dir, const std::filesystem::path& file, const PluginLoadOptions& options,
            const std::optional<std::string>& folder_problem);

  // Order matters: libraries_ is declared first so it is destroyed last.
  std::vector<boost::dll::shared_library> libraries_;
  std::vector<LoadedPlugin> plugins_;  // reserved up front; stages point into it
  std::vector<PluginFailure> failures_;
  std::vector<ShadowedPlugin> shadowed_;
  std::vector<std::filesystem::path> search_dirs_;
  std::vector<Diagnostic> load_warnings_;
  std::vector<Diagnostic> language_errors_;
  std::vector<ValidateStageEntry> validate_stages_;
  std::vector<MediaStageEntry> media_stages_;
  std::vector<AudioStageEntry> audio_stages_;
  std::vector<SpeechStageEntry> speech_stages_;
  std::vector<LocalizeStageEntry> localize_stages_;
  std::vector<LanguageEntry> languages_;
};

// The folders searched for plugins, in order: each --plugin-dir, then each entry
// of HOCSO_PLUGIN_PATH (':'-separated), then <exe>/../lib/hocso/plugins.
// Every returned path is absolute and canonical (relative ones are resolved
// against the current directory now, never later by the loader).
std::vector<std::filesystem::path> plugin_search_dirs(const std::vector<std::string>& plugin_dirs);

// The folder of the running executable, and hocso's data folder (<exe>/../share/hocso).
std::filesystem::path executable_dir();
std::filesystem::path hocso_data_dir();

// The closest name in `candidates` to `name` by the one "did you mean" rule
// (closest_match(), hocso/suggest.h), or "".
std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace hocso
