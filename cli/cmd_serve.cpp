// hocso serve: a verified bundle served to a browser on this machine, entries
// read straight from the zip (no extraction), for kiosks and volunteers. The
// HTTP server itself is in serve/ (request decisions, entry data, sockets).

#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "cli.h"
#include "fatal.h"
#include "display_text.h"
#include "hocso/bundle_reader.h"
#include "serve/served_bundle.h"
#include "serve/server.h"

namespace hocso::cli {

namespace fs = std::filesystem;

namespace {

struct ServeArgs {
  std::string bundle;
  std::vector<std::string> pubkeys;
  serve::ServerOptions server;
  double header_timeout = 10;
  double idle_timeout = 15;
  double send_timeout = 30;
};

std::chrono::milliseconds to_ms(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000.0 + 0.5));
}

int serve(ServeArgs args) {
  if (!fs::exists(args.bundle)) throw FatalError(fmt::format("{}: no such file", args.bundle));
  // Like inspect: the development key is trusted when no key is named.
  if (args.pubkeys.empty()) {
    if (!fs::exists(".hocso/dev.pub"))
      throw FatalError("name a trusted public key with --pubkey FILE (no .hocso/dev.pub here)");
    args.pubkeys.push_back(".hocso/dev.pub");
  }
  // The path the bundle is served from, looked at again while serving: a
  // verified file moved onto it replaces the bundle (serve/bundle_watcher.h).
  serve::BundleSource source{[path = fs::path(args.bundle)] { return path; }, read_public_keys(args.pubkeys),
                             args.server.cache};
  std::vector<BundleProblem> problems;
  auto first = serve::ServedBundle::open(source.path(), source.trusted_keys, source.cache, problems);
  if (!first) {
    print_bundle_problems(args.bundle, problems);
    std::fprintf(stderr, "%s: REFUSED: not serving a bundle that fails verification\n", display_text(args.bundle).c_str());
    return exit_content;
  }
  args.server.header_timeout = to_ms(args.header_timeout);
  args.server.idle_timeout = to_ms(args.idle_timeout);
  args.server.send_timeout = to_ms(args.send_timeout);
  serve::run_server(args.server, std::move(source), std::move(first));
  return exit_ok;
}

}  // namespace

std::vector<Command> serve_commands() {
  return {{"serve", "Verify a bundle, then serve it to a browser on this machine (offline viewer, kiosks)",
           [](CLI::App& app, CommonOptions&) -> std::function<int()> {
             auto args = std::make_shared<ServeArgs>();
             auto& server = args->server;
             app.add_option("bundle", args->bundle, "The .hocso bundle")->required()->option_text("BUNDLE");
             app.add_option("--pubkey", args->pubkeys, "Trusted minisign public key (repeatable; default .hocso/dev.pub)")
                 ->option_text("FILE");
             app.add_option("--port", server.port, "TCP port; 0 picks a free one (printed)")
                 ->check(CLI::Range(0, 65535))->capture_default_str();
             app.add_option("--host", server.host, "Address to listen on; keep 127.0.0.1 unless others must connect")
                 ->capture_default_str();
             app.add_flag("--quiet", server.quiet,
                          "No log line per request on stderr (the summary at the end and problems are still printed)");
             const char* limits = "Limits (a client over one is refused or disconnected; see docs/kiosk.md)";
             app.add_option("--max-connections", server.max_connections, "Open connections in all; more get 503")
                 ->check(CLI::Range(1, 100000))->option_text(fmt::format("N={}", server.max_connections))->group(limits);
             app.add_option("--max-connections-per-client", server.max_connections_per_client,
                            "Open connections from one address; more get 503")
                 ->check(CLI::Range(1, 100000))->option_text(fmt::format("N={}", server.max_connections_per_client))
                 ->group(limits);
             app.add_option("--header-timeout", args->header_timeout,
                            "Seconds for a complete request head, from connecting or from a keep-alive request's first byte")
                 ->check(CLI::Range(0.1, 3600.0))->option_text("SECONDS=10")->group(limits);
             app.add_option("--idle-timeout", args->idle_timeout, "Seconds a keep-alive connection may wait for its next request")
                 ->check(CLI::Range(0.1, 3600.0))->option_text("SECONDS=15")->group(limits);
             app.add_option("--send-timeout", args->send_timeout, "Seconds without progress while sending an answer")
                 ->check(CLI::Range(0.1, 3600.0))->option_text("SECONDS=30")->group(limits);
             app.add_option("--cache-bytes", server.cache.bytes,
                            "Memory for verified pages kept for clients that do not take gzip; 0: inflate each time")
                 ->check(CLI::Range(std::size_t{0}, std::size_t{1} << 30))
                 ->option_text(fmt::format("BYTES={}", server.cache.bytes))->group(limits);
             app.add_option("--threads", server.threads, "Threads serving connections")
                 ->check(CLI::Range(1, 64))->option_text(fmt::format("N={}", server.threads))->group(limits);
             app.footer(fmt::format(
                 "Fixed limits: request heads of at most {} bytes and {} fields (else 431); GET and HEAD only,\n"
                 "without a body; one byte range per request (a Range asking for several gets the whole entry).\n"
                 "Pages go out gzip-encoded to clients that accept it.\n"
                 "One log line per request on stderr: CLIENT \"METHOD PATH\" STATUS BODY-BYTES TIME.\n"
                 "Updating: move a new bundle onto BUNDLE (mv, on the same file system). It is verified with the\n"
                 "same keys, then new requests get it (\"switched to BUNDLE: pack ID version V (verified)\");\n"
                 "requests in flight finish from the old one. A file that fails is refused (logged with its rules)\n"
                 "and the old bundle keeps serving. A bundle overwritten in place gets 503 until a verified one is\n"
                 "in place. See docs/kiosk.md.",
                 server.request.max_header_bytes, server.request.max_fields));
             return [args] { return serve(*args); };
           }}};
}

}  // namespace hocso::cli
