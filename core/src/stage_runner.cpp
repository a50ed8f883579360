#include "stage_runner.h"

#include <algorithm>

#include <fmt/format.h>

#include "display_path.h"
#include "i18n_catalogs.h"

namespace hocso {

namespace fs = std::filesystem;

const std::vector<std::string>& standard_stages() {
  static const std::vector<std::string> stages{"validate-core", "screenshots"};
  return stages;
}

namespace {

class StageContext final : public PluginContext {
 public:
  StageContext(Diagnostics& diagnostics, std::string settings, fs::path data_dir, fs::path plugin_data)
      : diagnostics_(diagnostics), settings_(std::move(settings)), data_dir_(std::move(data_dir)),
        plugin_data_dir_(std::move(plugin_data)) {}
  void report(Diagnostic diagnostic) override { diagnostics_.report(std::move(diagnostic)); }
  const std::string& settings_json() const override { return settings_; }
  const fs::path& hocso_data_dir() const override { return data_dir_; }
  const fs::path& plugin_data_dir() const override { return plugin_data_dir_; }

 private:
  Diagnostics& diagnostics_;
  std::string settings_;
  fs::path data_dir_;
  fs::path plugin_data_dir_;
};

PackView make_view(const Pack& pack) {
  PackView view;
  view.id = pack.id;
  view.version = pack.version;
  view.content_root = pack.content_root;
  view.pack_path = pack.pack_path;
  view.document = pack.document.get();
  view.listed_lesson_ids = pack.listed_lesson_ids;
  for (const auto& lesson : pack.lessons) {
    LessonView l;
    l.id = lesson.id;
    l.folder = lesson.folder;
    l.markdown_path = lesson.markdown_path;
    l.front_matter = lesson.front_matter.get();
    l.body = lesson.body;
    l.body_first_line = lesson.body_first_line;
    l.references = lesson.markdown->references();
    view.lessons.push_back(std::move(l));
  }
  return view;
}

const PluginFailure* failure_for_stage(const PluginHost& host, const std::string& stage) {
  for (const auto& f : host.failures())
    if (f.file.filename() == "hocso-" + stage + ".so") return &f;
  return nullptr;
}

}  // namespace

void run_validate_stages(const Pack& pack, PluginHost& host, Diagnostics& diagnostics) {
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
    diagnostics.report({needed ? Severity::error : Severity::warning, where,
                        fmt::format("plugin {} {}", f.file.string(), f.reason), f.check_id});
  }
  for (const auto& w : host.load_warnings()) diagnostics.report(w);

  const fs::path data_dir = hocso_data_dir();
  const PackView view = make_view(pack);
  for (const auto& w : wanted) {
    ValidateStageEntry* entry = host.find_validate_stage(w.name);
    if (!entry) {
      if (host.has_stage(w.name)) continue;            // a stage of another kind (media): runs later
      if (failure_for_stage(host, w.name)) continue;  // already reported above
      std::string hint = did_you_mean(w.name, host.stage_names());
      std::string message = fmt::format("unknown plugin stage '{}'", w.name);
      if (!hint.empty()) message += fmt::format("; did you mean '{}'?", hint);
      else message += "; `hocso plugin list` shows the installed ones";
      diagnostics.report({w.required ? Severity::error : Severity::warning, w.where, message, "plugin-unknown-stage"});
      continue;
    }
    StageContext context(diagnostics, w.settings, data_dir, data_dir / "plugins" / entry->plugin->name);
    try {
      entry->stage->validate(view, context);
    } catch (const std::exception& e) {
      diagnostics.error({entry->plugin->file.string()},
                        fmt::format("plugin stage '{}' threw an exception: {}", w.name, e.what()), "plugin-threw");
    } catch (...) {
      diagnostics.error({entry->plugin->file.string()},
                        fmt::format("plugin stage '{}' threw an exception", w.name), "plugin-threw");
    }
  }
}

std::optional<MediaStageChoice> choose_media_stage(const Pack& pack, PluginHost& host) {
  std::vector<std::pair<std::string, std::string>> wanted;  // name, settings
  if (pack.plugins) {
    for (const auto& use : *pack.plugins) wanted.push_back({use.name, use.settings_json});
  } else {
    for (const auto& name : standard_stages()) wanted.push_back({name, "{}"});
  }
  for (const auto& [name, settings] : wanted) {
    MediaStageEntry* entry = host.find_media_stage(name);
    if (!entry) continue;
    MediaStageChoice choice;
    choice.stage = entry->stage.get();
    choice.name = name;
    choice.settings_json = settings;
    choice.plugin_file = entry->plugin->file.string();
    choice.data_dir = hocso_data_dir();
    choice.plugin_data_dir = choice.data_dir / "plugins" / entry->plugin->name;
    return choice;
  }
  return std::nullopt;
}

void run_language_checks(const Pack& pack, PluginHost& host, Diagnostics& diagnostics) {
  const fs::path data_dir = hocso_data_dir();
  for (const auto& language : pack.languages) {
    if (language == pack.source_language) continue;
    const LanguageEntry* entry = nullptr;
    for (const auto& l : host.languages())
      if (l.stage->info().tag == language) entry = &l;
    if (!entry) continue;
    StageContext context(diagnostics, "{}", data_dir, data_dir / "plugins" / entry->plugin->name);
    for (const auto& lesson : pack.lessons) {
      const fs::path file = po_path(pack, language, lesson);
      if (!fs::exists(file)) continue;
      const std::string shown = display_path(file);
      auto catalog = read_po_file(file, shown, diagnostics);
      if (!catalog) continue;
      try {
        for (const auto& [key, e] : translated_entries(*catalog)) entry->stage->check(e->msgstr, {shown, e->line, 1}, context);
      } catch (const std::exception& e) {
        diagnostics.error({entry->plugin->file.string()},
                          fmt::format("language plugin '{}' threw an exception: {}", entry->name, e.what()), "plugin-threw");
      } catch (...) {
        diagnostics.error({entry->plugin->file.string()},
                          fmt::format("language plugin '{}' threw an exception", entry->name), "plugin-threw");
      }
    }
  }
}

}  // namespace hocso
