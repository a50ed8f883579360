#pragma once
// A pack's settings for the writing checks (docs/writers.md, "Checks"):
//   checks:   the severity of a check, by check-id: error, warning or off
//   writing:  the rules the checks measure against: tone-mark style,
//             the longest sentence and the most words a step
// Read once when the pack file loads; every check (the core's and the
// plugins', through their PluginContext) reports through apply().

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics.h"
#include "yaml_document.h"

namespace hocso {

// A check whose severity a pack may set, and its default.
struct AdjustableCheck {
  std::string_view id;
  Severity severity;
};

// Every check a pack's `checks:` may name, with its default severity. The one
// list: docs/writers.md's table follows it (tests/unit/writing_checks_test.cpp).
const std::vector<AdjustableCheck>& adjustable_checks();

// The default severity of an adjustable check; a check-id not in the list is a
// programming error (std::logic_error).
Severity default_severity(std::string_view check_id);

class CheckSeverities {
 public:
  // `diagnostic` as the pack wants it: the severity it set for the check, or
  // nullopt when it turned the check off. Checks it does not name are unchanged.
  std::optional<Diagnostic> apply(Diagnostic diagnostic) const;
  // Reports apply(diagnostic) unless the check is off.
  void report(Diagnostics& diagnostics, Diagnostic diagnostic) const;
  // Reports an adjustable check at its default severity, as the pack adjusts it.
  void report(Diagnostics& diagnostics, Location where, std::string message, std::string_view check_id) const;

  // nullopt: off.
  void set(std::string check_id, std::optional<Severity> severity);

 private:
  std::map<std::string, std::optional<Severity>, std::less<>> chosen_;
};

enum class ToneMarkStyle {
  old_style,  // hòa, khỏe, thủy: the mark on the first vowel of oa, oe, uy at a syllable's end
  new_style,  // hoà, khoẻ, thuỷ
};

struct WritingRules {
  ToneMarkStyle tone_marks = ToneMarkStyle::old_style;
  int sentence_syllables = 25;  // the longest sentence [sentence-too-long]
  int step_syllables = 70;      // the most words (syllables) of a step's text [step-too-many-words]
};

struct CheckSettings {
  CheckSeverities severities;
  WritingRules writing;
};

// Reads `checks:` and `writing:` of a pack file. The schema checks their shape
// (validate-core); here a check-id that no pack may set is an error at its key
// [checks-unknown], with "did you mean". Values of the wrong type keep the defaults.
CheckSettings read_check_settings(const YamlDocument& pack, Diagnostics& diagnostics);

}  // namespace hocso
