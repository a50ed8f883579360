#include <cstdio>
#include <set>

#include <fmt/format.h>

#include "ci_formats.h"
#include "cli.h"
#include "display_text.h"
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
                 ci_formats ? "Output: human (default), json, or for CI github (annotations) or sarif (SARIF 2.1.0)"
                     : "Output: human (default) or json")
      ->transform(CLI::CheckedTransformer(std::map<std::string, Format>{
          {"human", Format::human}, {"json", Format::json}, {"github", Format::github}, {"sarif", Format::sarif}}))
      ->option_text(ci_formats ? "human|json|github|sarif" : "human|json");
  app.add_option("--plugin-dir", common.plugin_dirs, "Also load plugins from this folder (repeatable)")
      ->option_text("DIR");
  app.add_flag("--allow-insecure-plugins", common.allow_insecure_plugins,
               "Load plugins from files and folders that others can change (docs/plugins.md)");
}

PluginHost load_plugins(const CommonOptions& common) {
  return PluginHost(plugin_search_dirs(common.plugin_dirs), {common.allow_insecure_plugins});
}

void print_diagnostics(const Diagnostics& diagnostics) {
  // A source line is shown once, under its first diagnostic; past kMaxPrinted
  // diagnostics only a count is printed (all of them are in --format json).
  constexpr std::size_t kMaxPrinted = 200;
  const auto all = diagnostics.all();
  std::set<std::pair<std::string, int>> shown_lines;
  for (std::size_t i = 0; i < all.size() && i < kMaxPrinted; ++i) {
    const auto& d = all[i];
    const bool excerpt = shown_lines.insert({d.where.file, d.where.line}).second;
    std::fputs(format_human(d, diagnostics, excerpt).c_str(), stderr);
  }
  if (all.size() > kMaxPrinted)
    std::fprintf(stderr, "hocso: %zu more diagnostics not shown (--format json lists them all)\n",
                 all.size() - kMaxPrinted);
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
  int e = diagnostics.error_count(), w = diagnostics.warning_count();
  return fmt::format("{} error{}, {} warning{}", e, e == 1 ? "" : "s", w, w == 1 ? "" : "s");
}

}  // namespace hocso::cli
