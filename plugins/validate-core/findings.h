#pragma once
// Collects the diagnostics of one unit of work (the pack file, one lesson) so
// they can be handed to the host in source order, and remembers which nodes a
// specific check has already reported so the schema check does not repeat them.

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hocso/plugin.h"

namespace validate_core {

class Findings {
 public:
  // Collects an error (or a warning) to be reported at the next flush().
  void error(hocso::Location where, std::string message, std::string check_id);
  void warning(hocso::Location where, std::string message, std::string check_id);

  // Records that the node at `pointer` of `document` has been reported by a
  // specific check; the schema check stays quiet about that node.
  void claim(const hocso::SourceDocument* document, std::string pointer);
  bool is_claimed(const hocso::SourceDocument* document, const std::string& pointer) const;

  // Reports what was collected since the last flush, sorted by line and column
  // (stable, so equal places keep the order of the checks), then forgets it and
  // the claims: a lesson's document is gone after its call and the host may
  // reuse its address for the next lesson's.
  void flush(hocso::PluginContext& context);

 private:
  std::vector<hocso::Diagnostic> pending_;
  std::set<std::pair<const hocso::SourceDocument*, std::string>> claimed_;
};

}  // namespace validate_core
