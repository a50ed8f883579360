#include "ci_formats.h"

#include <map>
#include <memory>

#include <curl/curl.h>
#include <fmt/format.h>

#include "display_text.h"

namespace hocso::cli {

namespace {

using Json = nlohmann::ordered_json;

// Workflow command escaping (GitHub's toolkit, `escapeData`/`escapeProperty`):
// a message may not break the line; a property may not end itself early.
std::string escape_data(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}
std::string escape_property(const std::string& text) {
  std::string out;
  for (char c : escape_data(text)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

// GitHub's workflow command and SARIF's level for a severity: the same words
// but for a note ("notice" and "note").
const char* ci_severity(Severity severity, const char* note_word) {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: break;
  }
  return note_word;
}

// A file as shown in diagnostics ("content/lessons/a b/lesson.md") as a
// relative URI reference: each segment percent-encoded by libcurl.
std::string relative_uri(const std::string& file) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = file.find('/', start);
    const std::string segment = file.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    std::unique_ptr<char, decltype(&curl_free)> escaped(
        curl_easy_escape(nullptr, segment.c_str(), static_cast<int>(segment.size())), &curl_free);
    if (!escaped) throw std::bad_alloc();
    out += escaped.get();
    if (slash == std::string::npos) break;
    out += '/';
    start = slash + 1;
  }
  return out;
}

}  // namespace

std::string github_annotations(const Diagnostics& diagnostics) {
  std::string out;
  // Names and messages come from sources and plugins: terminal-safe first
  // (display_text), then escaped for the workflow command.
  for (const auto& d : diagnostics.all()) {
    std::string properties;
    if (!d.where.file.empty()) {
      properties += "file=" + escape_property(display_text(d.where.file));
      if (d.where.line > 0) properties += fmt::format(",line={}", d.where.line);
      if (d.where.line > 0 && d.where.column > 0) properties += fmt::format(",col={}", d.where.column);
    }
    if (!d.check_id.empty())
      properties += std::string(properties.empty() ? "" : ",") + "title=" + escape_property("hocso " + display_text(d.check_id));
    out += fmt::format("::{}{}{}::{}\n", ci_severity(d.severity, "notice"), properties.empty() ? "" : " ", properties,
                       escape_data(display_text(d.message + (d.check_id.empty() ? "" : " [" + d.check_id + "]"))));
  }
  return out;
}

Json sarif_log(const Diagnostics& diagnostics, const std::string& command) {
  Json rules = Json::array();
  std::map<std::string, std::size_t> rule_index;
  Json results = Json::array();
  for (const auto& d : diagnostics.all()) {
    const std::string rule = d.check_id.empty() ? "hocso" : d.check_id;
    auto [it, added] = rule_index.emplace(rule, rule_index.size());
    if (added) rules.push_back(Json{{"id", rule}});
    Json result{{"ruleId", rule}, {"ruleIndex", it->second}, {"level", ci_severity(d.severity, "note")},
                {"message", Json{{"text", d.message}}}};
    if (!d.where.file.empty()) {
      Json physical{{"artifactLocation", Json{{"uri", relative_uri(d.where.file)}, {"uriBaseId", "SRCROOT"}}}};
      if (d.where.line > 0) {
        Json region{{"startLine", d.where.line}};
        if (d.where.column > 0) region["startColumn"] = d.where.column;
        physical["region"] = region;
      }
      result["locations"] = Json::array({Json{{"physicalLocation", physical}}});
    }
    results.push_back(std::move(result));
  }
  Json driver{{"name", "hocso"},
              {"version", HOCSO_VERSION},
              {"rules", rules}};
  return Json{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0-rtm.5.json"},
      {"version", "2.1.0"},
      {"runs", Json::array({Json{{"tool", Json{{"driver", driver}}},
                                 {"automationDetails", Json{{"id", command + "/"}}},
                                 {"columnKind", "unicodeCodePoints"},
                                 {"results", results}}})}};
}

}  // namespace hocso::cli
