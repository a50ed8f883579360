// hocso channel init|rotate|status and hocso publish: the writing side of an
// update channel (docs/channel-format.md, docs/publishing.md).

#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "channel/channel_documents.h"
#include "channel/channel_publisher.h"
#include "channel/client_forecast.h"
#include "cli.h"
#include "display_text.h"
#include "fatal.h"
#include "message_language.h"
#include "signing.h"
#include "hocso/messages.h"

namespace hocso::cli {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
using namespace hocso::channel;

namespace {

bool is_secret_key_file(const std::string& file) { return fs::path(file).extension() == ".key"; }

std::vector<signing::SecretKey> secret_keys(const std::vector<std::string>& files, std::string_view option) {
  std::vector<signing::SecretKey> keys;
  for (const auto& file : files) {
    if (!is_secret_key_file(file))
      throw FatalError(fmt::format(fmt::runtime(_("{option} {file}: give the secret key (NAME.key) that signs")),
                                   fmt::arg("option", option), fmt::arg("file", file)));
    keys.push_back(signing::load_secret_key(file));
  }
  return keys;
}

// NAME.pub, or NAME.key (its public half).
std::vector<signing::PublicKey> public_keys(const std::vector<std::string>& files) {
  std::vector<signing::PublicKey> keys;
  for (const auto& file : files)
    keys.push_back(is_secret_key_file(file) ? signing::load_secret_key(file).public_key()
                                            : signing::load_public_key(file));
  return keys;
}

std::int64_t duration_option(const std::string& text, std::string_view option) {
  auto seconds = parse_duration(text);
  if (!seconds)
    throw FatalError(fmt::format(fmt::runtime(_("{option} {value}: write a duration like 30d, 12h or 90m")),
                                 fmt::arg("option", option), fmt::arg("value", text)));
  return *seconds;
}

std::string channel_name_for(const std::string& dir, const std::string& given) {
  std::string name = given.empty() ? fs::absolute(dir).lexically_normal().filename().string() : given;
  static const auto is_slug = [](const std::string& s) {
    if (s.empty() || s.size() > 64 || s.front() == '-' || s.back() == '-' || s.find("--") != std::string::npos)
      return false;
    return s.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos;
  };
  if (!is_slug(name))
    throw FatalError(
        fmt::format(fmt::runtime(_("channel name '{name}': use lower-case letters, digits and single hyphens (--name)")),
                    fmt::arg("name", display_text(name))));
  return name;
}

Json root_summary(const Root& root) {
  return Json{{"channel", root.channel},
              {"version", root.version},
              {"expires", format_utc(root.expires)},
              {"roles",
               {{"root", root.root.to_json()},
                {"channel", root.channel_role.to_json()},
                {"bundles", root.bundles.to_json()}}}};
}

void print_root(const Root& root) {
  std::printf("%s\n", fmt::format(fmt::runtime(_("root version {version} of channel {channel}, expires {expires}")),
                                  fmt::arg("version", root.version), fmt::arg("channel", root.channel),
                                  fmt::arg("expires", format_utc(root.expires)))
                          .c_str());
  for (auto [name, role] : {std::pair{"root", &root.root}, std::pair{"channel", &root.channel_role},
                            std::pair{"bundles", &root.bundles}})
    // TRANSLATORS: a role of the channel's root and how many of its keys must sign: "1 of 3f0c…, 9a1b…".
    std::printf("  %-8s %s\n", name,
                fmt::format(fmt::runtime(_("{threshold} of {keys}")), fmt::arg("threshold", role->threshold),
                            fmt::arg("keys", fmt::join(role->key_ids, ", ")))
                    .c_str());
}

// ---- channel init -------------------------------------------------------------

struct InitArgs {
  std::string dir, name, expires = "365d";
  std::vector<std::string> root_keys, channel_keys, bundle_keys;
  std::size_t root_threshold = 1, channel_threshold = 1;
};

int channel_init(const InitArgs& args, const CommonOptions& common) {
  InitRequest request;
  request.dir = args.dir;
  request.name = channel_name_for(args.dir, args.name);
  request.root_signers = secret_keys(args.root_keys, "--root-key");
  for (const auto& k : request.root_signers) request.root_keys.push_back(k.public_key());
  request.channel_keys = public_keys(args.channel_keys);
  request.bundle_keys = public_keys(args.bundle_keys);
  request.root_threshold = args.root_threshold;
  request.channel_threshold = args.channel_threshold;
  request.expires_in = duration_option(args.expires, "--expires");
  Root root = init_channel(request);
  if (common.format == Format::json) {
    print_json({{"command", "channel init"}, {"ok", true}, {"dir", args.dir}, {"root", root_summary(root)}});
  } else {
    std::printf("%s\n", fmt::format(fmt::runtime(_("created channel {channel} in {folder}")),
                                    fmt::arg("channel", root.channel), fmt::arg("folder", args.dir))
                            .c_str());
    print_root(root);
    std::printf("%s\n", fmt::format(fmt::runtime(_("next: hocso publish BUNDLE --channel {folder} --key CHANNEL.key")),
                                    fmt::arg("folder", args.dir))
                            .c_str());
  }
  return exit_ok;
}

// ---- channel rotate -----------------------------------------------------------

struct RotateArgs {
  std::string dir, expires = "365d";
  std::vector<std::string> sign, add_root, add_channel, add_bundles, remove;
  std::size_t root_threshold = 0, channel_threshold = 0;
};

int channel_rotate(const RotateArgs& args, const CommonOptions& common) {
  RotateRequest request;
  request.dir = args.dir;
  request.signers = secret_keys(args.sign, "--sign");
  request.add_root = public_keys(args.add_root);
  request.add_channel = public_keys(args.add_channel);
  request.add_bundles = public_keys(args.add_bundles);
  request.remove = args.remove;
  for (auto& r : request.remove) {
    if (fs::exists(r)) r = signing::key_id_hex(public_keys({r}).front().key_id);  // a key file: its id
  }
  if (args.root_threshold) request.root_threshold = args.root_threshold;
  if (args.channel_threshold) request.channel_threshold = args.channel_threshold;
  request.expires_in = duration_option(args.expires, "--expires");
  Root root = rotate_channel(request);
  if (common.format == Format::json) {
    print_json({{"command", "channel rotate"}, {"ok", true}, {"dir", args.dir}, {"root", root_summary(root)}});
  } else {
    std::printf("%s\n",
                fmt::format(fmt::runtime(_("wrote root version {version}")), fmt::arg("version", root.version)).c_str());
    print_root(root);
    if (!request.add_channel.empty() || !request.remove.empty())
      std::printf("%s\n",
                  _("publish again with a channel key of this root, so that readers get a channel.json it signed"));
  }
  return exit_ok;
}

// ---- channel status -------------------------------------------------------------

struct StatusArgs {
  std::string dir, installed, state, pack, profile;
};

Json forecast_json(const ClientForecast& f) {
  Json bundles = Json::array();
  for (const auto& b : f.bundles) {
    Json item{{"pack", b.listed.pack}, {"profile", b.listed.profile}, {"version", b.listed.version},
              {"installed_version", b.installed_version ? Json(*b.installed_version) : Json()},
              {"action", b.action}, {"full_bytes", b.full_bytes}};
    if (b.delta_bytes) {
      item["delta_bytes"] = *b.delta_bytes;
      item["changed_entries"] = b.changed_entries;
      item["entries"] = b.entries;
    }
    if (b.action == "refuse") item["refusal"] = {{"rule", b.rule}, {"reason", b.reason}};
    bundles.push_back(item);
  }
  Json out{{"refusal", f.rule.empty() ? Json() : Json{{"rule", f.rule}, {"reason", f.reason}}}, {"bundles", bundles}};
  return out;
}

void print_forecast(const ClientForecast& f, const StatusArgs& args) {
  // TRANSLATORS: {client} is "a new client", "a client with 1.0.0 installed" or "a client with state FOLDER".
  const std::string who =
      !args.state.empty()
          ? fmt::format(fmt::runtime(_("a client with state {state}")), fmt::arg("state", args.state))
      : !args.installed.empty()
          ? fmt::format(fmt::runtime(_("a client with {version} installed")), fmt::arg("version", args.installed))
          : std::string(_("a new client"));
  const std::string shown = display_text(who);
  const auto client = fmt::arg("client", shown);
  if (!f.rule.empty()) {
    std::printf("%s [%s]\n",
                fmt::format(fmt::runtime(_("{client} would refuse this channel: {reason}")), client,
                            fmt::arg("reason", display_text(f.reason)))
                    .c_str(),
                f.rule.c_str());
    return;
  }
  std::printf("%s\n", fmt::format(fmt::runtime(_("{client} would:")), client).c_str());
  for (const auto& b : f.bundles) {
    const auto& l = b.listed;
    const auto pack = fmt::arg("pack", l.pack);
    const auto version = fmt::arg("version", l.version);
    const auto profile = fmt::arg("profile", l.profile);
    if (b.action == "none") {
      std::printf("  %s\n",
                  fmt::format(fmt::runtime(_("keep {pack} {version} ({profile}): up to date")), pack, version, profile)
                      .c_str());
    } else if (b.action == "refuse") {
      std::printf("  %s [%s]\n",
                  fmt::format(fmt::runtime(_("refuse {pack} {version} ({profile}): {reason}")), pack, version, profile,
                              fmt::arg("reason", display_text(b.reason)))
                      .c_str(),
                  b.rule.c_str());
    } else {
      const std::string delta =
          b.delta_bytes ? fmt::format(fmt::runtime(_(", or about {bytes} bytes as a delta ({changed} of {entries} "
                                                     "entries changed)")),
                                      fmt::arg("bytes", *b.delta_bytes), fmt::arg("changed", b.changed_entries),
                                      fmt::arg("entries", b.entries))
                        : "";
      const auto bytes = fmt::arg("bytes", b.full_bytes);
      // TRANSLATORS: {delta} is empty or ", or about N bytes as a delta (…)".
      std::printf("  %s\n",
                  (b.installed_version
                       ? fmt::format(fmt::runtime(_("update {pack} ({profile}) {installed} -> {version}: {bytes} bytes "
                                                    "in full{delta}")),
                                     pack, profile, fmt::arg("installed", *b.installed_version), version, bytes,
                                     fmt::arg("delta", delta))
                       : fmt::format(fmt::runtime(_("install {pack} ({profile}) {version}: {bytes} bytes in "
                                                    "full{delta}")),
                                     pack, profile, version, bytes, fmt::arg("delta", delta)))
                      .c_str());
    }
  }
}

int channel_status(const StatusArgs& args, const CommonOptions& common) {
  const bool remote = args.dir.rfind("http://", 0) == 0 || args.dir.rfind("https://", 0) == 0;
  if (!args.installed.empty() && !args.state.empty())
    throw FatalError(_("give --installed VERSION or --state STATE, not both"));
  if (!args.state.empty() && !fs::is_directory(args.state))
    throw FatalError(fmt::format(fmt::runtime(_("--state {folder}: no such folder")), fmt::arg("folder", args.state)));
  ChannelStatus status = remote ? read_remote_channel_status(args.dir) : read_channel_status(args.dir);
  const UtcSeconds now = utc_now();
  const bool expired = status.channel && status.channel->expires <= now;
  const bool root_expired = status.root.expires <= now;
  ForecastRequest forecast_request;
  if (!args.installed.empty()) forecast_request.installed_version = args.installed;
  if (!args.state.empty()) forecast_request.state = fs::path(args.state);
  if (!args.pack.empty()) forecast_request.pack = args.pack;
  if (!args.profile.empty()) forecast_request.profile = args.profile;
  if (!remote) forecast_request.channel_dir = fs::path(args.dir);
  const ClientForecast forecast = forecast_client(status, forecast_request);
  const bool ok = status.problems.empty() && status.channel && !expired && !root_expired && !forecast.refuses();
  if (common.format == Format::json) {
    Json out{{"command", "channel status"}, {"ok", ok}, {"dir", args.dir}, {"root", root_summary(status.root)},
             {"problems", status.problems}, {"client", forecast_json(forecast)}};
    if (status.channel) {
      Json bundles = Json::array(), previous = Json::array();
      for (const auto& b : status.channel->bundles) bundles.push_back(b.to_json());
      for (const auto& b : status.channel->previous) previous.push_back(b.to_json());
      out["channel"] = {{"version", status.channel->version}, {"published", format_utc(status.channel->published)},
                        {"expires", format_utc(status.channel->expires)}, {"expired", expired},
                        {"bundles", bundles}, {"previous", previous}};
    }
    print_json(out);
  } else {
    print_root(status.root);
    if (root_expired) std::printf("%s\n", _("the root has EXPIRED: readers refuse this channel; rotate to renew it"));
    if (!status.channel) {
      std::printf("%s\n",
                  fmt::format(fmt::runtime(_("nothing published yet: hocso publish BUNDLE --channel {folder} --key "
                                             "CHANNEL.key")),
                              fmt::arg("folder", args.dir))
                      .c_str());
    } else {
      const auto& c = *status.channel;
      const auto version = fmt::arg("version", c.version);
      const std::string published_at = format_utc(c.published), expires_at = format_utc(c.expires);
      const auto published = fmt::arg("published", published_at);
      const auto expires = fmt::arg("expires", expires_at);
      std::printf("%s\n", (expired ? fmt::format(fmt::runtime(_("channel version {version}, published {published}, "
                                                                 "EXPIRED {expires}")),
                                                  version, published, expires)
                                    : fmt::format(fmt::runtime(_("channel version {version}, published {published}, "
                                                                 "expires {expires}")),
                                                  version, published, expires))
                              .c_str());
      for (const auto& b : c.bundles)
        std::printf("  %s\n", fmt::format(fmt::runtime(_("{pack} {version} ({profile}): {file}, {size} bytes")),
                                          fmt::arg("pack", b.pack), fmt::arg("version", b.version),
                                          fmt::arg("profile", b.profile), fmt::arg("file", b.file),
                                          fmt::arg("size", b.size))
                                  .c_str());
      if (!c.previous.empty())
        std::printf("  %s\n", fmt::format(fmt::runtime(P_("and {count} older bundle kept", "and {count} older bundles kept",
                                                          c.previous.size())),
                                          fmt::arg("count", c.previous.size()))
                                  .c_str());
      if (expired) std::printf("%s\n", _("readers refuse an expired channel: publish again (hocso publish --refresh)"));
    }
    for (const auto& p : status.problems)
      std::fprintf(stderr, "%s: %s: %s\n", args.dir.c_str(), severity_word(Severity::error), display_text(p).c_str());
    print_forecast(forecast, args);
  }
  return ok ? exit_ok : exit_content;
}

// ---- publish --------------------------------------------------------------------

struct PublishArgs {
  std::vector<std::string> bundles, keys;
  std::string channel, expires = "30d";
  int keep = -1;
  bool refresh = false;
};

int publish_command(const PublishArgs& args, const CommonOptions& common) {
  PublishRequest request;
  request.dir = args.channel;
  for (const auto& b : args.bundles) {
    if (!fs::is_regular_file(b))
      throw FatalError(fmt::format(fmt::runtime(_("{file}: no such bundle file")), fmt::arg("file", b)));
    request.bundles.emplace_back(b);
  }
  request.keys = secret_keys(args.keys, "--key");
  request.expires_in = duration_option(args.expires, "--expires");
  if (args.keep >= 0) request.keep = static_cast<std::size_t>(args.keep);
  request.refresh = args.refresh;
  const bool json = common.format == Format::json;
  try {
    PublishResult result = publish(request);
    if (json) {
      Json added = Json::array(), unchanged = Json::array();
      for (const auto& b : result.added) added.push_back(b.to_json());
      for (const auto& b : result.unchanged) unchanged.push_back(b.to_json());
      print_json({{"command", "publish"}, {"ok", true}, {"channel", args.channel}, {"changed", result.changed},
                  {"version", result.channel.version}, {"expires", format_utc(result.channel.expires)},
                  {"added", added}, {"unchanged", unchanged}, {"pruned", result.pruned}});
    } else {
      for (const auto& b : result.added)
        std::printf("%s\n", fmt::format(fmt::runtime(_("published {pack} {version} ({profile}) as {file}")),
                                        fmt::arg("pack", b.pack), fmt::arg("version", b.version),
                                        fmt::arg("profile", b.profile), fmt::arg("file", b.file))
                                .c_str());
      for (const auto& b : result.unchanged)
        std::printf("%s\n", fmt::format(fmt::runtime(_("unchanged {pack} {version} ({profile}): already published")),
                                        fmt::arg("pack", b.pack), fmt::arg("version", b.version),
                                        fmt::arg("profile", b.profile))
                                .c_str());
      for (const auto& f : result.pruned)
        std::printf("%s\n", fmt::format(fmt::runtime(_("removed {file} (no longer kept)")), fmt::arg("file", f)).c_str());
      const auto version = fmt::arg("version", result.channel.version);
      if (result.changed)
        std::printf("%s\n", fmt::format(fmt::runtime(_("channel.json version {version}, expires {expires}")), version,
                                        fmt::arg("expires", format_utc(result.channel.expires)))
                                .c_str());
      else
        std::printf("%s\n",
                    fmt::format(fmt::runtime(_("nothing changed: channel.json stays version {version}")), version).c_str());
    }
    return exit_ok;
  } catch (const PublishRefusal& refusal) {
    if (json)
      print_json({{"command", "publish"}, {"ok", false}, {"rule", refusal.rule}, {"error", refusal.what()}});
    else
      std::fprintf(stderr, "%s [%s]\n%s\n", display_text(refusal.what()).c_str(), refusal.rule.c_str(),
                   _("nothing was published"));
    return exit_content;
  }
}

// Translated where it is used (the catalog has it from the other commands' help).
const char* kExit = N_("Exit status: 0 success, 1 content or verification errors, 2 usage or environment errors.");

void add_publish_options(CLI::App& app, PublishArgs& args) {
  app.add_option("BUNDLE", args.bundles, _("Bundles to publish (.hocso)"));
  app.add_option("--channel", args.channel, _("The channel folder"))->required()->option_text("DIR");
  app.add_option("--key", args.keys, _("A channel secret key (NAME.key); repeat when the threshold asks more"))
      ->required();
  app.add_option("--expires", args.expires, _("How long the new channel.json stays valid (default 30d)"));
  app.add_option("--keep", args.keep, _("Keep N older bundles per pack and profile and remove the files of the rest"))
      ->check(CLI::Range(0, 1000));
  app.add_flag("--refresh", args.refresh,
               _("Sign a new channel.json even when no bundle changed (to push its expiry forward)"));
  app.footer(std::string(_("A bundle that fails verification with the channel's bundle keys, a pack version "
                           "lower than the published one, or the same version with other bytes is refused, and "
                           "nothing changes.")) +
             "\n" + _(kExit));
}

// How many keys of a role must sign: 1 to channel::kMaxThreshold.
void add_threshold_option(CLI::App& app, const std::string& name, std::size_t& threshold, const std::string& help) {
  app.add_option(name, threshold, help)->check(CLI::Range(std::size_t{1}, channel::kMaxThreshold));
}

void add_init_options(CLI::App& app, InitArgs& args) {
  app.add_option("DIR", args.dir, _("The channel folder (new or empty)"))->required();
  app.add_option("--name", args.name, _("The channel's name (a slug); default: the folder's name"));
  app.add_option("--root-key", args.root_keys,
                 _("A root secret key (NAME.key) that signs root files; repeat for several"))
      ->required();
  app.add_option("--channel-key", args.channel_keys,
                 _("A key (NAME.pub or NAME.key) that may sign channel.json; repeat for several"))
      ->required();
  app.add_option("--bundle-key", args.bundle_keys,
                 _("A key that may sign bundles the channel lists (default: the channel keys)"));
  add_threshold_option(app, "--threshold", args.root_threshold, _("How many root keys must sign a root file"));
  add_threshold_option(app, "--channel-threshold", args.channel_threshold,
                       _("How many channel keys must sign channel.json"));
  app.add_option("--expires", args.expires, _("How long the root stays valid (default 365d)"));
  app.footer(_(kExit));
}

void add_rotate_options(CLI::App& app, RotateArgs& args) {
  app.add_option("DIR", args.dir, _("The channel folder"))->required();
  app.add_option("--sign", args.sign,
                 _("A root secret key that signs the new root: a threshold of the old root keys and of the "
                   "new ones must sign"))
      ->required();
  app.add_option("--add-root", args.add_root, _("A key for the root role"));
  app.add_option("--add-channel", args.add_channel, _("A key for the channel role"));
  app.add_option("--add-bundle-key", args.add_bundles, _("A key that may sign bundles"));
  app.add_option("--remove", args.remove, _("A key to revoke from every role: its id (16 hex digits) or its key file"));
  add_threshold_option(app, "--threshold", args.root_threshold, _("New threshold of the root role"));
  add_threshold_option(app, "--channel-threshold", args.channel_threshold, _("New threshold of the channel role"));
  app.add_option("--expires", args.expires, _("How long the new root stays valid (default 365d)"));
  app.footer(_(kExit));
}

void add_status_options(CLI::App& app, StatusArgs& args) {
  app.add_option("DIR", args.dir, _("The channel folder, or its http(s) address"))->required();
  app.add_option("--installed", args.installed, _("Say what a client with this pack version installed would do"))
      ->option_text("VERSION");
  app.add_option("--state", args.state,
                 _("Say what a client with this pull state folder would do (its installed bundles, the "
                   "versions and times it has seen)"))
      ->option_text("STATE");
  add_bundle_choice_options(app, args.pack, args.profile);
  app.footer(_(kExit));
}

}  // namespace

std::vector<Command> channel_commands() {
  return {
      command_group(
          "channel", N_("Create and look after a signed update channel (a folder of static files)"),
          {command<InitArgs>("init", N_("Create a channel in a new folder: root/1.json and root.json"),
                             add_init_options, channel_init),
           command<RotateArgs>("rotate", N_("Add, replace or revoke keys: writes root/<N+1>.json"), add_rotate_options,
                               channel_rotate),
           command<StatusArgs>("status",
                               N_("What a channel serves, when it expires, what is wrong, and what a client would do "
                                  "(a folder or an http(s) address)"),
                               add_status_options, channel_status)},
          N_("Format: docs/channel-format.md. Publishing from CI: docs/publishing.md.")),
      command<PublishArgs>(
          "publish", N_("Add bundles to a channel: verify, copy under bundles/, then sign and write channel.json"),
          add_publish_options, publish_command),
  };
}

}  // namespace hocso::cli
