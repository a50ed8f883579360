#pragma once
// What a client would do with a channel (`hocso channel status --installed` or
// `--state`): refuse it and why (rollback, expiry, a missing or differing
// bundle), or for each listed bundle install it, update to it or leave it, with
// the bytes a full download takes and, when both bundles are at hand, about
// what a delta pull fetches. The same rules as pull.cpp, read without fetching
// or writing anything.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "channel/channel_publisher.h"

namespace hocso::channel {

struct ForecastRequest {
  std::optional<std::string> installed_version;  // --installed: the pack version a client has
  std::optional<std::filesystem::path> state;    // --state: a pull state folder
  std::optional<std::string> pack, profile;      // only these bundles
  std::optional<std::filesystem::path> channel_dir;  // a folder channel: its bundles, for the delta estimate
};

struct BundleForecast {
  ListedBundle listed;
  std::optional<std::string> installed_version;
  std::string action;  // "install", "update", "none" (up to date) or "refuse"
  std::string rule;    // when "refuse"
  std::string reason;  // when "refuse"
  std::uint64_t full_bytes = 0;            // what a full download takes
  std::optional<std::uint64_t> delta_bytes;  // about what a delta pull fetches
  std::size_t changed_entries = 0, entries = 0;  // with delta_bytes
};

struct ClientForecast {
  std::string rule, reason;  // the channel as a whole is refused (empty: not)
  std::vector<BundleForecast> bundles;
  bool refuses() const;      // the channel or any bundle
};

ClientForecast forecast_client(const ChannelStatus& status, const ForecastRequest& request);

}  // namespace hocso::channel
