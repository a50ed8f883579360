// hocso i18n extract|init|update|stats: the gettext workflow for translators.
// Templates: content/i18n/<lesson>.pot; catalogs: content/i18n/<lang>/<lesson>.po;
// the page labels' (and packs' titles): content/i18n/ui.pot, content/i18n/<lang>/ui.po.

#include <algorithm>
#include <cmath>
#include <functional>
#include <cstdio>
#include <map>
#include <memory>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli.h"
#include "display_text.h"
#include "display_path.h"
#include "fatal.h"
#include "i18n_catalogs.h"
#include "pack_loader.h"
#include "plugin_host.h"
#include "hocso/messages.h"

namespace hocso::cli {

namespace fs = std::filesystem;

namespace {

struct I18nArgs {
  std::vector<std::string> packs;
  std::string language;
  double min_coverage = -1;
  bool fail_on_fuzzy = false;
};

// The packs named with --pack, or every pack under ./content/packs (or ./packs).
std::vector<LoadedPack> load_packs(const std::vector<std::string>& named, Diagnostics& diagnostics) {
  std::vector<fs::path> files(named.begin(), named.end());
  for (const char* dir : {"content", "."}) {
    if (!files.empty()) break;
    files = find_pack_files(dir);
  }
  if (files.empty())
    throw FatalError(_("no pack given and none found in content/packs/ or packs/; "
                       "run from the project folder or pass --pack content/packs/NAME.yaml"));
  std::vector<LoadedPack> packs;
  for (const auto& file : files)
    if (auto pack = load_pack(file, diagnostics)) packs.push_back(std::move(*pack));
  return packs;
}

// Problems in catalogs go to the command's diagnostics.
PoReport report_to(Diagnostics& diagnostics) {
  return [&diagnostics](Diagnostic d) { diagnostics.report(std::move(d)); };
}

// msgfmt or msgmerge missing, a catalog that cannot be written: exit 2, like
// every environment error.
auto with_po_tools(int (*run)(const I18nArgs&, const CommonOptions&)) {
  return [run](const I18nArgs& args, const CommonOptions& common) {
    try {
      return run(args, common);
    } catch (const PoToolError& e) {
      throw FatalError(e.what());
    }
  };
}

void check_language(const std::string& language, const Pack& pack) {
  if (!is_language_tag(language))
    throw FatalError(fmt::format(fmt::runtime(_("'{language}' is not a language tag like en, mtq-Latn-VN or "
                                                "blt-Tavt-VN")),
                                 fmt::arg("language", language)));
  if (language == pack.source_language)
    throw FatalError(fmt::format(fmt::runtime(_("'{language}' is the source language of pack {pack}; it needs no "
                                                "catalog")),
                                 fmt::arg("language", language), fmt::arg("pack", pack.id)));
}

// The languages to work on: the one given, else every folder under content/i18n/
// and every non-source language the pack lists.
std::vector<std::string> languages_of(const Pack& pack, const std::string& given) {
  if (!given.empty()) return {given};
  std::set<std::string> tags;
  for (const auto& l : pack.languages)
    if (l != pack.source_language) tags.insert(l);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(pack.content_root / "i18n", ec))
    if (entry.is_directory() && is_language_tag(entry.path().filename().string()))
      tags.insert(entry.path().filename().string());
  return {tags.begin(), tags.end()};
}

std::string plural_forms_for(const PluginHost& host, const std::string& language) {
  if (const LanguageStage* l = host.find_language(language)) return l->info().plural_forms;
  return "";
}

// Writes every lesson's template; returns the files written (in pack order).
std::vector<std::string> extract(const LoadedPack& loaded, Diagnostics& diagnostics) {
  const Pack& pack = loaded.pack;
  std::vector<std::string> written;
  for (const auto& lesson : loaded.lessons) {
    write_template(pot_path(pack, lesson), lesson_template(pack, lesson), display_path(pot_path(pack, lesson)),
                   report_to(diagnostics));
    written.push_back(display_path(pot_path(pack, lesson)));
  }
  return written;
}

// The packs by the content folder they share (its ui.pot holds all of their titles).
std::map<fs::path, std::vector<const Pack*>> packs_by_content(const std::vector<LoadedPack>& packs) {
  std::map<fs::path, std::vector<const Pack*>> out;
  for (const auto& loaded : packs) out[loaded.pack.content_root].push_back(&loaded.pack);
  return out;
}

// Writes the page labels' template, content/i18n/ui.pot; returns its path as shown.
std::string extract_ui(const fs::path& content_root, const std::vector<const Pack*>& packs,
                       Diagnostics& diagnostics) {
  write_template(ui_pot_path(content_root), ui_template(packs), display_path(ui_pot_path(content_root)),
                 report_to(diagnostics));
  return display_path(ui_pot_path(content_root));
}

int finish(const char* command, const Diagnostics& diagnostics, const CommonOptions& common,
           nlohmann::ordered_json result, const std::vector<std::string>& human_lines, bool ok = true) {
  ok = ok && diagnostics.error_count() == 0;
  if (common.format == Format::json) {
    nlohmann::ordered_json out{{"command", command}, {"ok", ok}, {"errors", diagnostics.error_count()},
                               {"warnings", diagnostics.warning_count()},
                               {"diagnostics", diagnostics_json(diagnostics)}};
    for (auto& [k, v] : result.items()) out[k] = v;
    print_json(out);
  } else {
    report(command, diagnostics, common.format, human_lines);
  }
  return ok ? exit_ok : exit_content;
}

int run_extract(const I18nArgs& args, const CommonOptions& common) {
  Diagnostics diagnostics;
  auto packs = load_packs(args.packs, diagnostics);
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  std::vector<std::string> lines;
  if (diagnostics.error_count() == 0) {
    for (const auto& pack : packs)
      for (const auto& f : extract(pack, diagnostics)) {
        files.push_back(f);
        lines.push_back(fmt::format(fmt::runtime(_("wrote {file}")), fmt::arg("file", f)));
      }
    for (const auto& [root, sharing] : packs_by_content(packs)) {
      files.push_back(extract_ui(root, sharing, diagnostics));
      lines.push_back(fmt::format(fmt::runtime(_("wrote {file}")), fmt::arg("file", files.back().get<std::string>())));
    }
  }
  return finish("hocso i18n extract", diagnostics, common, {{"files", files}}, lines);
}

// Starts or merges one catalog `po` of `language` from its template `pot`;
// `init_only` leaves an existing one alone.
void start_or_merge_file(const fs::path& po, const fs::path& pot, const std::function<PoCatalog()>& make_template,
                         const std::string& language, bool init_only, const PluginHost& host,
                         Diagnostics& diagnostics, nlohmann::ordered_json& files, std::vector<std::string>& lines) {
  const std::string shown = display_path(po);
  if (fs::exists(po)) {
    if (init_only) {
      lines.push_back(
          fmt::format(fmt::runtime(_("kept {file} (exists; use hocso i18n update)")), fmt::arg("file", shown)));
      files.push_back({{"file", shown}, {"action", "kept"}});
      return;
    }
    if (!check_po_file(po, shown, report_to(diagnostics))) return;
    merge_po_file(po, pot);
    lines.push_back(fmt::format(fmt::runtime(_("updated {file}")), fmt::arg("file", shown)));
    files.push_back({{"file", shown}, {"action", "updated"}});
  } else {
    write_po_file(po, new_catalog(make_template(), language, plural_forms_for(host, language)));
    lines.push_back(fmt::format(fmt::runtime(_("created {file}")), fmt::arg("file", shown)));
    files.push_back({{"file", shown}, {"action", "created"}});
  }
}

// Starts or merges the catalogs of `language`; `init_only` leaves existing ones alone.
void start_or_merge(const LoadedPack& loaded, const std::string& language, bool init_only, const PluginHost& host,
                    Diagnostics& diagnostics, nlohmann::ordered_json& files, std::vector<std::string>& lines) {
  const Pack& pack = loaded.pack;
  for (const auto& lesson : loaded.lessons) {
    start_or_merge_file(po_path(pack, language, lesson), pot_path(pack, lesson),
                        [&] { return lesson_template(pack, lesson); }, language, init_only, host, diagnostics, files,
                        lines);
  }
}

int run_init_or_update(const I18nArgs& args, const CommonOptions& common, bool init) {
  Diagnostics diagnostics;
  PluginHost host = load_plugins(common);
  auto packs = load_packs(args.packs, diagnostics);
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  std::vector<std::string> lines;
  if (diagnostics.error_count() == 0) {
    for (const auto& loaded : packs) {
      if (!args.language.empty()) check_language(args.language, loaded.pack);
      extract(loaded, diagnostics);
      for (const auto& language : languages_of(loaded.pack, args.language))
        start_or_merge(loaded, language, init, host, diagnostics, files, lines);
    }
    // The page labels' catalog, once per content folder and language.
    for (const auto& [root, sharing] : packs_by_content(packs)) {
      extract_ui(root, sharing, diagnostics);
      std::set<std::string> languages;
      for (const Pack* pack : sharing)
        for (const auto& language : languages_of(*pack, args.language)) languages.insert(language);
      for (const auto& language : languages)
        start_or_merge_file(ui_po_path(root, language), ui_pot_path(root), [&] { return ui_template(sharing); },
                            language, init, host, diagnostics, files, lines);
    }
  }
  return finish(init ? "hocso i18n init" : "hocso i18n update", diagnostics, common, {{"files", files}}, lines);
}

nlohmann::ordered_json coverage_json(const Coverage& c) {
  return {{"translated", c.translated}, {"fuzzy", c.fuzzy}, {"missing", c.missing}, {"total", c.total()},
          {"coverage", std::floor(c.percent() * 10) / 10}};
}

// The languages `stats` counts: the one given (one the pack lists, or one a
// translator has started catalogs for), else every language the pack lists but
// its source. Catalog folders of other languages are not counted unless named:
// the pack would not build them.
std::vector<std::string> stats_languages(const Pack& pack, const std::string& given) {
  if (!given.empty()) {
    check_language(given, pack);
    const bool listed = std::find(pack.languages.begin(), pack.languages.end(), given) != pack.languages.end();
    std::error_code ec;
    if (!listed && !fs::is_directory(pack.content_root / "i18n" / given, ec))
      throw FatalError(fmt::format(fmt::runtime(_("'{language}' is not one of the languages of pack {pack} "
                                                  "({languages}) and has no catalogs in {folder}; start them with: "
                                                  "hocso i18n init {language}")),
                                   fmt::arg("language", given), fmt::arg("pack", pack.id),
                                   fmt::arg("languages", fmt::format("{}", fmt::join(pack.languages, ", "))),
                                   fmt::arg("folder", display_path(pack.content_root / "i18n" / given))));
    return {given};
  }
  std::vector<std::string> out;
  for (const auto& l : pack.languages)
    if (l != pack.source_language) out.push_back(l);
  return out;
}

std::string coverage_line(const std::string& name, std::size_t width, const Coverage& c, bool has_catalog) {
  return fmt::format(fmt::runtime(_("  {name:<24} {translated:>4} translated {fuzzy:>4} fuzzy {missing:>4} missing  "
                                    "{percent:5.1f}%{note}")),
                     fmt::arg("name", padded(name, width)), fmt::arg("translated", c.translated),
                     fmt::arg("fuzzy", c.fuzzy), fmt::arg("missing", c.missing),
                     fmt::arg("percent", std::floor(c.percent() * 10) / 10),
                     fmt::arg("note", has_catalog ? "" : _("  (no catalog)")));
}

int run_stats(const I18nArgs& args, const CommonOptions& common) {
  Diagnostics diagnostics;
  auto packs = load_packs(args.packs, diagnostics);
  nlohmann::ordered_json languages = nlohmann::ordered_json::array();
  std::vector<std::string> lines;
  bool ok = true;
  if (diagnostics.error_count() == 0) {
    for (const auto& loaded : packs) {
      const Pack& pack = loaded.pack;
      const auto counted = stats_languages(pack, args.language);
      // One column for the names: lesson ids longer than 24 characters line up too.
      std::vector<std::string> names{_("(page labels)")};
      for (const auto& lesson : loaded.lessons) names.push_back(lesson.id);
      const std::size_t width = column_width(names, 24);
      // The language the lessons are written in needs no catalog: said so, not counted.
      if (args.language.empty())
        lines.push_back(fmt::format(fmt::runtime(_("{language} ({pack}): the source language: the lessons are "
                                                   "written in it (100%)")),
                                    fmt::arg("language", pack.source_language), fmt::arg("pack", pack.id)));
      for (const auto& language : counted) {
        Coverage total;
        nlohmann::ordered_json lessons = nlohmann::ordered_json::array();
        std::vector<std::string> detail;
        for (const auto& lesson : loaded.lessons) {
          const fs::path po = po_path(pack, language, lesson);
          std::optional<PoCatalog> catalog;
          if (fs::exists(po)) catalog = read_po_file(po, display_path(po), report_to(diagnostics));
          const Coverage c = lesson_coverage(lesson_segments(lesson), catalog ? &*catalog : nullptr);
          total += c;
          auto entry = coverage_json(c);
          entry["lesson"] = lesson.id;
          entry["catalog"] = catalog ? display_path(po) : "";
          lessons.push_back(entry);
          detail.push_back(coverage_line(lesson.id, width, c, catalog.has_value()));
        }
        // The page labels and the pack's title count too: a learner reads them on every page.
        const fs::path ui_po = ui_po_path(pack.content_root, language);
        std::optional<PoCatalog> ui_catalog;
        if (fs::exists(ui_po)) ui_catalog = read_po_file(ui_po, display_path(ui_po), report_to(diagnostics));
        const Coverage ui = template_coverage(ui_template({&pack}), ui_catalog ? &*ui_catalog : nullptr);
        total += ui;
        detail.push_back(coverage_line(_("(page labels)"), width, ui, ui_catalog.has_value()));

        const bool below = args.min_coverage >= 0 && total.percent() < args.min_coverage;
        const bool fuzzy = args.fail_on_fuzzy && total.fuzzy > 0;
        if (below || fuzzy) ok = false;
        auto entry = coverage_json(total);
        entry["language"] = language;
        entry["pack"] = pack.id;
        entry["below_threshold"] = below;
        entry["lessons"] = lessons;
        auto labels = coverage_json(ui);
        labels["catalog"] = ui_catalog ? display_path(ui_po) : "";
        entry["page_labels"] = labels;
        languages.push_back(entry);
        lines.push_back(fmt::format(
            fmt::runtime(_("{language} ({pack}): {translated} of {total} segments translated, {fuzzy} fuzzy, "
                           "{missing} missing: {percent:.1f}%{below}{fuzzy_note}")),
            fmt::arg("language", language), fmt::arg("pack", pack.id), fmt::arg("translated", total.translated),
            fmt::arg("total", total.total()), fmt::arg("fuzzy", total.fuzzy), fmt::arg("missing", total.missing),
            fmt::arg("percent", std::floor(total.percent() * 10) / 10),
            fmt::arg("below", below_note(below, args.min_coverage)),
            // TRANSLATORS: after a language's coverage with --fail-on-fuzzy, when it has fuzzy entries.
            fmt::arg("fuzzy_note", fuzzy ? std::string("  ") + _("FUZZY ENTRIES") : std::string())));
        lines.insert(lines.end(), detail.begin(), detail.end());
      }
      if (args.language.empty())
        for (const auto& other : languages_of(pack, ""))
          if (std::find(counted.begin(), counted.end(), other) == counted.end())
            lines.push_back(fmt::format(fmt::runtime(_("{language} ({pack}): not counted: the pack does not list it "
                                                       "in `languages:` (hocso i18n stats {language} counts it)")),
                                        fmt::arg("language", other), fmt::arg("pack", pack.id)));
    }
  }
  return finish("hocso i18n stats", diagnostics, common, {{"languages", languages}}, lines, ok);
}

int run_init(const I18nArgs& args, const CommonOptions& common) { return run_init_or_update(args, common, true); }
int run_update(const I18nArgs& args, const CommonOptions& common) { return run_init_or_update(args, common, false); }

CLI::Option* add_language_option(CLI::App& app, I18nArgs& args) {
  return app.add_option("language", args.language, _("BCP 47 language tag, e.g. en or mtq-Latn-VN"));
}

void add_extract_options(CLI::App& app, I18nArgs& args) { add_packs_option(app, args.packs); }

void add_init_options(CLI::App& app, I18nArgs& args) {
  add_packs_option(app, args.packs);
  add_language_option(app, args)->required();
}

void add_update_options(CLI::App& app, I18nArgs& args) {
  add_packs_option(app, args.packs);
  add_language_option(app, args);
}

void add_stats_options(CLI::App& app, I18nArgs& args) {
  add_packs_option(app, args.packs);
  add_language_option(app, args);
  app.add_option("--min-coverage", args.min_coverage, _("Exit 1 when a language's coverage is under PCT percent"))
      ->option_text("PCT")
      ->check(CLI::Range(0.0, 100.0));
  app.add_flag("--fail-on-fuzzy", args.fail_on_fuzzy,
               _("Exit 1 when a language has fuzzy entries (a changed source text whose translation needs a look)"));
}

}  // namespace

std::vector<Command> i18n_commands() {
  return {
      command_group(
          "i18n", N_("Translation catalogs: `hocso i18n extract|init|update|stats` (gettext PO files in content/i18n/)"),
          {command<I18nArgs>(
               "extract",
               N_("Write content/i18n/<lesson>.pot templates from the lessons, and ui.pot (page labels, pack titles)"),
               add_extract_options, with_po_tools(run_extract)),
           command<I18nArgs>("init", N_("Start catalogs content/i18n/LANG/<lesson>.po (existing ones are kept)"),
                             add_init_options, with_po_tools(run_init)),
           command<I18nArgs>(
               "update", N_("Extract, then merge the templates into the catalogs of LANG (default: all) like msgmerge"),
               add_update_options, with_po_tools(run_update)),
           command<I18nArgs>(
               "stats",
               N_("Per language of the pack and lesson (and the page labels): translated, fuzzy, missing"),
               add_stats_options, with_po_tools(run_stats))}),
  };
}

}  // namespace hocso::cli
