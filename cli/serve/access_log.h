#pragma once
// hocso serve's request log: one line per request on stderr (unless quiet) and
// the counts printed when the server stops.

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace hocso::serve {

// `bytes` as printable ASCII for a terminal or a journal: every byte outside
// 0x21..0x7e (controls, space, DEL, all non-ASCII, so no bidi override or
// escape sequence) and '"' and '\' become \xHH; at most `max_bytes` of the
// input are shown, then "...".
std::string escape_for_log(std::string_view bytes, std::size_t max_bytes = 256);

// Why a connection ended without a complete answer (for the counts).
enum class Dropped {
  refused,         // over a connection limit: 503 and closed at once
  header_timeout,  // no complete request head in time (slow or silent client)
  idle_timeout,    // keep-alive connection with nothing more asked
  send_timeout,    // the client stopped taking the answer
  send_error,      // the client went away during an answer
  count_
};

class AccessLog {
 public:
  // `name` starts each note ("hocso serve: …").
  explicit AccessLog(bool quiet, std::string name = "hocso serve") : quiet_(quiet), name_(std::move(name)) {}

  // Counts one answered request and prints its line:
  //   127.0.0.1 "GET /vi/index.html" 200 5120 0.4ms
  void request(std::string_view client, std::string_view method, std::string_view target, unsigned status,
               std::uint64_t bytes, double milliseconds);
  // Counts a connection that ended without an answer and prints a line for it.
  void dropped(std::string_view client, Dropped why);
  // A line that is not about one request (printed even when quiet).
  void note(std::string_view text);

  // "requests: 1234 (200: 1000, 304: 200, 404: 34); sent: 5.6 MiB; connections
  // refused: 3, timed out: 5, closed idle: 20"
  std::string summary() const;

 private:
  void write_line(const std::string& line) const;

  bool quiet_;
  std::string name_;
  std::atomic<std::uint64_t> requests_{0};
  std::atomic<std::uint64_t> bytes_{0};
  std::array<std::atomic<std::uint64_t>, 600> by_status_{};
  std::array<std::atomic<std::uint64_t>, static_cast<std::size_t>(Dropped::count_)> dropped_{};
};

}  // namespace hocso::serve
