#include "channel/client_forecast.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "channel/pull.h"
#include "channel/semantic_version.h"
#include "hocso/bundle_reader.h"
#include "say.h"

namespace hocso::channel {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> bundle_key_lines(const Root& root) {
  std::vector<std::string> lines;
  for (const auto& id : root.bundles.key_ids) lines.push_back(public_key_line(root.keys.at(id)));
  return lines;
}

// About what a delta pull of `listed` fetches with `installed` at hand: the
// entries whose content the installed bundle lacks, and the central directory
// and end record. nullopt when either bundle does not verify.
void estimate_delta(BundleForecast& out, const fs::path& listed, const fs::path& installed,
                    const std::vector<std::string>& keys) {
  BundleReader next = BundleReader::open(listed, keys);
  BundleReader have = BundleReader::open(installed, keys);
  if (!next.ok() || !have.ok()) return;
  std::set<std::string> held;
  for (const auto& e : have.entries()) held.insert(e.sha256);
  std::uint64_t bytes = 0, data_end = 0;
  for (const auto& e : next.entries()) {
    data_end = std::max(data_end, e.data_offset + e.compressed_size);
    if (held.count(e.sha256)) continue;
    bytes += e.compressed_size;
    ++out.changed_entries;
  }
  out.entries = next.entries().size();
  out.delta_bytes = bytes + (out.full_bytes - std::min(data_end, out.full_bytes));
}

}  // namespace

bool ClientForecast::refuses() const {
  return !rule.empty() ||
         std::any_of(bundles.begin(), bundles.end(), [](const auto& b) { return b.action == "refuse"; });
}

ClientForecast forecast_client(const ChannelStatus& status, const ForecastRequest& request) {
  ClientForecast out;
  if (!status.channel) {
    out.rule = "channel-unreachable";
    out.reason = _("nothing published yet: no channel.json");
    return out;
  }
  const Channel& channel = *status.channel;
  Remembered seen;
  if (request.state) seen = remembered(*request.state);
  const UtcSeconds reference = std::max({utc_now(), seen.latest_time, channel.published});
  // In pull's order: rollback, then the root's expiry, then the channel's.
  if (channel.version < seen.channel_version) {
    out.rule = "channel-rollback";
    out.reason = say(N_("channel.json is version {version}, the state has seen version {seen}"),
                     fmt::arg("version", channel.version), fmt::arg("seen", seen.channel_version));
  } else if (status.root.expires <= reference) {
    out.rule = "channel-root-expired";
    out.reason = say(N_("root version {version} expired at {time}"), fmt::arg("version", status.root.version),
                     fmt::arg("time", format_utc(status.root.expires)));
  } else if (channel.expires <= reference) {
    out.rule = "channel-expired";
    out.reason = say(N_("channel.json expired at {time} (now {now})"), fmt::arg("time", format_utc(channel.expires)),
                     fmt::arg("now", format_utc(reference)));
  }
  const auto keys = bundle_key_lines(status.root);
  for (const auto& b : channel.bundles) {
    if ((request.pack && b.pack != *request.pack) || (request.profile && b.profile != *request.profile)) continue;
    BundleForecast f;
    f.listed = b;
    f.full_bytes = b.size;
    std::optional<fs::path> installed_file;
    if (request.state) {
      fs::path file = *request.state / "installed" / fmt::format("{}-{}.hocso", b.pack, b.profile);
      BundleReader reader = BundleReader::open(file, keys);
      if (reader.ok()) {
        installed_file = file;
        auto manifest = nlohmann::json::parse(reader.manifest_json(), nullptr, false);
        if (manifest.is_object() && manifest.contains("pack") && manifest["pack"].is_object())
          f.installed_version = manifest["pack"].value("version", "");
      }
    }
    if (request.installed_version) f.installed_version = request.installed_version;
    // The channel's own problems with this bundle's file ("<file>: …").
    auto problem = std::find_if(status.problems.begin(), status.problems.end(),
                                [&](const std::string& p) { return p.rfind(b.file + ": ", 0) == 0; });
    const int order = f.installed_version ? compare_versions(b.version, *f.installed_version).value_or(1) : 1;
    if (order == 0) {
      f.action = "none";
    } else if (order < 0) {
      f.action = "refuse";
      f.rule = "bundle-downgrade";
      f.reason = say(N_("{pack} {version} is older than the installed {installed}"), fmt::arg("pack", b.pack),
                     fmt::arg("version", b.version), fmt::arg("installed", *f.installed_version));
    } else if (problem != status.problems.end()) {
      f.action = "refuse";
      const bool missing = problem->ends_with(": missing");
      f.rule = missing ? "channel-unreachable" : "bundle-hash";
      f.reason = *problem;
    } else {
      f.action = f.installed_version ? "update" : "install";
      if (installed_file && request.channel_dir) estimate_delta(f, *request.channel_dir / b.file, *installed_file, keys);
    }
    out.bundles.push_back(f);
  }
  return out;
}

}  // namespace hocso::channel
