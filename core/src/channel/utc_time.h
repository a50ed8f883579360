#pragma once
// The channel's times: UTC seconds, written as "YYYY-MM-DDTHH:MM:SSZ" (RFC 3339
// with a Z and no fraction, the one form the channel schemas allow).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hocso::channel {

using UtcSeconds = std::int64_t;  // seconds since 1970-01-01T00:00:00Z

std::string format_utc(UtcSeconds seconds);
// nullopt unless `text` is exactly that form and a real date and time.
std::optional<UtcSeconds> parse_utc(std::string_view text);
UtcSeconds utc_now();

// "30d", "12h", "90m", "3600s" or a bare number of seconds; nullopt otherwise
// (or over 100 years).
std::optional<std::int64_t> parse_duration(std::string_view text);

}  // namespace hocso::channel
