#pragma once
// The HTTP side of `hocso record`: Boost.Beast on one thread, listening on
// 127.0.0.1 only (never another interface). Each request's head is read within
// a deadline and under a size limit, handed to RecordSite::admit(), and only
// then its body, up to the size the site allows; a refused request is answered
// at once and its connection closed without reading the body. Connections are
// limited in number. SIGINT and SIGTERM (Ctrl-C) stop it.

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "record_site.h"

namespace hocso::record {

struct RecordServerOptions {
  int port = 8720;  // 0: a free one
  std::chrono::milliseconds head_timeout{10'000};    // from connecting (or the last answer) to a whole head
  std::chrono::milliseconds body_timeout{120'000};   // to read a take's body
  std::chrono::milliseconds send_timeout{30'000};
  std::size_t max_connections = 32;
  std::uint32_t max_head_bytes = 8 * 1024;
};

// Serves `site` on 127.0.0.1 until SIGINT or SIGTERM; calls `listening` with the
// port once it listens, before any request is answered. Throws FatalError
// when it cannot listen.
void run_record_server(const RecordServerOptions& options, RecordSite& site,
                       const std::function<void(int port)>& listening);

}  // namespace hocso::record
