// hocso serve: a verified bundle served to a browser on this machine, entries
// read straight from the zip (no extraction), for kiosks and volunteers.

#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

#include <fmt/format.h>
#include <httplib.h>

#include "cli.h"
#include "fatal.h"
#include "hocso/bundle_reader.h"

namespace hocso::cli {

namespace fs = std::filesystem;

namespace {

struct ServeArgs {
  std::string bundle;
  std::vector<std::string> pubkeys;
  std::string host = "127.0.0.1";
  int port = 8700;
};

// The Content-Type of an entry, by its extension; unknown kinds are served as
// opaque bytes (never sniffed: the server sends nosniff).
std::string mime_type(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> types[] = {
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".sig", "text/plain; charset=utf-8"},
      {".md", "text/plain; charset=utf-8"},
      {".txt", "text/plain; charset=utf-8"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".svg", "image/svg+xml"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".ttf", "font/ttf"},
      {".otf", "font/otf"},
  };
  for (const auto& [ext, type] : types)
    if (name.size() > ext.size() && name.substr(name.size() - ext.size()) == ext) return std::string(type);
  return "application/octet-stream";
}

bool contains_ci(std::string_view haystack, std::string_view needle) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    bool same = true;
    for (std::size_t j = 0; j < needle.size() && same; ++j) same = lower(haystack[i + j]) == needle[j];
    if (same) return true;
  }
  return false;
}

// The entry name a request target asks for, or nullopt when the target is a
// path trick (dot segments, encoded slashes or backslashes, NUL and other
// control bytes, empty segments). "/" and ".../" mean the folder's index.html.
std::optional<std::string> entry_name_for(const std::string& raw_target) {
  std::string raw = raw_target.substr(0, raw_target.find('?'));
  if (raw.empty() || raw[0] != '/') return std::nullopt;
  // Checked before decoding: once decoded, %2F is indistinguishable from a real '/'.
  for (std::string_view bad : {"%2f", "%5c", "%7f", "%0", "%1", "\\"})  // %0x, %1x: control bytes, NUL
    if (contains_ci(raw, bad)) return std::nullopt;
  std::string path = httplib::detail::decode_url(raw, false);
  for (unsigned char c : path)
    if (c < 0x20 || c == 0x7f || c == '\\') return std::nullopt;
  std::string name = path.substr(1);
  if (name.empty() || name.back() == '/') name += "index.html";
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find('/', start);
    if (end == std::string::npos) end = name.size();
    std::string_view segment(name.data() + start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return std::nullopt;
    start = end + 1;
  }
  return name;
}

void set_text(httplib::Response& res, int status, const std::string& text) {
  res.status = status;
  res.set_content(text + "\n", "text/plain; charset=utf-8");
}

void serve_entry(const BundleReader& reader, const httplib::Request& req, httplib::Response& res) {
  auto name = entry_name_for(req.target);
  if (!name) return set_text(res, 400, "400 Bad Request: path not allowed");
  const BundleEntry* entry = reader.find(*name);
  if (!entry) {
    // Browsers ask for /favicon.ico on their own; a 404 there would be a console error on every kiosk.
    if (*name == "favicon.ico") {
      res.status = 204;
      return;
    }
    return set_text(res, 404, "404 Not Found");
  }
  const std::string etag = "\"" + entry->sha256 + "\"";
  res.set_header("ETag", etag);
  // media/ names are content hashes, so they never change; pages are checked
  // again each time so a kiosk sees a newer bundle at once.
  res.set_header("Cache-Control", name->rfind("media/", 0) == 0 ? "public, max-age=31536000, immutable" : "no-cache");
  res.set_header("Accept-Ranges", "bytes");
  if (req.get_header_value("If-None-Match") == etag) {
    res.status = 304;
    return;
  }
  auto bytes = reader.read(*name);
  if (!bytes) return set_text(res, 500, "500 Internal Server Error: the entry no longer verifies");
  // httplib answers Range requests (206, Content-Range, 416) from the full content.
  res.set_content(std::move(*bytes), mime_type(*name));
}

// Runs the server until SIGINT or SIGTERM. The signals are blocked in every
// thread and taken by one waiter thread, which stops the server: no work in a
// signal handler.
int run_server(const ServeArgs& args, const BundleReader& reader) {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  httplib::Server server;
  // SO_REUSEADDR only: httplib's default also sets SO_REUSEPORT, which would let
  // a second server share the port silently instead of failing.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  server.set_default_headers({
      {"Content-Security-Policy", "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
  });
  server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    if (req.method == "GET" || req.method == "HEAD") return httplib::Server::HandlerResponse::Unhandled;
    res.set_header("Allow", "GET, HEAD");
    set_text(res, 405, "405 Method Not Allowed");
    return httplib::Server::HandlerResponse::Handled;
  });
  // [\s\S]: "." would not match a decoded newline, which must reach the path check.
  server.Get(R"([\s\S]*)", [&reader](const httplib::Request& req, httplib::Response& res) { serve_entry(reader, req, res); });
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) set_text(res, res.status, fmt::format("HTTP error {}", res.status));
  });

  int port = args.port;
  if (port == 0) port = server.bind_to_any_port(args.host);
  else if (!server.bind_to_port(args.host, port)) port = -1;
  if (port <= 0)
    throw FatalError(fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)", args.host, args.port));

  std::thread waiter([&server, stop_signals] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    server.stop();
  });
  std::string host = args.host.find(':') != std::string::npos ? "[" + args.host + "]" : args.host;
  std::printf("serving %s (verified) at http://%s:%d/\nstop with Ctrl-C\n", args.bundle.c_str(), host.c_str(), port);
  std::fflush(stdout);
  const bool clean = server.listen_after_bind();
  // Wake the waiter if the server ended by itself.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  std::printf("stopped\n");
  return clean ? exit_ok : exit_usage;
}

int serve(ServeArgs args) {
  if (!fs::exists(args.bundle)) throw FatalError(fmt::format("{}: no such file", args.bundle));
  // Like inspect: the development key is trusted when no key is named.
  if (args.pubkeys.empty()) {
    if (!fs::exists(".hocso/dev.pub"))
      throw FatalError("name a trusted public key with --pubkey FILE (no .hocso/dev.pub here)");
    args.pubkeys.push_back(".hocso/dev.pub");
  }
  BundleReader reader = BundleReader::open(args.bundle, read_public_keys(args.pubkeys));
  if (!reader.ok()) {
    print_bundle_problems(args.bundle, reader);
    std::fprintf(stderr, "%s: REFUSED: not serving a bundle that fails verification\n", args.bundle.c_str());
    return exit_content;
  }
  return run_server(args, reader);
}

}  // namespace

std::vector<Command> serve_commands() {
  return {{"serve", "Verify a bundle, then serve it to a browser on this machine (offline viewer, kiosks)",
           [](CLI::App& app, CommonOptions&) -> std::function<int()> {
             auto args = std::make_shared<ServeArgs>();
             app.add_option("bundle", args->bundle, "The .hocso bundle")->required()->option_text("BUNDLE");
             app.add_option("--pubkey", args->pubkeys, "Trusted minisign public key (repeatable; default .hocso/dev.pub)")
                 ->option_text("FILE");
             app.add_option("--port", args->port, "TCP port; 0 picks a free one (printed)")
                 ->check(CLI::Range(0, 65535))->capture_default_str();
             app.add_option("--host", args->host, "Address to listen on; keep 127.0.0.1 unless others must connect")
                 ->capture_default_str();
             return [args] { return serve(*args); };
           }}};
}

}  // namespace hocso::cli
