// hocso pull: fetch what changed in a channel, verify it, install it
// (docs/channel-format.md) through libhocso-pull, the library apps link
// (hocso/pull.h), so the command and the apps make the same call.

#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "channel/channel_documents.h"
#include "cli.h"
#include "display_text.h"
#include "fatal.h"
#include "message_language.h"
#include "hocso/pull.h"
#include "signing.h"
#include "hocso/messages.h"

namespace hocso::cli {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

struct PullArgs {
  std::string source, state, trust, pack, profile;
  bool offline = false;
};

int pull_command(const PullArgs& args, const CommonOptions& common) {
  std::optional<std::string> trust;
  // Read here for the message naming the file; the library takes the key's text.
  if (!args.trust.empty()) trust = channel::public_key_line(signing::load_public_key(args.trust));
  const PullState state = PullState::open(args.state, trust);
  if (!state.ok()) throw FatalError(state.error());
  PullOptions options;
  if (!args.pack.empty()) options.pack = args.pack;
  if (!args.profile.empty()) options.profile = args.profile;
  options.offline = args.offline;
  const bool json = common.format == Format::json;
  if (!json) options.progress = [](const std::string& line) { std::fprintf(stderr, "%s\n", display_text(line).c_str()); };
  const PullReport result = state.pull(args.source, options);
  // No rule: the pull could not start (no trusted root, an unwritable state folder).
  if (!result.ok && result.rule.empty()) throw FatalError(result.message);
  if (json) {
    Json bundles = Json::array();
    for (const auto& b : result.bundles)
      bundles.push_back({{"pack", b.pack}, {"profile", b.profile}, {"version", b.version},
                         {"file", b.file.string()}, {"updated", b.updated}, {"delta", b.delta},
                         {"bytes_fetched", b.bytes_fetched}, {"size", b.size}});
    Json out{{"command", "pull"}, {"ok", result.ok}, {"source", args.source}, {"state", args.state},
             {"root_version", result.root_version}, {"channel_version", result.channel_version},
             {"bundles", bundles}, {"bytes_fetched", result.bytes_fetched}, {"notes", result.notes}};
    if (!result.ok) {
      out["rule"] = result.rule;
      out["error"] = result.message;
    }
    print_json(out);
  } else {
    for (const auto& note : result.notes)
      std::fprintf(stderr, "%s: %s\n", severity_word(Severity::note), display_text(note).c_str());
    if (!result.ok) {
      std::fprintf(stderr, "%s: %s [%s]\n%s\n", severity_word(Severity::error), display_text(result.message).c_str(),
                   result.rule.c_str(), _("the installed bundles were not changed"));
    } else {
      for (const auto& b : result.bundles) {
        const auto pack = fmt::arg("pack", b.pack);
        const auto version = fmt::arg("version", b.version);
        const auto profile = fmt::arg("profile", b.profile);
        const auto fetched = fmt::arg("fetched", b.bytes_fetched);
        const auto size = fmt::arg("size", b.size);
        std::printf("%s\n",
                    (!b.updated ? fmt::format(fmt::runtime(_("up to date: {pack} {version} ({profile})")), pack, version,
                                              profile)
                     : b.delta  ? fmt::format(fmt::runtime(_("installed {pack} {version} ({profile}): {fetched} of {size} "
                                                             "bytes fetched (only what changed)")),
                                              pack, version, profile, fetched, size)
                                : fmt::format(fmt::runtime(_("installed {pack} {version} ({profile}): {fetched} of {size} "
                                                             "bytes fetched")),
                                              pack, version, profile, fetched, size))
                        .c_str());
      }
      std::printf("%s\n", fmt::format(fmt::runtime(_("channel version {channel}, root version {root}")),
                                      fmt::arg("channel", result.channel_version), fmt::arg("root", result.root_version))
                              .c_str());
    }
  }
  return result.ok ? exit_ok : exit_content;
}

void add_pull_options(CLI::App& app, PullArgs& args) {
  app.add_option("SOURCE", args.source, _("The channel: an http(s) address or a folder (a mirror, a USB stick)"))
      ->required();
  app.add_option("--into", args.state, _("The state folder: trusted root, versions seen, installed bundles"))
      ->required()
      ->option_text("STATE");
  app.add_option("--trust", args.trust, _("The channel's root public key (needed for the first pull)"))
      ->option_text("ROOT.pub");
  add_bundle_choice_options(app, args.pack, args.profile);
  app.add_flag("--offline", args.offline,
               _("Do not check expiry (a kiosk whose clock cannot be trusted, fed from a USB stick); "
                 "an older channel is still refused"));
  app.footer(
      _("Refusals name their rule (docs/channel-format.md, section 5) and leave the installed bundles "
        "as they were.\nExit status: 0 success, 1 content or verification errors, 2 usage or "
        "environment errors."));
}

}  // namespace

std::vector<Command> pull_commands() {
  return {
      command<PullArgs>("pull", N_("Fetch what changed in a channel, verify it and install it into a state folder"),
                        add_pull_options, pull_command),
  };
}

}  // namespace hocso::cli
