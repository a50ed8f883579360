#include "stage_runner.h"

#include "schema_limits.h"

#include <algorithm>

#include <fmt/format.h>

#include "fatal.h"
#include "plugin_context.h"
#include "say.h"
#include "hocso/messages.h"

namespace hocso {

namespace fs = std::filesystem;

const std::vector<std::string>& standard_stages() {
  static const std::vector<std::string> stages{kRequiredValidateStage, kPrivacyValidateStage, "screenshots", "audio", "tts"};
  return stages;
}

namespace {

PackView make_view(const Pack& pack) {
  PackView view;
  view.id = pack.id;
  view.version = pack.version;
  view.content_root = pack.content_root;
  view.pack_path = pack.pack_path;
  view.document = pack.document.get();
  view.listed_lesson_ids = pack.listed_lesson_ids;
  return view;
}

const PluginFailure* failure_for_stage(const PluginHost& host, const std::string& stage) {
  for (const auto& f : host.failures())
    if (f.file.filename() == "hocso-" + stage + ".so") return &f;
  return nullptr;
}

// The localize stage a pack uses: the first its `plugins:` list names, else translate-po.
std::string localize_stage_name(const Pack& pack, PluginHost& host) {
  if (pack.plugins)
    for (const auto& use : *pack.plugins)
      if (host.find_localize_stage(use.name)) return use.name;
  return "translate-po";
}

// Whether the pack has a language other than its source language.
bool needs_translation(const Pack& pack) {
  return std::any_of(pack.languages.begin(), pack.languages.end(),
                     [&](const std::string& l) { return l != pack.source_language; });
}

std::string required_file_name() { return fmt::format("hocso-{}.so", kRequiredValidateStage); }

// The installed language closest to `tag`: one with the same language subtag
// ("mtq" -> "mtq-Latn-VN"), else the one "did you mean" rule; "" for none.
std::string closest_language(const std::string& tag, const std::vector<std::string>& installed) {
  const std::string language = tag.substr(0, tag.find('-'));
  for (const auto& candidate : installed)
    if (candidate.substr(0, candidate.find('-')) == language) return candidate;
  return did_you_mean(tag, installed);
}

// Each language of the pack needs its language plugin: without one its texts
// get no orthography check and its pages no name or fonts [language-plugin-missing].
void check_language_plugins(const Pack& pack, const PluginHost& host, Diagnostics& diagnostics) {
  std::vector<std::string> installed;
  for (const auto& l : host.languages()) installed.push_back(l.stage->info().tag);
  const auto* listed =
      pack.document && pack.document->value().is_object() && pack.document->value().contains("languages")
          ? &pack.document->value()["languages"]
          : nullptr;
  for (const auto& tag : pack.languages) {
    if (std::find(installed.begin(), installed.end(), tag) != installed.end()) continue;
    Location where{pack.pack_path};
    if (pack.document) {
      where = pack.document->locate(tag == pack.source_language ? "/source_language" : "/languages");
      for (std::size_t i = 0; listed && listed->is_array() && i < listed->size(); ++i)
        if ((*listed)[i] == tag) where = pack.document->locate(fmt::format("/languages/{}", i));
    }
    const std::string closest = closest_language(tag, installed);
    pack.checks.severities.report(
        diagnostics, where,
        closest.empty()
            ? fmt::format(fmt::runtime(_("language '{tag}' has no language plugin, so its texts cannot be checked "
                                         "or shown; write the tag of an installed language (`hocso plugin list` "
                                         "shows them)")),
                          fmt::arg("tag", tag))
            : fmt::format(fmt::runtime(_("language '{tag}' has no language plugin, so its texts cannot be checked "
                                         "or shown; did you mean '{closest}'?")),
                          fmt::arg("tag", tag), fmt::arg("closest", closest)),
        "language-plugin-missing");
  }
}

}  // namespace

std::string plugin_failure_text(const PluginFailure& failure) {
  // TRANSLATORS: {reason} is one of the reasons a plugin is not loaded ("is not a hocso plugin: …").
  return say(N_("plugin {file} {reason}"), fmt::arg("file", failure.file.string()), fmt::arg("reason", failure.reason));
}

void require_validation_plugin(const PluginHost& host) {
  const std::string file_name = required_file_name();
  auto fail = [&](const std::string& what) {
    throw FatalError(say(N_("{problem}; hocso checks every pack and lesson against its schemas with the plugin "
                            "{plugin} and does not check or build without it: reinstall hocso (it installs the plugin "
                            "in {folder}), or correct --plugin-dir and HOCSO_PLUGIN_PATH; `hocso plugin list` shows "
                            "what was found"),
                         fmt::arg("problem", what), fmt::arg("plugin", kRequiredValidateStage),
                         fmt::arg("folder", (executable_dir() / ".." / HOCSO_PLUGIN_SUBDIR).lexically_normal().string())));
  };
  for (const auto& s : host.shadowed())
    if (s.file.filename() == file_name)
      fail(say(N_("two files named {name} are on the plugin path, {first} and {second}, and which one checks the "
                  "lessons would depend on the order of the folders; remove the one that should not be there"),
               fmt::arg("name", file_name), fmt::arg("first", s.shadowed_by.string()),
               fmt::arg("second", s.file.string())));
  for (const auto& f : host.failures())
    if (f.file.filename() == file_name) fail(fmt::format("{} [{}]", plugin_failure_text(f), f.check_id));
  const auto& stages = host.validate_stages();
  const auto stage = std::find_if(stages.begin(), stages.end(),
                                  [](const ValidateStageEntry& s) { return s.name == kRequiredValidateStage; });
  for (const auto& p : host.plugins())
    if (p.file.filename() == file_name && p.name != kRequiredValidateStage)
      fail(say(N_("{file} is the plugin '{name}', not {plugin}"), fmt::arg("file", p.file.string()),
               fmt::arg("name", p.name), fmt::arg("plugin", kRequiredValidateStage)));
  if (stage == stages.end()) {
    std::string folders;
    for (const auto& dir : host.search_dirs()) folders += (folders.empty() ? "" : ", ") + dir.string();
    fail(folders.empty()
             ? say(N_("{plugin} is not installed: no {name} in the plugin folders (none exists)"),
                   fmt::arg("plugin", kRequiredValidateStage), fmt::arg("name", file_name))
             : say(N_("{plugin} is not installed: no {name} in the plugin folders ({folders})"),
                   fmt::arg("plugin", kRequiredValidateStage), fmt::arg("name", file_name),
                   fmt::arg("folders", folders)));
  }
  if (stage->plugin->name != kRequiredValidateStage || stage->plugin->file.filename() != file_name)
    fail(say(N_("the stage '{stage}' comes from {file} (the plugin '{name}'), not from {expected}"),
             fmt::arg("stage", kRequiredValidateStage), fmt::arg("file", stage->plugin->file.string()),
             fmt::arg("name", stage->plugin->name), fmt::arg("expected", file_name)));
}

struct PackValidation::Running {
  std::string name;
  ValidateStageEntry* entry = nullptr;
  std::unique_ptr<HostPluginContext> context;
  bool stopped = false;  // it threw: not called again for this pack
};

PackValidation::PackValidation(const Pack& pack, PluginHost& host, Diagnostics& diagnostics, const StageCache* cache)
    : diagnostics_(diagnostics), view_(make_view(pack)) {
  require_validation_plugin(host);
  struct Wanted {
    std::string name;
    std::string settings;
    Location where;
    bool required;
  };
  std::vector<Wanted> wanted;
  if (pack.plugins) {
    for (const auto& use : *pack.plugins) wanted.push_back({use.name, use.settings_json, use.where, true});
  } else {
    for (const auto& name : standard_stages()) wanted.push_back({name, "{}", {pack.pack_path}, false});
  }
  // The schema check runs for every pack: a pack file cannot turn it off.
  if (std::none_of(wanted.begin(), wanted.end(), [](const Wanted& w) { return w.name == kRequiredValidateStage; }))
    wanted.push_back({kRequiredValidateStage, "{}", {pack.pack_path}, true});
  // So does the privacy check (personal data must not be published); a pack
  // lists values that may be shown under `privacy: allow:`.
  if (std::none_of(wanted.begin(), wanted.end(), [](const Wanted& w) { return w.name == kPrivacyValidateStage; }))
    wanted.push_back({kPrivacyValidateStage, "{}", {pack.pack_path}, false});
  // A pack in several languages needs its localize stage even when it does not
  // list it; localize_lessons() says so when it is missing.
  const std::string localize = localize_stage_name(pack, host);
  bool implicit_localize = false;
  if (needs_translation(pack) &&
      std::none_of(wanted.begin(), wanted.end(), [&](const Wanted& w) { return w.name == localize; })) {
    wanted.push_back({localize, "{}", pack.document ? pack.document->locate("/languages") : Location{pack.pack_path}, true});
    implicit_localize = true;
  }

  // Plugins that failed to load: an error where the pack needs them, else a warning.
  for (const auto& f : host.failures()) {
    const bool needed = std::any_of(wanted.begin(), wanted.end(), [&](const Wanted& w) {
      return f.file.filename() == "hocso-" + w.name + ".so";
    });
    Location where = {f.file.string()};
    if (needed) {
      for (const auto& w : wanted)
        if (f.file.filename() == "hocso-" + w.name + ".so") where = w.where;
    }
    // Two files giving one plugin name is an error whatever the pack needs: the
    // plugin that runs may not be the one meant.
    const bool error = needed || f.check_id == "plugin-duplicate-name";
    diagnostics.report({error ? Severity::error : Severity::warning, where,
                        plugin_failure_text(f), f.check_id});
  }
  for (const auto& s : host.shadowed())
    diagnostics.warning({s.file.string()},
                        say(N_("plugin {file} is not loaded: {first} of the same name comes first on the plugin path"),
                            fmt::arg("file", s.file.string()), fmt::arg("first", s.shadowed_by.string())),
                        "plugin-shadowed");
  for (const auto& w : host.load_warnings()) diagnostics.report(w);
  for (const auto& e : host.language_errors()) diagnostics.report(e);
  check_language_plugins(pack, host, diagnostics);

  const fs::path data_dir = hocso_data_dir();
  for (const auto& w : wanted) {
    ValidateStageEntry* entry = host.find_validate_stage(w.name);
    if (!entry) {
      if (host.has_stage(w.name)) continue;            // a stage of another kind (media): runs later
      if (implicit_localize && w.name == localize) continue;  // reported by localize_lessons()
      if (failure_for_stage(host, w.name)) continue;  // already reported above
      std::string hint = did_you_mean(w.name, host.stage_names());
      const std::string message =
          hint.empty() ? fmt::format(fmt::runtime(_("unknown plugin stage '{stage}'; `hocso plugin list` shows the "
                                                    "installed ones")),
                                     fmt::arg("stage", w.name))
                       : fmt::format(fmt::runtime(_("unknown plugin stage '{stage}'; did you mean '{suggestion}'?")),
                                     fmt::arg("stage", w.name), fmt::arg("suggestion", hint));
      diagnostics.report({w.required ? Severity::error : Severity::warning, w.where, message, "plugin-unknown-stage"});
      continue;
    }
    auto running = std::make_unique<Running>();
    running->name = w.name;
    running->entry = entry;
    running->context = std::make_unique<HostPluginContext>(diagnostics, w.settings, data_dir,
                                                           data_dir / "plugins" / entry->plugin->name,
                                                           pack.content_root, cache, &pack.checks.severities);
    stages_.push_back(std::move(running));
  }
  call_each([&](ValidateStage& stage, PluginContext& context) { stage.begin_pack(view_, context); });
}

PackValidation::~PackValidation() = default;

template <typename Call>
void PackValidation::call_each(const Call& call) {
  for (auto& running : stages_) {
    if (running->stopped) continue;
    const ValidateStageEntry& entry = *running->entry;
    try {
      call(*entry.stage, *running->context);
      continue;
    } catch (const std::exception& e) {
      target_->error({entry.plugin->file.string()},
                     fmt::format("plugin stage '{}' threw an exception: {}", running->name, e.what()), "plugin-threw");
    } catch (...) {
      target_->error({entry.plugin->file.string()},
                     fmt::format("plugin stage '{}' threw an exception", running->name), "plugin-threw");
    }
    running->stopped = true;
  }
}

void PackValidation::lesson(const Lesson& lesson, Diagnostics& into) {
  report_into(into);
  this->lesson(lesson);
  report_into(diagnostics_);
}

void PackValidation::report_into(Diagnostics& diagnostics) {
  target_ = &diagnostics;
  for (auto& running : stages_) running->context->report_into(diagnostics);
}

void PackValidation::lesson(const Lesson& lesson) {
  LessonView view;
  view.id = lesson.id;
  view.folder = lesson.folder;
  view.markdown_path = lesson.markdown_path;
  view.front_matter = lesson.front_matter.get();
  view.body = lesson.markdown->text();
  view.body_first_line = lesson.body_first_line;
  view.references = lesson.markdown->references();
  call_each([&](ValidateStage& stage, PluginContext& context) { stage.validate_lesson(view_, view, context); });
}

namespace {

// Whether `plugin` was built for plugin API 6.4 or later (lesson memos).
bool keeps_memos(const LoadedPlugin& plugin) { return plugin.api_version >= HOCSO_PLUGIN_API_VERSION_OF(6u, 4u); }

}  // namespace

std::optional<std::vector<std::string>> PackValidation::memos(const std::string& lesson_id) {
  std::vector<std::string> memos;
  for (auto& running : stages_) {
    if (running->stopped || !keeps_memos(*running->entry->plugin)) return std::nullopt;
    std::optional<std::string> memo;
    try {
      memo = running->entry->stage->lesson_memo(view_, lesson_id);
    } catch (...) {  // as a stage that keeps none: the lesson is read next time
    }
    if (!memo) return std::nullopt;
    memos.push_back(std::move(*memo));
  }
  return memos;
}

bool PackValidation::can_recall(const std::vector<std::string>& memos) const {
  if (memos.size() != stages_.size()) return false;
  return std::none_of(stages_.begin(), stages_.end(), [](const auto& running) {
    return running->stopped || !keeps_memos(*running->entry->plugin);
  });
}

bool PackValidation::recall(const std::string& lesson_id, const std::vector<std::string>& memos, Diagnostics& into) {
  if (!can_recall(memos)) return false;
  report_into(into);
  std::size_t i = 0;
  call_each([&](ValidateStage& stage, PluginContext& context) { stage.recall_lesson(view_, lesson_id, memos[i++], context); });
  report_into(diagnostics_);
  return true;
}

void PackValidation::finish() {
  call_each([&](ValidateStage& stage, PluginContext& context) { stage.end_pack(view_, context); });
}

namespace {

// The stages a pack asks for, in its order, with their settings: its
// `plugins:` list, else the standard set.
std::vector<std::pair<std::string, std::string>> wanted_stages(const Pack& pack) {
  std::vector<std::pair<std::string, std::string>> wanted;  // name, settings
  if (pack.plugins) {
    for (const auto& use : *pack.plugins) wanted.push_back({use.name, use.settings_json});
  } else {
    for (const auto& name : standard_stages()) wanted.push_back({name, "{}"});
  }
  return wanted;
}

// The first wanted stage that `find` (the host's lookup of one kind of stage)
// knows, with what its calls need.
template <typename Choice, typename Find>
std::optional<Choice> choose_stage(const Pack& pack, Find find) {
  for (const auto& [name, settings] : wanted_stages(pack)) {
    auto* entry = find(name);
    if (!entry) continue;
    Choice choice;
    choice.stage = entry->stage.get();
    choice.name = name;
    choice.settings_json = settings;
    choice.plugin_file = entry->plugin->file.string();
    choice.data_dir = hocso_data_dir();
    choice.plugin_data_dir = choice.data_dir / "plugins" / entry->plugin->name;
    choice.content_root = pack.content_root;
    return choice;
  }
  return std::nullopt;
}

}  // namespace

std::optional<MediaStageChoice> choose_media_stage(const Pack& pack, PluginHost& host) {
  return choose_stage<MediaStageChoice>(pack, [&](const std::string& name) { return host.find_media_stage(name); });
}

std::optional<AudioStageChoice> choose_audio_stage(const Pack& pack, PluginHost& host) {
  return choose_stage<AudioStageChoice>(pack, [&](const std::string& name) { return host.find_audio_stage(name); });
}

std::optional<SpeechStageChoice> choose_speech_stage(const Pack& pack, PluginHost& host, Diagnostics& diagnostics) {
  if (pack.tts_languages.empty()) return std::nullopt;
  auto choice =
      choose_stage<SpeechStageChoice>(pack, [&](const std::string& name) { return host.find_speech_stage(name); });
  auto at = [&](const std::string& pointer) {
    return pack.document ? pack.document->locate(pointer) : Location{pack.pack_path};
  };
  if (!choice) {
    diagnostics.error(at("/audio/tts"),
                      _("a machine voice is asked for (audio: tts:), but no speech stage is installed or listed "
                        "under plugins: (the standard one is tts)"),
                      "audio-tts");
    return std::nullopt;
  }
  bool ok = true;
  for (std::size_t i = 0; i < pack.tts_languages.size(); ++i) {
    const std::string& language = pack.tts_languages[i];
    const Location where = at(fmt::format("/audio/tts/{}", i));
    // A translation is read by a person who speaks it, or not at all: a
    // machine voice is for the language the lessons are written in.
    if (language != pack.source_language) {
      diagnostics.error(where,
                        fmt::format(fmt::runtime(_("a machine voice may read only the language the lessons are written "
                                                   "in ({source}), not {language}: a translation needs a person's "
                                                   "voice (docs/recording.md)")),
                                    fmt::arg("source", pack.source_language), fmt::arg("language", language)),
                        "audio-tts");
      ok = false;
    } else if (!choice->stage->speaks(language)) {
      diagnostics.error(where,
                        fmt::format(fmt::runtime(_("the speech stage '{stage}' has no voice for {language}")),
                                    fmt::arg("stage", choice->name), fmt::arg("language", language)),
                        "audio-tts");
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return choice;
}

LocalizeOptions localize_options(const Pack& pack, PluginHost& host) {
  LocalizeOptions options;
  const fs::path data_dir = hocso_data_dir();
  options.stage_name = localize_stage_name(pack, host);
  if (LocalizeStageEntry* entry = host.find_localize_stage(options.stage_name)) {
    LocalizeStageChoice choice;
    choice.stage = entry->stage.get();
    choice.name = entry->name;
    if (pack.plugins)
      for (const auto& use : *pack.plugins)
        if (use.name == entry->name) choice.settings_json = use.settings_json;
    choice.plugin_file = entry->plugin->file.string();
    choice.data_dir = data_dir;
    choice.plugin_data_dir = data_dir / "plugins" / entry->plugin->name;
    options.stage = choice;
  }
  for (const auto& l : host.languages()) {
    const std::string& tag = l.stage->info().tag;
    options.fallbacks[tag] = l.stage->info().fallbacks;
    options.languages[tag] = {l.stage.get(), l.plugin->file.string(),
                              l.data_dir.empty() ? data_dir / "plugins" / l.plugin->name : l.data_dir};
  }
  options.lesson_schema = read_schema_file(data_dir / "schemas" / "lesson.schema.json");
  return options;
}

}  // namespace hocso
