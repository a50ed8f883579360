#pragma once
// hocso serve, the network side: Boost.Asio sockets on a few threads, Beast
// parsing each request head, request.h deciding the answer, entry_data.h
// supplying the bytes (sendfile for stored entries and gzip answers).
//
// Robustness: every connection has a deadline for each phase (a complete head,
// the wait between keep-alive requests, progress while sending); heads are
// limited in size and fields; connections are limited per client address and
// in total (503 past either); nothing a client sends is kept beyond one head.

#include <chrono>
#include <cstddef>
#include <string>

#include "request.h"

namespace hocso {
class BundleReader;
}

namespace hocso::serve {

class BundleFile;

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8700;
  unsigned threads = 2;  // threads, each with its own io_context and share of the connections
  std::chrono::milliseconds header_timeout{10'000};  // from connecting (or a keep-alive request's first byte) to a complete head
  std::chrono::milliseconds idle_timeout{15'000};    // between keep-alive requests
  std::chrono::milliseconds send_timeout{30'000};    // without any progress while sending an answer
  std::size_t max_connections = 512;
  std::size_t max_connections_per_client = 32;
  std::size_t cache_bytes = 8u << 20;        // verified inflated entries kept in memory
  std::size_t cache_entry_bytes = 1u << 20;  // larger deflated entries are streamed
  RequestLimits request;
  bool quiet = false;  // no line per request
};

enum class StopReason {
  signal,          // SIGINT or SIGTERM
  bundle_changed,  // the bundle file changed on disk since it was verified
};

// Serves `reader`'s entries, read through `file` (the descriptor the bundle was
// verified through), until SIGINT or SIGTERM, or until the file changes on
// disk. Prints
// "serving LABEL (verified) at http://HOST:PORT/" on stdout once listening and
// the access summary on stderr at the end. Throws FatalError when it cannot
// listen on the address.
StopReason run_server(const ServerOptions& options, const std::string& label, const BundleReader& reader, BundleFile& file);

}  // namespace hocso::serve
