#pragma once
// `reviewed:` in a lesson's front matter: the day its facts were last checked
// against its `sources:`. The schema says "text"; this check says whether the
// text is a real, past day, so that freshness can be computed from it later.

#include <chrono>

#include <nlohmann/json.hpp>

#include "findings.h"
#include "hocso/plugin.h"

namespace validate_core {

// A text `/reviewed` that is not YYYY-MM-DD, not a day of the calendar
// (2025-02-30) or later than `today` is an error [reviewed-date] at its value;
// the node is claimed, so the schema check does not repeat it. Other types are
// left to the schema check.
void check_reviewed_date(const hocso::LessonView& lesson, const nlohmann::json& front_matter,
                         std::chrono::sys_days today, Findings& findings);

}  // namespace validate_core
