// hocso pull: fetch what changed in a channel, verify it, install it
// (docs/channel-format.md; the same call apps make: channel/pull.h).

#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "channel/pull.h"
#include "cli.h"
#include "display_text.h"
#include "fatal.h"
#include "signing.h"

namespace hocso::cli {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

struct PullArgs {
  std::string source, state, trust, pack, profile;
  bool offline = false;
};

int pull_command(const PullArgs& args, const CommonOptions& common) {
  channel::PullRequest request;
  request.source = args.source;
  request.state = args.state;
  if (!args.trust.empty()) request.trust = signing::load_public_key(args.trust);
  if (!args.pack.empty()) request.pack = args.pack;
  if (!args.profile.empty()) request.profile = args.profile;
  request.offline = args.offline;
  const bool json = common.format == Format::json;
  if (!json) request.progress = [](const std::string& line) { std::fprintf(stderr, "%s\n", display_text(line).c_str()); };
  channel::PullResult result = channel::pull(request);
  if (json) {
    Json bundles = Json::array();
    for (const auto& b : result.bundles)
      bundles.push_back({{"pack", b.listed.pack}, {"profile", b.listed.profile}, {"version", b.listed.version},
                         {"file", b.file.string()}, {"updated", b.updated}, {"delta", b.delta},
                         {"bytes_fetched", b.bytes_fetched}, {"size", b.listed.size}});
    Json out{{"command", "pull"}, {"ok", result.ok}, {"source", args.source}, {"state", args.state},
             {"root_version", result.root_version}, {"channel_version", result.channel_version},
             {"bundles", bundles}, {"bytes_fetched", result.bytes_fetched}, {"notes", result.notes}};
    if (!result.ok) {
      out["rule"] = result.rule;
      out["error"] = result.message;
    }
    print_json(out);
  } else {
    for (const auto& note : result.notes) std::fprintf(stderr, "note: %s\n", display_text(note).c_str());
    if (!result.ok) {
      std::fprintf(stderr, "error: %s [%s]\nthe installed bundles were not changed\n", display_text(result.message).c_str(),
                   result.rule.c_str());
    } else {
      for (const auto& b : result.bundles) {
        if (!b.updated)
          std::printf("up to date: %s %s (%s)\n", b.listed.pack.c_str(), b.listed.version.c_str(), b.listed.profile.c_str());
        else
          std::printf("installed %s %s (%s): %llu of %llu bytes fetched%s\n", b.listed.pack.c_str(),
                      b.listed.version.c_str(), b.listed.profile.c_str(),
                      static_cast<unsigned long long>(b.bytes_fetched), static_cast<unsigned long long>(b.listed.size),
                      b.delta ? " (only what changed)" : "");
      }
      std::printf("channel version %llu, root version %llu\n", static_cast<unsigned long long>(result.channel_version),
                  static_cast<unsigned long long>(result.root_version));
    }
  }
  return result.ok ? exit_ok : exit_content;
}

}  // namespace

std::vector<Command> pull_commands() {
  return {
      {"pull", "Fetch what changed in a channel, verify it and install it into a state folder",
       [](CLI::App& app, CommonOptions& common) -> std::function<int()> {
         auto args = std::make_shared<PullArgs>();
         app.add_option("SOURCE", args->source, "The channel: an http(s) address or a folder (a mirror, a USB stick)")
             ->required();
         app.add_option("--into", args->state, "The state folder: trusted root, versions seen, installed bundles")
             ->required()
             ->option_text("STATE");
         app.add_option("--trust", args->trust, "The channel's root public key (needed for the first pull)")
             ->option_text("ROOT.pub");
         app.add_option("--pack", args->pack, "Only this pack");
         app.add_option("--profile", args->profile, "Only this device profile");
         app.add_flag("--offline", args->offline,
                      "Do not check expiry (a kiosk whose clock cannot be trusted, fed from a USB stick); "
                      "an older channel is still refused");
         app.footer("Refusals name their rule (docs/channel-format.md, section 5) and leave the installed bundles "
                    "as they were.\nExit status: 0 success, 1 content or verification errors, 2 usage or "
                    "environment errors.");
         return [args, &common] { return pull_command(*args, common); };
       }},
  };
}

}  // namespace hocso::cli
