// hocso serve: a verified bundle served to a browser on this machine, entries
// read straight from the zip (no extraction), for kiosks and volunteers. The
// HTTP server itself is in serve/ (request decisions, entry data, sockets).

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "cli.h"
#include "hocso/messages.h"
#include "fatal.h"
#include "display_text.h"
#include "channel/pull.h"
#include "channel/utc_time.h"
#include "hocso/bundle_reader.h"
#include "hocso/pull.h"
#include "serve/served_bundle.h"
#include "serve/server.h"

namespace hocso::cli {

namespace fs = std::filesystem;

namespace {

struct ServeArgs {
  std::string bundle;
  std::vector<std::string> pubkeys;
  std::string state, pack, profile, follow, every = "1h";
  bool allow_older = false;
  serve::ServerOptions server;
  double header_timeout = 10;
  double idle_timeout = 15;
  double send_timeout = 30;
};

std::chrono::milliseconds to_ms(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000.0 + 0.5));
}

int serve_from(ServeArgs& args, serve::BundleSource source) {
  std::vector<BundleProblem> problems;
  auto first = serve::ServedBundle::open(source.path(), source.trusted_keys, source.cache, problems);
  if (!first) {
    print_bundle_problems(args.bundle, problems);
    std::fprintf(stderr, "%s\n",
                 fmt::format(fmt::runtime(_("{bundle}: REFUSED: not serving a bundle that fails verification")),
                             fmt::arg("bundle", display_text(args.bundle)))
                     .c_str());
    return exit_content;
  }
  args.server.header_timeout = to_ms(args.header_timeout);
  args.server.idle_timeout = to_ms(args.idle_timeout);
  args.server.send_timeout = to_ms(args.send_timeout);
  serve::run_server(args.server, std::move(source), std::move(first));
  return exit_ok;
}

// serve --follow: pulls the channel into the state folder now and then, on a
// thread of its own; the watcher then sees the new installed file and switches.
class Follower {
 public:
  Follower(PullState state, std::string source, PullOptions options, std::chrono::seconds every)
      : state_(std::move(state)), source_(std::move(source)), options_(std::move(options)), every_(every) {
    thread_ = std::thread([this] { loop(); });
  }
  ~Follower() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

 private:
  void loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
      if (wake_.wait_for(lock, every_, [this] { return stop_; })) return;
      lock.unlock();
      auto result = state_.pull(source_, options_);
      if (!result.ok && result.rule.empty())
        std::fprintf(stderr, "follow: %s\n", display_text(result.message).c_str());
      else if (!result.ok)
        std::fprintf(stderr, "follow: %s\n",
                     fmt::format(fmt::runtime(_("{problem} [{rule}]; still serving the installed bundle")),
                                 fmt::arg("problem", display_text(result.message)), fmt::arg("rule", result.rule))
                         .c_str());
      lock.lock();
    }
  }
  PullState state_;
  std::string source_;
  PullOptions options_;
  std::chrono::seconds every_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

int serve(ServeArgs args) {
  const bool from_state = !args.state.empty();
  if (from_state == !args.bundle.empty())
    throw FatalError(_("give either a BUNDLE or --state STATE (a folder hocso pull installs into)"));
  if (!from_state && !args.follow.empty()) throw FatalError(_("--follow needs --state STATE"));
  std::unique_ptr<Follower> follower;
  if (from_state) {
    std::optional<std::string> pack, profile;
    if (!args.pack.empty()) pack = args.pack;
    if (!args.profile.empty()) profile = args.profile;
    if (!args.follow.empty()) {
      auto every = channel::parse_duration(args.every);
      if (!every)
        throw FatalError(fmt::format(fmt::runtime(_("--every {value}: write a duration like 1h, 30m or 1d")),
                                     fmt::arg("value", args.every)));
      // The pull library apps link (hocso/pull.h), as `hocso pull` uses it.
      PullState state = PullState::open(args.state);
      PullOptions options;
      options.pack = pack;
      options.profile = profile;
      options.progress = [](const std::string& line) {
        std::fprintf(stderr, "follow: %s\n", display_text(line).c_str());
      };
      // The first pull happens before serving, so a fresh kiosk has something to show.
      auto first_pull = state.pull(args.follow, options);
      if (!first_pull.ok && first_pull.rule.empty()) throw FatalError(first_pull.message);
      if (!first_pull.ok)
        std::fprintf(stderr, "follow: %s [%s]\n", display_text(first_pull.message).c_str(), first_pull.rule.c_str());
      follower = std::make_unique<Follower>(state, args.follow, options, std::chrono::seconds(*every));
    }
    auto installed = channel::installed_bundle(args.state, pack, profile);
    if (!installed)
      throw FatalError(
          pack ? fmt::format(fmt::runtime(_("{folder}: no installed bundle of pack {pack} (or several: name one with "
                                            "--pack and --profile)")),
                             fmt::arg("folder", args.state), fmt::arg("pack", *pack))
               : fmt::format(fmt::runtime(_("{folder}: no installed bundle (or several: name one with --pack and "
                                            "--profile)")),
                             fmt::arg("folder", args.state)));
    args.bundle = installed->string();
    if (args.pubkeys.empty()) {
      // The keys the channel's trusted root names for bundles.
      serve::BundleSource source{[path = *installed] { return path; }, channel::trusted_bundle_keys(args.state),
                                 args.server.cache, args.allow_older};
      return serve_from(args, std::move(source));
    }
  }
  if (!fs::exists(args.bundle))
    throw FatalError(fmt::format(fmt::runtime(_("{file}: no such file")), fmt::arg("file", args.bundle)));
  // Like inspect: the development key is trusted when no key is named.
  if (args.pubkeys.empty()) {
    if (!fs::exists(".hocso/dev.pub"))
      throw FatalError(_("name a trusted public key with --pubkey FILE (no .hocso/dev.pub here)"));
    args.pubkeys.push_back(".hocso/dev.pub");
  }
  // The path the bundle is served from, looked at again while serving: a
  // verified file moved onto it replaces the bundle (serve/bundle_watcher.h).
  serve::BundleSource source{[path = fs::path(args.bundle)] { return path; }, read_public_keys(args.pubkeys),
                             args.server.cache, args.allow_older};
  return serve_from(args, std::move(source));
}

