#include <cstdio>
#include <set>

#include <fmt/format.h>

#include "cli.h"
#include "display_text.h"
#include "plugin_host.h"

namespace hocso::cli {

void add_common_options(CLI::App& app, CommonOptions& common) {
  app.add_option("--format", common.format, "Output: human (default) or json")
      ->transform(CLI::CheckedTransformer(std::map<std::string, Format>{{"human", Format::human}, {"json", Format::json}}))
      ->option_text("human|json");
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
