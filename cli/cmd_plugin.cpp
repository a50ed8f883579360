// hocso plugin list: what plugins and stages this hocso finds.

#include <cstdio>

#include "cli.h"
#include "plugin_host.h"
#include "stage_runner.h"

namespace hocso::cli {

namespace {

int list(const CommonOptions& common) {
  PluginHost host(plugin_search_dirs(common.plugin_dirs));
  if (common.format == Format::json) {
    nlohmann::ordered_json plugins = nlohmann::ordered_json::array(), failures = nlohmann::ordered_json::array();
    for (const auto& p : host.plugins()) {
      nlohmann::ordered_json stages = nlohmann::ordered_json::array();
      for (const auto& s : host.validate_stages())
        if (s.plugin == &p) stages.push_back({{"name", s.name}, {"kind", "validate"}, {"summary", s.summary}});
      for (const auto& s : host.media_stages())
        if (s.plugin == &p) stages.push_back({{"name", s.name}, {"kind", "media"}, {"summary", s.summary}});
      plugins.push_back({{"name", p.name}, {"version", p.version}, {"summary", p.summary}, {"file", p.file.string()},
                         {"stages", stages}});
    }
    for (const auto& f : host.failures())
      failures.push_back({{"file", f.file.string()}, {"reason", f.reason}, {"check", f.check_id}});
    print_json({{"command", "plugin list"}, {"ok", true}, {"api_version", HOCSO_PLUGIN_API_VERSION},
                {"plugins", plugins}, {"failures", failures}, {"standard_stages", standard_stages()}});
    return exit_ok;
  }
  std::printf("plugin API version %u\n", HOCSO_PLUGIN_API_VERSION);
  for (const auto& p : host.plugins()) {
    std::printf("%s %s — %s\n  %s\n", p.name.c_str(), p.version.c_str(), p.summary.c_str(), p.file.c_str());
    for (const auto& s : host.validate_stages())
      if (s.plugin == &p) std::printf("  stage %s (validate): %s\n", s.name.c_str(), s.summary.c_str());
    for (const auto& s : host.media_stages())
      if (s.plugin == &p) std::printf("  stage %s (media): %s\n", s.name.c_str(), s.summary.c_str());
  }
  for (const auto& f : host.failures())
    std::fprintf(stderr, "%s: warning: plugin not loaded: %s [%s]\n", f.file.c_str(), f.reason.c_str(), f.check_id.c_str());
  if (host.plugins().empty()) std::puts("no plugins found");
  return exit_ok;
}

}  // namespace

std::vector<Command> plugin_commands() {
  return {
      {"plugin", "Plugins: `hocso plugin list` shows the installed plugins and their stages",
       [](CLI::App& app, CommonOptions& common) -> std::function<int()> {
         app.require_subcommand(1, 1);
         CLI::App* list_cmd = app.add_subcommand("list", "Show installed plugins, their stages and load failures");
         add_common_options(*list_cmd, common);
         return [&common] { return list(common); };
       }},
  };
}

}  // namespace hocso::cli