void add_serve_options(CLI::App& app, ServeArgs& args) {
  auto& server = args.server;
  app.add_option("bundle", args.bundle, _("The .hocso bundle"))->option_text("BUNDLE");
  app.add_option("--state", args.state,
                 _("Serve the bundle `hocso pull` installed in this folder, with the keys its channel trusts; "
                   "a newly installed one is switched to without a restart"))
      ->option_text("STATE");
  app.add_option("--pack", args.pack, _("With --state: the pack to serve (when several are installed)"));
  app.add_option("--profile", args.profile, _("With --state: the device profile to serve"));
  app.add_option("--follow", args.follow,
                 _("With --state: pull this channel (URL or folder) now and every --every, in the background"))
      ->option_text("URL");
  app.add_option("--every", args.every, _("With --follow: how often to pull (default 1h)"))->option_text("DURATION");
  app.add_option("--pubkey", args.pubkeys, _("Trusted minisign public key (repeatable; default .hocso/dev.pub)"))
      ->option_text("FILE");
  app.add_option("--port", server.port, _("TCP port; 0 picks a free one (printed)"))
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app.add_option("--host", server.host, _("Address to listen on; keep 127.0.0.1 unless others must connect"))
      ->capture_default_str();
  app.add_flag("--allow-older", args.allow_older,
               _("Switch to a verified bundle moved onto the served path even when its pack version is "
                 "lower than the one being served (by default refused as a rollback)"));
  app.add_flag("--quiet", server.quiet,
               _("No log line per request on stderr (the summary at the end and problems are still printed)"));
  const char* limits = _("Limits (a client over one is refused or disconnected; see docs/kiosk.md)");
  app.add_option("--max-connections", server.max_connections, _("Open connections in all; more get 503"))
      ->check(CLI::Range(1, 100000))
      ->option_text(fmt::format("N={}", server.max_connections))
      ->group(limits);
  app.add_option("--max-connections-per-client", server.max_connections_per_client,
                 _("Open connections from one address; more get 503"))
      ->check(CLI::Range(1, 100000))
      ->option_text(fmt::format("N={}", server.max_connections_per_client))
      ->group(limits);
  app.add_option("--header-timeout", args.header_timeout,
                 _("Seconds for a complete request head, from connecting or from a keep-alive request's first byte"))
      ->check(CLI::Range(0.1, 3600.0))
      ->option_text("SECONDS=10")
      ->group(limits);
  app.add_option("--idle-timeout", args.idle_timeout,
                 _("Seconds a keep-alive connection may wait for its next request"))
      ->check(CLI::Range(0.1, 3600.0))
      ->option_text("SECONDS=15")
      ->group(limits);
  app.add_option("--send-timeout", args.send_timeout, _("Seconds without progress while sending an answer"))
      ->check(CLI::Range(0.1, 3600.0))
      ->option_text("SECONDS=30")
      ->group(limits);
  app.add_option("--cache-bytes", server.cache.bytes,
                 _("Memory for verified pages kept for clients that do not take gzip; 0: inflate each time"))
      ->check(CLI::Range(std::size_t{0}, std::size_t{1} << 30))
      ->option_text(fmt::format("BYTES={}", server.cache.bytes))
      ->group(limits);
  app.add_option("--threads", server.threads, _("Threads serving connections"))
      ->check(CLI::Range(1, 64))
      ->option_text(fmt::format("N={}", server.threads))
      ->group(limits);
  app.footer(fmt::format(
      fmt::runtime(_("Fixed limits: request heads of at most {bytes} bytes and {fields} fields (else 431); GET and "
                     "HEAD only,\n"
                     "without a body; one byte range per request (a Range asking for several gets the whole entry).\n"
                     "Pages go out gzip-encoded to clients that accept it.\n"
                     "One log line per request on stderr: CLIENT \"METHOD PATH\" STATUS BODY-BYTES TIME.\n"
                     "Updating: move a new bundle onto BUNDLE (mv, on the same file system). It is verified with the\n"
                     "same keys, then new requests get it (\"switched to BUNDLE: pack ID version V (verified)\");\n"
                     "requests in flight finish from the old one. A file that fails is refused (logged with its "
                     "rules)\n"
                     "and the old bundle keeps serving. A bundle overwritten in place gets 503 until a verified one "
                     "is\n"
                     "in place. See docs/kiosk.md.")),
      fmt::arg("bytes", server.request.max_header_bytes), fmt::arg("fields", server.request.max_fields)));
}

}  // namespace

std::vector<Command> serve_commands() {
  return {command<ServeArgs>(
      "serve", N_("Verify a bundle, then serve it to a browser on this machine (offline viewer, kiosks)"),
      add_serve_options, [](const ServeArgs& args, const CommonOptions&) { return serve(args); })};
}

}  // namespace hocso::cli
