#include "channel/utc_time.h"

#include <charconv>
#include <ctime>

#include <fmt/format.h>

namespace hocso::channel {

std::string format_utc(UtcSeconds seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec);
}

std::optional<UtcSeconds> parse_utc(std::string_view text) {
  if (text.size() != 20) return std::nullopt;
  std::tm tm{};
  std::string copy(text);
  const char* end = strptime(copy.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (!end || *end != '\0') return std::nullopt;
  std::tm normalised = tm;
  UtcSeconds seconds = timegm(&normalised);
  // strptime takes 2026-02-31; timegm moves it to March: refuse what moved.
  if (format_utc(seconds) != text) return std::nullopt;
  return seconds;
}

UtcSeconds utc_now() { return static_cast<UtcSeconds>(std::time(nullptr)); }

std::optional<std::int64_t> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t unit = 1;
  switch (text.back()) {
    case 'd': unit = 86400; break;
    case 'h': unit = 3600; break;
    case 'm': unit = 60; break;
    case 's': unit = 1; break;
    default: unit = 0;
  }
  if (unit) text.remove_suffix(1);
  else unit = 1;
  std::int64_t count = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
  if (error != std::errc() || end != text.data() + text.size() || count <= 0) return std::nullopt;
  if (count > 100LL * 366 * 86400 / unit) return std::nullopt;
  return count * unit;
}

}  // namespace hocso::channel
