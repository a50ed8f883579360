#pragma once
// Collects diagnostics from the core and plugins (thread-safe) and prints them
// like a compiler: `file:line:col: error: message [check-id]`, then the source
// line and a caret.

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "hocso/diagnostic.h"

namespace hocso {

class Diagnostics {
 public:
  void report(Diagnostic diagnostic);
  void error(Location where, std::string message, std::string check_id);
  void warning(Location where, std::string message, std::string check_id);

  // Keeps the decoded text of a source file so that printed diagnostics can show
  // the offending line.
  void remember_source(const std::string& file, std::string text);
  // Remembers how to get that text again instead (a file read and decoded once
  // more when a diagnostic in it is printed): a pack's sources are not all kept
  // in memory for the few that have a problem.
  using SourceLoader = std::function<std::optional<std::string>()>;
  void remember_source_file(const std::string& file, SourceLoader load);

  // The files remember_source_file() was told how to read again, for a record
  // of diagnostics that can show their lines later (stream_record.h).
  std::vector<std::string> source_files() const;

  // Moves `other`'s diagnostics (in their order) and sources into this one: work
  // done on several threads reports into its own Diagnostics, merged in a fixed
  // order so that the output does not depend on the threads.
  void take(Diagnostics& other);

  // --strict: every warning reported from now on (also through take()) is an
  // error, so CI fails where a writer would only be warned.
  void treat_warnings_as_errors(bool on);

  int error_count() const;
  int warning_count() const;
  std::vector<Diagnostic> all() const;  // in report order
  std::size_t count() const;            // of every severity

  // The source line `line` (1-based) of `file`, without its newline; "" if unknown.
  std::string source_line(const std::string& file, int line) const;

 private:
  mutable std::mutex mutex_;
  std::vector<Diagnostic> diagnostics_;
  std::unordered_set<std::string> seen_;  // one key per diagnostic, for report()
  bool warnings_are_errors_ = false;
  mutable std::map<std::string, std::string> sources_;
  std::map<std::string, SourceLoader> loaders_;
};

const char* severity_name(Severity severity);

// `file:line:col: error: message [check-id]` plus, with `excerpt`, the source
// line (a long one cut around the column) and a caret when known.
std::string format_human(const Diagnostic& diagnostic, const Diagnostics& context, bool excerpt = true);

}  // namespace hocso
