#pragma once
// Following an update channel: the API a kiosk, an app or `hocso pull` uses
// (docs/apps.md, docs/channel-format.md).
//
// PullState::pull walks the root chain from the root the state folder trusts,
// checks channel.json (signatures and thresholds, rollback, freeze), fetches
// only what the installed bundles lack, rebuilds and verifies the exact bytes
// and installs them with a rename. Nothing is written outside the state
// folder; a refusal names its rule and leaves every installed bundle as it was.
//
// Apps link hocso::pull (libhocso-pull, beside hocso::bundle for reading what
// was installed): this header is all it exports.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

// What libhocso-pull exports (it is built with hidden visibility).
#if defined(__GNUC__) || defined(__clang__)
#define HOCSO_PULL_API __attribute__((visibility("default")))
#else
#define HOCSO_PULL_API
#endif

namespace hocso {

struct PullOptions {
  std::optional<std::string> pack, profile;  // only these (default: every bundle listed)
  // Skip the expiry checks, for a USB stick on a kiosk whose clock cannot be
  // trusted; rollback protection still holds. Says so in PullReport::notes.
  bool offline = false;
  std::function<void(const std::string&)> progress;  // one line at a time; may be empty
};

struct PulledBundle {
  std::string pack, profile, version;  // as channel.json lists it
  std::filesystem::path file;          // STATE/installed/<pack>-<profile>.hocso
  std::uint64_t size = 0;
  bool updated = false;                // false: it was already current
  bool delta = false;                  // rebuilt from byte ranges and installed entries
  std::uint64_t bytes_fetched = 0;     // for this bundle
};

struct PullReport {
  bool ok = false;
  // When !ok: the rule of docs/channel-format.md, section 5 (e.g.
  // "channel-rollback", "channel-expired", "bundle-hash"), or empty when the
  // pull could not start (no trusted root yet, a state folder that cannot be
  // written, another pull running on it); `message` says what and where.
  std::string rule;
  std::string message;
  std::uint64_t root_version = 0;
  std::uint64_t channel_version = 0;
  std::vector<PulledBundle> bundles;
  std::vector<std::string> notes;   // e.g. what --offline skipped
  std::uint64_t bytes_fetched = 0;  // everything received, channel files included
};

class PullState {
 public:
  // A state folder (created on the first pull). `trusted_root_key` is the
  // channel's root public key (the text of a minisign .pub file or its base64
  // line): needed until the first pull has stored the root; later the stored
  // root is trusted and the key is not used. Never throws: see ok() and error().
  HOCSO_PULL_API static PullState open(const std::filesystem::path& state,
                                       const std::optional<std::string>& trusted_root_key = std::nullopt);

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  const std::filesystem::path& path() const { return path_; }

  // Pulls from `source`: an http(s) address of a channel or its folder (a
  // mirror, a USB stick). Never throws.
  HOCSO_PULL_API PullReport pull(const std::string& source, const PullOptions& options = {}) const;

  // The installed bundle for pack/profile (or the only one); nullopt when none,
  // or several and no choice given. Open it with BundleReader and bundle_keys().
  HOCSO_PULL_API std::optional<std::filesystem::path> installed(
      const std::optional<std::string>& pack = std::nullopt,
      const std::optional<std::string>& profile = std::nullopt) const;
  // The public keys (base64 lines) the trusted root names for bundles; empty
  // before the first pull.
  HOCSO_PULL_API std::vector<std::string> bundle_keys() const;

 private:
  std::filesystem::path path_;
  std::string error_;
  std::string trusted_root_key_;  // base64 line; empty when none was given
};

}  // namespace hocso
