// How commands become CLI11 subcommands: the top-level ones in main, and the
// subcommands of a group.

#include <stdexcept>

#include "cli.h"
#include "hocso/messages.h"

namespace hocso::cli {

CommandHandlers add_commands(CLI::App& parent, const std::vector<Command>& commands, CommonOptions& common) {
  CommandHandlers handlers;
  for (const Command& command : commands) {
    CLI::App* sub = parent.add_subcommand(command.name, _(command.summary));
    add_common_options(*sub, common);
    handlers.emplace_back(sub, command.setup(*sub, common));
  }
  return handlers;
}

Command command_group(const char* name, const char* summary, std::vector<Command> subcommands, const char* footer) {
  return {name, summary,
          [subcommands = std::move(subcommands), footer](CLI::App& app, CommonOptions& common) -> std::function<int()> {
            app.require_subcommand(1, 1);
            if (footer) app.footer(_(footer));
            return [handlers = add_commands(app, subcommands, common)] {
              for (const auto& [sub, handler] : handlers)
                if (sub->parsed()) return handler();
              // require_subcommand(1, 1) let the parse through only with one.
              throw std::logic_error("a command group ran without its subcommand");
            };
          }};
}

}  // namespace hocso::cli
