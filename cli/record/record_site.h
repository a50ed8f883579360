#pragma once
// What `hocso record` answers, decided without sockets (record_server.h reads
// and writes them), so that tests can call it with any request.
//
// Everything is under /TOKEN/, a random token in the address printed: other
// web sites open in the same browser can send requests to 127.0.0.1, but they
// cannot know the token. The page (TOKEN/), its script and style, the script
// of units (TOKEN/script.json) and the takes (POST TOKEN/take?lesson=ID&unit=
// UNIT&rate=HZ, a body of mono float32 samples) all need it. Every request must
// name this server in its Host (a page elsewhere could reach 127.0.0.1 by a
// name of its own: DNS rebinding); a take also needs no other Origin, the
// body type application/octet-stream (which a page elsewhere cannot send
// without asking first) and a unit of one of the lessons served: the client
// never names a file.

#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <variant>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>

#include "pack_loader.h"
#include "recording_script.h"
#include "take.h"

namespace hocso::record {

namespace http = boost::beast::http;

struct RecordAnswer {
  http::status status = http::status::ok;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  bool close = false;  // close the connection after it (a body was not read)
};

// What a saved take was, for the line `hocso record` prints.
struct SavedTake {
  std::string lesson;
  std::string unit;
  std::string file;  // display path of the .flac
  double seconds = 0;
};

class RecordSite {
 public:
  // Serves `script` (made from `loaded`, which it keeps to see the recordings
  // again after a take) at /`token`/.
  RecordSite(LoadedPack loaded, cli::RecordingScript script, std::string token, TakeLimits limits = {});

  // The Host values (and so the origins) this server answers to: 127.0.0.1:PORT and localhost:PORT.
  void listening_on(int port);
  const std::string& token() const { return token_; }

  // After the head: either the answer now (a refusal; the body, if any, is
  // not read and the connection is closed), or the largest body to read.
  std::variant<RecordAnswer, std::size_t> admit(const http::request_header<>& head) const;
  // The answer to a request admitted, with its body.
  RecordAnswer answer(const http::request_header<>& head, const std::string& body);

  // Called with each take saved.
  std::function<void(const SavedTake&)> on_saved;

 private:
  struct Target;
  std::optional<Target> target_of(const http::request_header<>& head, RecordAnswer& refusal) const;
  RecordAnswer save(const Target& target, const std::string& body);
  std::string script_json() const;

  LoadedPack loaded_;
  cli::RecordingScript script_;
  std::string token_;
  TakeLimits limits_;
  std::set<std::string> hosts_, origins_;
};

// 32 hexadecimal digits from the kernel's random source (getrandom).
std::string random_token();

}  // namespace hocso::record
