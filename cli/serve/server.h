#pragma once
// hocso serve, the network side: Boost.Asio sockets on a few threads, Beast
// parsing each request head, request.h deciding the answer, entry_data.h
// supplying the bytes (sendfile for stored entries and gzip answers).
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
#include <memory>
#include <string>

#include "bundle_watcher.h"
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
};

// Serves `first` (verified by ServedBundle::open) until SIGINT or SIGTERM,
// switching to each newer file at `source.path()` that verifies with
// `source.trusted_keys`. Prints "serving LABEL (verified) at
// http://HOST:PORT/" on stdout once listening and the access summary on
// stderr at the end. Throws FatalError when it cannot listen on the address.
void run_server(const ServerOptions& options, BundleSource source, std::shared_ptr<ServedBundle> first);

}  // namespace hocso::serve
