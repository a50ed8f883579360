#include "bundle_manifest.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <regex>
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

// The patterns of schemas/manifest.schema.json (lengths first: std::regex
// recurses per character).
bool is_slug(const std::string& text) {
  static const std::regex pattern("[a-z0-9]+(-[a-z0-9]+)*");
  return !text.empty() && text.size() <= 64 && std::regex_match(text, pattern);
}

bool is_language_tag(const std::string& text) {
  static const std::regex pattern("[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?");
  return text.size() <= 35 && std::regex_match(text, pattern);
}

// The characters of a semantic version (MAJOR.MINOR.PATCH, pre-release, build).
bool is_version(const std::string& text) {
  return text.size() >= 5 && text.size() <= 64 &&
         text.find_first_not_of("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.+-") ==
             std::string::npos &&
         text.front() >= '0' && text.front() <= '9';
}

bool is_level(const std::string& text) { return text == "co-ban" || text == "trung-binh" || text == "nang-cao"; }

// Reads the typed fields of one JSON object, recording the first field that is
// missing or of the wrong type as one manifest-field problem (named by its
// JSON path, e.g. lessons[2].title).
class FieldReader {
 public:
  FieldReader(const json& object, std::string path, std::vector<std::string>& faults)
      : object_(object), path_(std::move(path)), faults_(faults) {}

  // The string at `key`; `valid` further restricts it, `what` says what it must be.
  std::string text(const char* key, bool (*valid)(const std::string&) = nullptr, const char* what = "a string") {
    const json* value = string_field(object_, key);
    if (!value || (valid && !valid(value->get_ref<const std::string&>()))) {
      fault(key, what);
      return {};
    }
    return value->get<std::string>();
  }

  double number(const char* key, double low, double high) {
    const auto found = object_.find(key);
    if (found == object_.end() || !found->is_number() || found->get<double>() < low || found->get<double>() > high) {
      fault(key, "a number from 0 to 1");
      return 0;
    }
    return found->get<double>();
  }

  // The array at `key`, or nullptr (a fault).
  const json* array(const char* key, std::size_t min_items = 0) {
    const auto found = object_.find(key);
    if (found == object_.end() || !found->is_array() || found->size() < min_items) {
      fault(key, min_items ? "a non-empty array" : "an array");
      return nullptr;
    }
    return &*found;
  }

  // The object at `key`, or nullptr (a fault).
  const json* object(const char* key) {
    const auto found = object_.find(key);
    if (found == object_.end() || !found->is_object()) {
      fault(key, "an object");
      return nullptr;
    }
    return &*found;
  }

  // read(fields of the item, index) for each item of the array at `key`; an
  // item that is not an object is a fault. Does nothing when the array is not
  // there (a fault).
  template <typename Read>
  void each_object(const char* key, std::size_t min_items, const Read& read) {
    const json* items = array(key, min_items);
    if (!items) return;
    for (std::size_t i = 0; i < items->size(); ++i) {
      const std::string where = fmt::format("{}[{}]", key, i);
      if (!(*items)[i].is_object()) {
        faults_.push_back(fmt::format("\"{}\" must be an object", where));
        continue;
      }
      FieldReader fields((*items)[i], where, faults_);
      read(fields);
    }
  }

  void fault(const char* key, const char* what) {
    const std::string name = path_.empty() ? key : path_ + "." + key;
    const bool present = object_.contains(key);
    faults_.push_back(fmt::format("\"{}\" must be {}{}", name, what, present ? "" : "; it is missing"));
  }

 private:
  const json& object_;
  std::string path_;
  std::vector<std::string>& faults_;
};

// The fields of the manifest other than `entries`; each fault in `faults`.
void read_fields(const json& manifest, ManifestSummary& summary, std::vector<std::string>& faults) {
  FieldReader top(manifest, "", faults);
  top.text("generator");
  if (const json* pack = top.object("pack")) {
    FieldReader fields(*pack, "pack", faults);
    summary.pack_id = fields.text("id", is_slug, "a slug (a-z, 0-9, single hyphens)");
    summary.pack_version = fields.text("version", is_version, "a semantic version");
    summary.pack_title = fields.text("title");
    summary.source_language = fields.text("source_language", is_language_tag, "a language tag");
  }
  summary.profile = top.text("profile", is_slug, "a slug (a-z, 0-9, single hyphens)");
  top.each_object("languages", 1, [&](FieldReader& fields) {
    ManifestLanguage language;
    language.tag = fields.text("tag", is_language_tag, "a language tag");
    language.name = fields.text("name");
    language.coverage = fields.number("coverage", 0.0, 1.0);
    summary.languages.push_back(std::move(language));
  });
  top.each_object("lessons", 0, [&](FieldReader& fields) {
    ManifestLesson lesson;
    lesson.id = fields.text("id", is_slug, "a slug (a-z, 0-9, single hyphens)");
    lesson.title = fields.text("title");
    lesson.level = fields.text("level", is_level, "co-ban, trung-binh or nang-cao");
    if (const json* required = fields.array("requires")) {
      for (const auto& id : *required)
        if (!id.is_string() || !is_slug(id.get_ref<const std::string&>())) {
          fields.fault("requires", "an array of lesson ids (slugs)");
          break;
        }
    }
    summary.lessons.push_back(std::move(lesson));
  });
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
  std::vector<std::string> faults;
  read_fields(manifest, summary, faults);
  // Each fault once, the first few: a manifest with thousands of bad lessons
  // gets a bounded report.
  constexpr std::size_t kMaxFieldFaults = 20;
  for (std::size_t i = 0; i < faults.size() && i < kMaxFieldFaults; ++i)
    refuse("manifest-field", std::string(kManifestName), faults[i]);
  if (faults.size() > kMaxFieldFaults)
    refuse("manifest-field", std::string(kManifestName),
           fmt::format("and {} more fields missing or of the wrong type", faults.size() - kMaxFieldFaults));

  const auto entries = manifest.find("entries");
  if (entries == manifest.end() || !entries->is_array()) {
    refuse("manifest-field", std::string(kManifestName),
           fmt::format("\"entries\" must be an array{}", entries == manifest.end() ? "; it is missing" : ""));
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
