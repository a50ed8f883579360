// hocso/pull.h over the channel reader (channel/pull.h): the library apps link.
// Every exception stays inside: a caller's mistake (no trusted root, a state
// folder that cannot be written) becomes a report without a rule.

#include "hocso/pull.h"

#include <exception>

#include "channel/channel_documents.h"
#include "channel/pull.h"
#include "fatal.h"
#include "say.h"

namespace hocso {

namespace {

PulledBundle pulled(const channel::InstalledBundle& b) {
  PulledBundle out;
  out.pack = b.listed.pack;
  out.profile = b.listed.profile;
  out.version = b.listed.version;
  out.file = b.file;
  out.size = b.listed.size;
  out.updated = b.updated;
  out.delta = b.delta;
  out.bytes_fetched = b.bytes_fetched;
  return out;
}

}  // namespace

PullState PullState::open(const std::filesystem::path& state, const std::optional<std::string>& trusted_root_key) {
  PullState out;
  out.path_ = state;
  if (state.empty()) out.error_ = _("no state folder given");
  if (trusted_root_key) {
    try {
      out.trusted_root_key_ = channel::public_key_line(signing::parse_public_key(*trusted_root_key, "the trusted root key"));
    } catch (const std::exception& e) {
      out.error_ = e.what();
    }
  }
  return out;
}

PullReport PullState::pull(const std::string& source, const PullOptions& options) const {
  PullReport report;
  if (!ok()) {
    report.message = error_;
    return report;
  }
  try {
    channel::PullRequest request;
    request.source = source;
    request.state = path_;
    if (!trusted_root_key_.empty()) request.trust = signing::parse_public_key(trusted_root_key_, "the trusted root key");
    request.pack = options.pack;
    request.profile = options.profile;
    request.offline = options.offline;
    request.progress = options.progress;
    channel::PullResult result = channel::pull(request);
    report.ok = result.ok;
    report.rule = result.rule;
    report.message = result.message;
    report.root_version = result.root_version;
    report.channel_version = result.channel_version;
    for (const auto& b : result.bundles) report.bundles.push_back(pulled(b));
    report.notes = result.notes;
    report.bytes_fetched = result.bytes_fetched;
  } catch (const std::exception& e) {
    report = PullReport{};
    report.message = e.what();
  }
  return report;
}

std::optional<std::filesystem::path> PullState::installed(const std::optional<std::string>& pack,
                                                          const std::optional<std::string>& profile) const {
  try {
    return channel::installed_bundle(path_, pack, profile);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::vector<std::string> PullState::bundle_keys() const {
  try {
    return channel::trusted_bundle_keys(path_);
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace hocso
