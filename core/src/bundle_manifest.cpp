#include "bundle_manifest.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <unordered_set>

#include "entry_names.h"
#include "hashing.h"

namespace hocso {
namespace {

using nlohmann::json;

bool is_sha256_hex(const std::string& text) {
  return text.size() == 64 &&
         text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

const json* string_field(const json& object, const char* key) {
  const auto found = object.find(key);
  if (found == object.end() || !found->is_string()) return nullptr;
  return &*found;
}

}  // namespace

std::string bundle_trusted_comment(std::string_view pack_id, std::string_view pack_version,
                                   std::string_view manifest_json) {
  return fmt::format("{} pack={} version={} manifest-sha256={}", kBundleFormat, pack_id, pack_version,
                     to_hex(sha256(manifest_json)));
}

std::optional<ManifestSummary> parse_manifest(std::string_view manifest_json, std::vector<BundleProblem>& problems) {
  const std::size_t problems_before = problems.size();
  auto refuse = [&](const char* rule, std::string entry, std::string message) {
    problems.push_back({rule, std::move(entry), std::move(message)});
  };
  const json manifest = json::parse(manifest_json, nullptr, /*allow_exceptions=*/false);
  if (manifest.is_discarded()) {
    refuse("manifest-json", std::string(kManifestName), "manifest.json is not valid JSON");
    return std::nullopt;
  }
  if (!manifest.is_object()) {
    refuse("manifest-json", std::string(kManifestName), "manifest.json is not a JSON object");
    return std::nullopt;
  }
  const json* format = string_field(manifest, "format");
  if (!format || format->get<std::string>() != kBundleFormat) {
    refuse("manifest-format", std::string(kManifestName),
           fmt::format("\"format\" must be \"{}\"{}", kBundleFormat,
                       format ? fmt::format(", not \"{}\"", format->get<std::string>()) : std::string()));
    return std::nullopt;
  }

  ManifestSummary summary;
  const auto pack = manifest.find("pack");
  const json* id = pack != manifest.end() && pack->is_object() ? string_field(*pack, "id") : nullptr;
  const json* version = pack != manifest.end() && pack->is_object() ? string_field(*pack, "version") : nullptr;
  if (!id || !version) {
    refuse("manifest-field", std::string(kManifestName), "\"pack\" must be an object with string \"id\" and \"version\"");
    return std::nullopt;
  }
  summary.pack_id = id->get<std::string>();
  summary.pack_version = version->get<std::string>();

  const auto entries = manifest.find("entries");
  if (entries == manifest.end() || !entries->is_array()) {
    refuse("manifest-field", std::string(kManifestName), "\"entries\" must be an array");
    return std::nullopt;
  }
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const json& item = (*entries)[i];
    const json* path = item.is_object() ? string_field(item, "path") : nullptr;
    const json* hash = item.is_object() ? string_field(item, "sha256") : nullptr;
    const auto size = item.is_object() ? item.find("size") : item.end();
    const std::string where = path ? path->get<std::string>() : std::string();
    if (!path || !hash || size == item.end() || !size->is_number_unsigned()) {
      refuse("manifest-field", where,
             fmt::format("entries[{}] must have a string \"path\", an unsigned integer \"size\" and a string \"sha256\"", i));
      continue;
    }
    ManifestEntry entry{where, size->get<std::uint64_t>(), hash->get<std::string>()};
    if (!is_sha256_hex(entry.sha256)) {
      refuse("manifest-field", entry.path, fmt::format("entries[{}].sha256 is not 64 lower-case hex digits", i));
      continue;
    }
    if (auto bad = check_entry_name(entry.path)) {
      refuse("manifest-path-invalid", entry.path, fmt::format("entries[{}].path: {} [{}]", i, bad->message, bad->rule));
      continue;
    }
    if (entry.path == kManifestName || entry.path == kSignatureName) {
      refuse("manifest-path-invalid", entry.path,
             fmt::format("entries[{}] lists the manifest or its signature, which cover themselves", i));
      continue;
    }
    if (!seen.insert(entry.path).second) {
      refuse("manifest-duplicate-path", entry.path, fmt::format("entries[{}].path is listed more than once", i));
      continue;
    }
    summary.entries.push_back(std::move(entry));
  }
  if (problems.size() != problems_before) return std::nullopt;
  return summary;
}

}  // namespace hocso
