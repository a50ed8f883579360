#pragma once
// The HTTP server of hocso serve and hocso preview: Boost.Asio sockets on a
// few threads, Beast parsing each request head, a Site deciding the answer
// (request.h's rules for every site), entry_data.h supplying a bundle's bytes
// (sendfile for stored entries and gzip answers), memory a preview's.
//
// Robustness: every connection has a deadline for each phase (a complete head,
// the wait between keep-alive requests, progress while sending); heads are
// limited in size and fields; connections are limited per client address and
// in total (503 past either); nothing a client sends is kept beyond one head.
//
// The bundle can be replaced while it runs (bundle_watcher.h): each request
// is answered from the bundle that was current when it started.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "access_log.h"
#include "bundle_watcher.h"
#include "event_stream.h"
#include "request.h"
#include "served_bundle.h"

namespace hocso::serve {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8700;
  unsigned threads = 2;  // threads, each with its own io_context and share of the connections
  std::chrono::milliseconds header_timeout{10'000};  // from connecting (or a keep-alive request's first byte) to a complete head
  std::chrono::milliseconds idle_timeout{15'000};    // between keep-alive requests
  std::chrono::milliseconds send_timeout{30'000};    // without any progress while sending an answer
  std::size_t max_connections = 512;
  std::size_t max_connections_per_client = 32;
  CacheLimits cache;  // per bundle: verified inflated entries kept in memory
  RequestLimits request;
  std::chrono::milliseconds bundle_check_interval{200};  // how often the bundle's path is looked at
  bool quiet = false;  // no line per request
  std::string log_name = "hocso serve";  // starts the log's notes
  bool summary = true;  // the counts on stderr at the end
};

// One answer, and what its body is read from (kept until it is sent).
struct Answer {
  ResponsePlan plan;
  std::shared_ptr<ServedBundle> bundle;      // BodyKind::entry, entry_gzip: the bundle plan.entry is in
  std::shared_ptr<const std::string> bytes;  // BodyKind::bytes; BodyKind::events: the first bytes of the stream
  std::shared_ptr<EventStream> events;       // BodyKind::events: the stream the connection then follows
};

// What a server serves: a verified bundle (hocso serve) or pages made in
// memory (hocso preview). The server does the rest: limits, deadlines, sending.
class Site {
 public:
  virtual ~Site() = default;
  // Once listening, on the server's first thread before it answers anything.
  virtual void start(boost::asio::io_context& first_thread, AccessLog& log) {
    (void)first_thread;
    (void)log;
  }
  // When the server stops (SIGINT, SIGTERM), on its first thread.
  virtual void stop() {}
  // Once every serving thread has returned, before the server's io_contexts
  // and access log are destroyed: drops what start() tied to them (a timer
  // outliving its io_context reads freed memory when it is destroyed).
  virtual void finish() {}
  // The answer to a request whose head Beast parsed (answer_in_kind() applied
  // by the site). Called on every serving thread at once.
  virtual Answer answer(const http::request_header<>& request, const RequestLimits& limits) = 0;
};

// Serves `site` until SIGINT or SIGTERM; calls `listening` with the address
// ("http://127.0.0.1:8700/") once it listens, before any request is answered.
// Throws FatalError when it cannot listen on the address.
void run_server(const ServerOptions& options, Site& site, const std::function<void(const std::string& url)>& listening);

// Serves `first` (verified by ServedBundle::open) until SIGINT or SIGTERM,
// switching to each newer file at `source.path()` that verifies with
// `source.trusted_keys`. Prints "serving LABEL (verified) at
// http://HOST:PORT/" on stdout once listening and the access summary on
// stderr at the end. Throws FatalError when it cannot listen on the address.
void run_server(const ServerOptions& options, BundleSource source, std::shared_ptr<ServedBundle> first);

}  // namespace hocso::serve
