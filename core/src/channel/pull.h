#pragma once
// hocso::channel::pull — the reading side of an update channel, the call a
// kiosk or an app makes (docs/channel-format.md, docs/apps.md): walk the root
// chain from the trusted root, check channel.json (signatures, rollback,
// freeze), fetch only what the installed bundles lack, rebuild and verify the
// exact bytes, install with a rename. Nothing is written outside the state
// folder; a refusal leaves every installed bundle as it was.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "channel/channel_documents.h"
#include "signing.h"

namespace hocso::channel {

struct PullRequest {
  std::string source;                       // http(s) address or folder of the channel
  std::filesystem::path state;              // STATE: trusted root, versions seen, installed bundles
  std::optional<signing::PublicKey> trust;  // a root key: needed when STATE has no root yet
  std::optional<std::string> pack, profile; // only these (default: every bundle listed)
  bool offline = false;                     // skip the expiry checks (a clock that cannot be trusted)
  std::function<void(const std::string&)> progress;  // one line at a time; may be empty
};

struct InstalledBundle {
  ListedBundle listed;
  std::filesystem::path file;       // STATE/installed/<pack>-<profile>.hocso
  bool updated = false;             // false: it was already current
  bool delta = false;               // rebuilt from ranges and local entries
  std::uint64_t bytes_fetched = 0;  // for this bundle
};

struct PullResult {
  bool ok = false;
  std::string rule;     // when !ok: docs/channel-format.md, section 5
  std::string message;  // when !ok
  std::uint64_t root_version = 0;
  std::uint64_t channel_version = 0;
  std::vector<InstalledBundle> bundles;
  std::vector<std::string> notes;   // e.g. "--offline: expiry not checked"
  std::uint64_t bytes_fetched = 0;  // everything received, channel files included
};

// Throws FatalError only for the caller's mistakes (no trust for an empty
// state, a state folder that cannot be written); every problem of the channel
// is a refusal in the result.
PullResult pull(const PullRequest& request);

// The installed bundle of a state folder for pack/profile (or the only one);
// nullopt when there is none or several and no choice given.
std::optional<std::filesystem::path> installed_bundle(const std::filesystem::path& state,
                                                      const std::optional<std::string>& pack,
                                                      const std::optional<std::string>& profile);

// What a state folder remembers across pulls for rollback and freeze
// protection (all zero for a folder never pulled into). FatalError when its
// state.json is not one pulls wrote.
struct Remembered {
  std::uint64_t channel_version = 0;  // the highest channel.json version seen
  UtcSeconds latest_time = 0;         // the latest time seen in a signed file
};
Remembered remembered(const std::filesystem::path& state);

// The public keys (base64 lines) that may sign bundles, from the root the state
// folder trusts (for serve --state). FatalError when the state has no trusted
// root or it is damaged.
std::vector<std::string> trusted_bundle_keys(const std::filesystem::path& state);

}  // namespace hocso::channel
