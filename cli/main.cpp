// hocso: lesson sources in, signed offline lesson bundles out.
// The command table below is the whole CLI; help is generated from it.

#include <malloc.h>

#include <cstdio>
#include <map>

#include <fmt/format.h>

#include "cli.h"
#include "fatal.h"
#include "plugin_host.h"

namespace {

using namespace hocso;
using namespace hocso::cli;

std::vector<Command> all_commands() {
  std::vector<Command> commands;
  for (auto group : {build_commands(), bundle_commands(), key_commands(), plugin_commands(), serve_commands(),
                     i18n_commands()})
    commands.insert(commands.end(), group.begin(), group.end());
  return commands;
}

void print_version() {
  fmt::print("hocso {}\nplugin API version {}\n", HOCSO_VERSION, HOCSO_PLUGIN_API_VERSION);
  PluginHost host(plugin_search_dirs({}));
  for (const auto& p : host.plugins()) fmt::print("plugin {} {} ({})\n", p.name, p.version, p.file.string());
  for (const auto& f : host.failures()) fmt::print("plugin FAILED {}: {}\n", f.file.string(), f.reason);
}

}  // namespace

int main(int argc, char** argv) {
  // glibc gives every thread that allocates its own malloc arena and keeps freed
  // memory there; libvips starts short-lived threads per image, so without a cap
  // each one holds tens of MB of a build's peak memory (measured: 141 → 99 MiB
  // with two image threads). Two arenas cost nothing measurable in speed.
  mallopt(M_ARENA_MAX, 2);
  // It also gives freed memory back to the kernel as soon as 128 KiB are free
  // at the top of the heap, and maps each block of 128 KiB or more on its own;
  // a build frees and takes such memory all the time (pages, deflate streams,
  // file slices), and on a virtual machine every page faulted back in is dear:
  // 15% of a 200-lesson rebuild (docs/performance.md). Memory is given back
  // from 64 MiB free instead; the peak stays where it was.
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  mallopt(M_TOP_PAD, 16 << 20);
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
  CLI::App app{"hocso turns lesson sources (Markdown + YAML) into signed offline lesson bundles.", "hocso"};
  app.require_subcommand(0, 1);
  app.set_help_all_flag("--help-all", "Show help for every command");
  bool version = false;
  app.add_flag("--version", version, "Print the version, the plugin API version and the plugins found");
  app.footer("Exit status: 0 success, 1 content or verification errors, 2 usage or environment errors.\n"
             "Run `hocso COMMAND --help` for a command's options.");

  CommonOptions common;
  std::map<CLI::App*, std::function<int()>> handlers;
  for (const auto& command : all_commands()) {
    CLI::App* sub = app.add_subcommand(command.name, command.summary);
    add_common_options(*sub, common);
    handlers[sub] = command.setup(*sub, common);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return exit_usage;
  }

  if (version) {
    print_version();
    return exit_ok;
  }
  for (auto& [sub, handler] : handlers) {
    if (!sub->parsed()) continue;
    try {
      return handler();
    } catch (const FatalError& e) {
      if (common.format == Format::json) {
        print_json({{"command", sub->get_name()}, {"ok", false}, {"error", e.what()}});
      } else {
        std::fprintf(stderr, "hocso %s: error: %s\n", sub->get_name().c_str(), e.what());
      }
      return exit_usage;
    }
  }
  std::fputs(app.help().c_str(), stdout);
  return exit_usage;
}
