#include "findings.h"

#include <algorithm>

namespace validate_core {

void Findings::error(hocso::Location where, std::string message, std::string check_id) {
  pending_.push_back({hocso::Severity::error, std::move(where), std::move(message), std::move(check_id)});
}

void Findings::warning(hocso::Location where, std::string message, std::string check_id) {
  pending_.push_back({hocso::Severity::warning, std::move(where), std::move(message), std::move(check_id)});
}

void Findings::claim(const hocso::SourceDocument* document, std::string pointer) {
  claimed_.emplace(document, std::move(pointer));
}

bool Findings::is_claimed(const hocso::SourceDocument* document, const std::string& pointer) const {
  return claimed_.count({document, pointer}) > 0;
}

void Findings::flush(hocso::PluginContext& context) {
  std::stable_sort(pending_.begin(), pending_.end(), [](const hocso::Diagnostic& a, const hocso::Diagnostic& b) {
    return std::pair(a.where.line, a.where.column) < std::pair(b.where.line, b.where.column);
  });
  for (hocso::Diagnostic& diagnostic : pending_) context.report(std::move(diagnostic));
  pending_.clear();
  claimed_.clear();
}

}  // namespace validate_core
