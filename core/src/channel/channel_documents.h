#pragma once
// The two documents of a channel (docs/channel-format.md, section 3): the root
// (who may sign what) and the channel (which bundles it serves now). Parsing
// checks every field the schemas (schemas/root.schema.json,
// schemas/channel.schema.json) require; writing gives the canonical JSON.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "channel/signed_envelope.h"
#include "channel/utc_time.h"
#include "signing.h"

namespace hocso::channel {

inline constexpr std::string_view kRootFormat = "hocso-root/1";
inline constexpr std::string_view kChannelFormat = "hocso-channel/1";
inline constexpr std::size_t kMaxRootBytes = 64 * 1024;
inline constexpr std::size_t kMaxChannelBytes = 1024 * 1024;
inline constexpr std::size_t kMaxBundleEntries = 1000;
inline constexpr std::uint64_t kMaxBundleBytes = 0xFFFFFFFFull;  // no zip64 in a bundle
inline constexpr std::size_t kMaxThreshold = 16;  // signatures a role may ask for

struct Role {
  std::vector<std::string> key_ids;  // 16 upper-case hex digits each
  std::size_t threshold = 1;

  nlohmann::ordered_json to_json() const;  // {"keys": [...], "threshold": N}, as root.json writes it
};

struct Root {
  std::string channel;
  std::uint64_t version = 1;
  UtcSeconds expires = 0;
  std::map<std::string, signing::PublicKey> keys;  // by key id
  Role root, channel_role, bundles;

  RoleKeys keys_of(const Role& role) const;
  nlohmann::ordered_json to_json() const;
};

struct ListedBundle {
  std::string pack;
  std::string profile;
  std::string version;  // the pack's semantic version
  std::string file;     // "bundles/<pack>-<version>-<profile>.<16 hex>.hocso"
  std::uint64_t size = 0;
  std::string sha256;           // of the file
  std::string manifest_sha256;  // of its manifest.json

  nlohmann::ordered_json to_json() const;  // as channel.json lists it
};

struct Channel {
  std::string channel;
  std::uint64_t version = 1;
  std::uint64_t root_version = 1;
  UtcSeconds published = 0;
  UtcSeconds expires = 0;
  std::vector<ListedBundle> bundles;   // one per (pack, profile), sorted
  std::vector<ListedBundle> previous;  // kept for readers of an older channel.json

  const ListedBundle* find(std::string_view pack, std::string_view profile) const;
  nlohmann::ordered_json to_json() const;
};

// The file name a bundle gets in a channel.
std::string bundle_file_name(const ListedBundle& bundle);
// A key's id as root.json writes it, and its base64 line.
std::string key_id_text(const signing::PublicKey& key);
std::string public_key_line(const signing::PublicKey& key);

// Parse a signed document (already opened: its signatures counted). On a problem,
// nullopt and `why` says which field (rule channel-not-json).
std::optional<Root> parse_root(const nlohmann::ordered_json& document, std::string& why);
std::optional<Channel> parse_channel(const nlohmann::ordered_json& document, std::string& why);

// The root's `root` role for checking a root document from its own text before
// it is trusted (the second half of the rotation rule). nullopt when the
// document does not parse.
std::optional<Root> peek_root(std::string_view envelope_text);

}  // namespace hocso::channel
