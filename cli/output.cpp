#include <cstdio>
#include <set>

#include <fmt/format.h>

#include "ci_formats.h"
#include "cli.h"
#include "display_text.h"
#include "message_language.h"
#include "hocso/messages.h"
#include "plugin_host.h"

namespace hocso::cli {

bool takes_ci_formats(const std::string& command) { return command == "check" || command == "build" || command == "i18n"; }

namespace {
// The command `app` belongs to: "i18n" for `hocso i18n stats`.
std::string top_command(const CLI::App& app) {
  const CLI::App* at = &app;
  while (at->get_parent() && at->get_parent()->get_parent()) at = at->get_parent();
  return at->get_name();
}
}  // namespace

void add_common_options(CLI::App& app, CommonOptions& common) {
  const bool ci_formats = takes_ci_formats(top_command(app));
  app.add_option("--format", common.format,
                 ci_formats ? _("Output: human (default), json, or for CI github (annotations) or sarif (SARIF 2.1.0)")
                     : _("Output: human (default) or json"))
      ->transform(CLI::CheckedTransformer(std::map<std::string, Format>{
          {"human", Format::human}, {"json", Format::json}, {"github", Format::github}, {"sarif", Format::sarif}}))
      ->option_text(ci_formats ? "human|json|github|sarif" : "human|json");
  // handout's and record's --lang is the handout's or the recordings' language.
  if (top_command(app) != "handout" && top_command(app) != "record") add_lang_option(app, common.lang);
  app.add_option("--plugin-dir", common.plugin_dirs, _("Also load plugins from this folder (repeatable)"))
      ->option_text("DIR");
  app.add_flag("--allow-insecure-plugins", common.allow_insecure_plugins,
               _("Load plugins from files and folders that others can change (docs/plugins.md)"));
}

void add_packs_option(CLI::App& app, std::vector<std::string>& packs) {
  app.add_option("--pack", packs, _("Pack file (repeatable; default: every content/packs/*.yaml)"))
      ->option_text("PACK.yaml");
}

void add_bundle_choice_options(CLI::App& app, std::string& pack, std::string& profile) {
  app.add_option("--pack", pack, _("Only this pack"));
  app.add_option("--profile", profile, _("Only this device profile"));
}

void add_jobs_option(CLI::App& app, int& jobs, const std::string& help) {
  app.add_option("--jobs,-j", jobs, help)->option_text("N")->check(CLI::NonNegativeNumber);
}

void add_lang_option(CLI::App& app, std::string& lang) {
  app.add_option("--lang", lang, _("Messages in this language: en (English) or vi (Vietnamese); by default "
                                   "LANGUAGE, LC_ALL, LC_MESSAGES or LANG says"))
      ->option_text("en|vi")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            if (is_message_language(value)) return "";
            return fmt::format(fmt::runtime(_("hocso has no messages in '{lang}': write en (English) or vi (Vietnamese)")),
                               fmt::arg("lang", value));
          },
          ""));
}

PluginHost load_plugins(const CommonOptions& common) {
  return PluginHost(plugin_search_dirs(common.plugin_dirs), {common.allow_insecure_plugins});
}

void print_diagnostics(const Diagnostics& diagnostics) {
  // A source line is shown once, under its first diagnostic; past kMaxPrinted
  // diagnostics only a count is printed (all of them are in --format json).
  // Errors are chosen first, so that one error among thousands of warnings is
  // never the one left out; what is printed keeps the order it was found in.
  constexpr std::size_t kMaxPrinted = 200;
  const auto all = diagnostics.all();
  std::vector<bool> printed(all.size(), all.size() <= kMaxPrinted);
  if (all.size() > kMaxPrinted) {
    std::size_t chosen = 0;
    for (const bool errors : {true, false})
      for (std::size_t i = 0; i < all.size() && chosen < kMaxPrinted; ++i)
        if (!printed[i] && (all[i].severity == Severity::error) == errors) {
          printed[i] = true;
          ++chosen;
        }
  }
  std::set<std::pair<std::string, int>> shown_lines;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (!printed[i]) continue;
    const auto& d = all[i];
    const bool excerpt = shown_lines.insert({d.where.file, d.where.line}).second;
    std::fputs(format_human(d, diagnostics, excerpt).c_str(), stderr);
  }
  if (all.size() > kMaxPrinted)
    std::fprintf(stderr, "hocso: %s\n",
                 fmt::format(fmt::runtime(_("{count} more diagnostics not shown (--format json lists them all)")),
                             fmt::arg("count", all.size() - kMaxPrinted))
                     .c_str());
}

