#pragma once
// Diagnostics: the one way problems are reported, by the core and by plugins.
// Plain data only, so the struct can cross the plugin boundary.

#include <string>

namespace hocso {

enum class Severity { note, warning, error };

// A place in a source file. line and column are 1-based; 0 means "unknown"
// (a whole-file problem has line 0).
struct Location {
  std::string file;  // path as the user should see it (relative to the content root when possible)
  int line = 0;
  int column = 0;
};

// One problem. check_id names the rule, e.g. "lesson-id-mismatch"; it is printed
// in brackets after the message and is stable so that tests and CI can match it.
struct Diagnostic {
  Severity severity = Severity::error;
  Location where;
  std::string message;
  std::string check_id;
};

}  // namespace hocso
