#include "access_log.h"

#include <unistd.h>

#include <fmt/format.h>

namespace hocso::serve {

namespace {

const char* dropped_name(Dropped why) {
  switch (why) {
    case Dropped::refused: return "refused: too many connections";
    case Dropped::header_timeout: return "closed: no complete request in time";
    case Dropped::idle_timeout: return "closed: idle";
    case Dropped::send_timeout: return "closed: the client stopped reading";
    case Dropped::send_error: return "closed: the client went away";
    case Dropped::count_: break;
  }
  return "closed";
}

}  // namespace

std::string escape_for_log(std::string_view bytes, std::size_t max_bytes) {
  std::string out;
  out.reserve(std::min(bytes.size(), max_bytes) + 8);
  for (std::size_t i = 0; i < bytes.size() && i < max_bytes; ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\') out += fmt::format("\\x{:02x}", c);
    else out += static_cast<char>(c);
  }
  if (bytes.size() > max_bytes) out += "...";
  return out;
}

void AccessLog::request(std::string_view client, std::string_view method, std::string_view target, unsigned status,
                        std::uint64_t bytes, double milliseconds) {
  requests_.fetch_add(1, std::memory_order_relaxed);
  bytes_.fetch_add(bytes, std::memory_order_relaxed);
  if (status < by_status_.size()) by_status_[status].fetch_add(1, std::memory_order_relaxed);
  if (quiet_) return;
  write_line(fmt::format("{} \"{} {}\" {} {} {:.1f}ms\n", client, escape_for_log(method, 32), escape_for_log(target),
                         status, bytes, milliseconds));
}

void AccessLog::dropped(std::string_view client, Dropped why) {
  dropped_[static_cast<std::size_t>(why)].fetch_add(1, std::memory_order_relaxed);
  // Browsers leave idle connections open until they time out: that is no news.
  if (quiet_ || why == Dropped::idle_timeout) return;
  write_line(fmt::format("{} {}\n", client, dropped_name(why)));
}

void AccessLog::note(std::string_view text) { write_line(fmt::format("{}: {}\n", name_, text)); }

std::string AccessLog::summary() const {
  std::string statuses;
  for (std::size_t code = 0; code < by_status_.size(); ++code) {
    const auto n = by_status_[code].load();
    if (n == 0) continue;
    if (!statuses.empty()) statuses += ", ";
    statuses += fmt::format("{}: {}", code, n);
  }
  auto dropped = [&](Dropped why) { return dropped_[static_cast<std::size_t>(why)].load(); };
  const auto timed_out = dropped(Dropped::header_timeout) + dropped(Dropped::send_timeout);
  return fmt::format("requests: {}{}; sent: {:.1f} MiB; connections refused: {}, timed out: {}, closed idle: {}",
                     requests_.load(), statuses.empty() ? "" : " (" + statuses + ")",
                     static_cast<double>(bytes_.load()) / (1024.0 * 1024.0), dropped(Dropped::refused), timed_out,
                     dropped(Dropped::idle_timeout));
}

void AccessLog::write_line(const std::string& line) const {
  // One write per line: lines from the server's threads never interleave.
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(STDERR_FILENO, line.data() + done, line.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace hocso::serve