void report(const char* command, const Diagnostics& diagnostics, Format format, const std::vector<std::string>& lines) {
  if (format == Format::sarif) {
    print_json(sarif_log(diagnostics, command));
    for (const auto& line : lines) std::fprintf(stderr, "%s\n", display_text(line).c_str());
    return;
  }
  if (format == Format::github) {
    std::fputs(github_annotations(diagnostics).c_str(), stdout);
  } else {
    print_diagnostics(diagnostics);
  }
  for (const auto& line : lines) std::printf("%s\n", display_text(line).c_str());  // names from sources
  if (diagnostics.error_count() + diagnostics.warning_count() > 0)
    std::fprintf(stderr, "%s: %s\n", command, count_summary(diagnostics).c_str());
}

nlohmann::ordered_json diagnostics_json(const Diagnostics& diagnostics) {
  auto list = nlohmann::ordered_json::array();
  for (const auto& d : diagnostics.all()) {
    list.push_back({{"severity", severity_name(d.severity)},
                    {"file", d.where.file},
                    {"line", d.where.line},
                    {"column", d.where.column},
                    {"message", d.message},
                    {"check", d.check_id}});
  }
  return list;
}

void print_json_line(const nlohmann::ordered_json& document) {
  std::string text = escape_hidden_in_json(document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  text += '\n';
  std::fwrite(text.data(), 1, text.size(), stdout);
}

void print_json(const nlohmann::ordered_json& document) {
  // Names in the document come from bundles, sources and plugins: JSON escapes
  // control characters itself, and bidi and invisible ones are escaped too, so
  // the bytes are safe on a terminal and the document means the same.
  std::string text = escape_hidden_in_json(document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
}

std::string count_summary(const Diagnostics& diagnostics) {
  const int e = diagnostics.error_count(), w = diagnostics.warning_count();
  // TRANSLATORS: the first half of "1 error, 2 warnings", the summary of a check or build.
  const std::string errors = fmt::format(fmt::runtime(P_("{count} error", "{count} errors", e)), fmt::arg("count", e));
  // TRANSLATORS: the second half of "1 error, 2 warnings".
  const std::string warnings =
      fmt::format(fmt::runtime(P_("{count} warning", "{count} warnings", w)), fmt::arg("count", w));
  // TRANSLATORS: "1 error, 2 warnings": {errors} and {warnings} are the two halves above.
  return fmt::format(fmt::runtime(_("{errors}, {warnings}")), fmt::arg("errors", errors), fmt::arg("warnings", warnings));
}

namespace {
std::size_t code_points(const std::string& text) {
  std::size_t n = 0;
  for (const unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}
}  // namespace

std::string padded(const std::string& name, std::size_t width) {
  const std::size_t shown = code_points(name);
  return shown >= width ? name : name + std::string(width - shown, ' ');
}

std::size_t column_width(const std::vector<std::string>& names, std::size_t least) {
  std::size_t width = least;
  for (const auto& name : names) width = std::max(width, code_points(name));
  return width;
}

std::string below_note(bool below, double minimum) {
  // TRANSLATORS: after a language's coverage, when it is under --min-coverage; {minimum} is a number.
  return below ? "  " + fmt::format(fmt::runtime(_("BELOW {minimum}%")), fmt::arg("minimum", minimum)) : std::string();
}

}  // namespace hocso::cli
