#pragma once
// The writing side of a channel (docs/channel-format.md): `hocso channel init`,
// `hocso channel rotate`, `hocso publish`, and what `hocso channel status` reads.
// Every change writes its new files first and the file readers start from
// (root.json, channel.json) last, each by an atomic rename, so a reader copying
// or fetching during a change sees the old channel or the new one, never one
// that names a file not yet there. Errors are FatalError (exit 2) for the
// operator's mistakes and PublishRefusal (exit 1) for bundles that must not go out.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "channel/channel_documents.h"
#include "signing.h"

namespace hocso::channel {

// A bundle that must not be published; `rule` as in the docs (bundle-verify,
// bundle-downgrade, bundle-version-reused).
class PublishRefusal : public std::runtime_error {
 public:
  PublishRefusal(std::string rule_id, const std::string& message)
      : std::runtime_error(message), rule(std::move(rule_id)) {}
  std::string rule;
};

struct InitRequest {
  std::filesystem::path dir;
  std::string name;                              // the channel's name (slug)
  std::vector<signing::SecretKey> root_signers;  // sign root/1.json: at least root_threshold of them
  std::vector<signing::PublicKey> root_keys;     // the root role (the signers' keys and any more)
  std::vector<signing::PublicKey> channel_keys;
  std::vector<signing::PublicKey> bundle_keys;   // empty: the channel keys
  std::size_t root_threshold = 1;
  std::size_t channel_threshold = 1;
  std::int64_t expires_in = 365 * 86400;
};
// Writes root/1.json and root.json into an empty or missing folder.
Root init_channel(const InitRequest& request);

struct RotateRequest {
  std::filesystem::path dir;
  std::vector<signing::SecretKey> signers;  // old and new root keys: a threshold of each must be here
  std::vector<signing::PublicKey> add_root, add_channel, add_bundles;
  std::vector<std::string> remove;          // key ids or public keys: out of every role
  std::optional<std::size_t> root_threshold, channel_threshold;
  std::int64_t expires_in = 365 * 86400;
};
// Writes root/<N+1>.json and root.json.
Root rotate_channel(const RotateRequest& request);

struct PublishRequest {
  std::filesystem::path dir;
  std::vector<std::filesystem::path> bundles;
  std::vector<signing::SecretKey> keys;  // channel keys: at least the role's threshold
  std::int64_t expires_in = 30 * 86400;
  std::optional<std::size_t> keep;       // prune: keep this many older bundles per pack and profile
  bool refresh = false;                  // write a new version even if no bundle changed (new expiry)
};
struct PublishResult {
  Channel channel;
  bool changed = false;                  // a new channel.json was written
  std::vector<ListedBundle> added;       // bundles new in this version
  std::vector<ListedBundle> unchanged;   // given, already the current ones
  std::vector<std::string> pruned;       // files removed from bundles/
};
PublishResult publish(const PublishRequest& request);

// What a channel folder holds, every file checked as a reader would (with the
// root the folder itself holds: status trusts the folder's root.json only as
// far as its own signatures go).
struct ChannelStatus {
  Root root;
  std::optional<Channel> channel;   // none published yet
  std::vector<std::string> problems;  // files missing or not matching channel.json
};
ChannelStatus read_channel_status(const std::filesystem::path& dir);
// The same for a channel at an http(s) address, as a reader sees it: root.json
// checked against its own root keys, channel.json against them; each bundle
// file asked for its last bytes (present, and at least the listed size).
// FatalError when root.json or channel.json cannot be fetched or verified.
ChannelStatus read_remote_channel_status(const std::string& url);

}  // namespace hocso::channel
