#include "check_settings.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "hocso/suggest.h"

namespace hocso {

namespace {

using Json = nlohmann::ordered_json;

// "error", "warning" or "off" (nullopt severity); false for anything else (the schema says so).
bool severity_named(const std::string& word, std::optional<Severity>& severity) {
  if (word == "off") {
    severity.reset();
    return true;
  }
  if (word != "error" && word != "warning") return false;
  severity = word == "error" ? Severity::error : Severity::warning;
  return true;
}

const AdjustableCheck* find_check(std::string_view id) {
  const auto& checks = adjustable_checks();
  auto it = std::find_if(checks.begin(), checks.end(), [&](const AdjustableCheck& c) { return c.id == id; });
  return it == checks.end() ? nullptr : &*it;
}

}  // namespace

const std::vector<AdjustableCheck>& adjustable_checks() {
  // In the order docs/writers.md lists them, one a line.
  // clang-format off
  static const std::vector<AdjustableCheck> checks{
      {"markup-as-text", Severity::error},
      {"file-name-space", Severity::warning},
      {"screenshot-unused", Severity::warning},
      {"overlay-unused", Severity::warning},
      {"step-count", Severity::warning},
      {"heading-step-number", Severity::warning},
      {"step-no-picture", Severity::warning},
      {"step-too-long", Severity::warning},
      {"step-too-many-words", Severity::warning},
      {"sentence-too-long", Severity::warning},
      {"tone-mark-style", Severity::warning},
      {"requires-later", Severity::warning},
      {"lesson-not-in-pack", Severity::warning},
      {"language-plugin-missing", Severity::error},
      {"audio-stale", Severity::warning},
      {"audio-unconfirmed", Severity::warning},
      {"audio-unknown-unit", Severity::warning},
  };
  // clang-format on
  return checks;
}

Severity default_severity(std::string_view check_id) {
  if (const AdjustableCheck* check = find_check(check_id)) return check->severity;
  throw std::logic_error(fmt::format("'{}' is not an adjustable check", check_id));
}

std::optional<Diagnostic> CheckSeverities::apply(Diagnostic diagnostic) const {
  auto it = chosen_.find(diagnostic.check_id);
  if (it == chosen_.end()) return diagnostic;
  if (!it->second) return std::nullopt;
  diagnostic.severity = *it->second;
  return diagnostic;
}

void CheckSeverities::report(Diagnostics& diagnostics, Diagnostic diagnostic) const {
  if (auto adjusted = apply(std::move(diagnostic))) diagnostics.report(std::move(*adjusted));
}

void CheckSeverities::report(Diagnostics& diagnostics, Location where, std::string message,
                             std::string_view check_id) const {
  report(diagnostics, {default_severity(check_id), std::move(where), std::move(message), std::string(check_id)});
}

void CheckSeverities::set(std::string check_id, std::optional<Severity> severity) {
  chosen_[std::move(check_id)] = severity;
}

CheckSettings read_check_settings(const YamlDocument& pack, Diagnostics& diagnostics) {
  CheckSettings settings;
  const Json& document = pack.value();
  if (!document.is_object()) return settings;
  if (auto checks = document.find("checks"); checks != document.end() && checks->is_object()) {
    std::vector<std::string> known;
    for (const AdjustableCheck& check : adjustable_checks()) known.emplace_back(check.id);
    for (const auto& [id, value] : checks->items()) {
      if (!find_check(id)) {
        const std::string pointer = (nlohmann::json::json_pointer("/checks") / id).to_string();
        const std::string suggestion = closest_match(id, known);
        diagnostics.error(
            pack.locate_key(pointer),
            suggestion.empty()
                ? fmt::format("checks: '{}' is not a check a pack can set; these can be set: {}", id,
                              fmt::join(known, ", "))
                : fmt::format("checks: '{}' is not a check a pack can set; did you mean '{}'?", id, suggestion),
            "checks-unknown");
        continue;
      }
      if (!value.is_string()) continue;
      std::optional<Severity> severity;
      if (severity_named(value.get<std::string>(), severity)) settings.severities.set(id, severity);
    }
  }
  if (auto writing = document.find("writing"); writing != document.end() && writing->is_object()) {
    WritingRules& rules = settings.writing;
    if (auto it = writing->find("tone_marks"); it != writing->end() && it->is_string())
      rules.tone_marks = *it == "new" ? ToneMarkStyle::new_style : ToneMarkStyle::old_style;
    if (auto it = writing->find("sentence_syllables"); it != writing->end() && it->is_number_integer())
      rules.sentence_syllables = static_cast<int>(std::clamp<long long>(it->get<long long>(), 1, 100000));
    if (auto it = writing->find("step_syllables"); it != writing->end() && it->is_number_integer())
      rules.step_syllables = static_cast<int>(std::clamp<long long>(it->get<long long>(), 1, 100000));
  }
  return settings;
}

}  // namespace hocso
