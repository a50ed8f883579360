#pragma once
// The `requires:` lists of the lessons: every entry names a lesson of the pack
// and the lessons do not require each other in a circle.

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "findings.h"
#include "hocso/plugin.h"

namespace validate_core {

// One lesson's `requires:` as written: the ids and where each one is. Places
// are located when read: the front matter is gone after validate_lesson(), and
// the cycle check runs at end_pack().
struct LessonRequires {
  std::string id;
  std::vector<std::string> required_ids;  // valid ids only, in order
  std::vector<hocso::Location> where;     // of each, at "/requires/<i>"
};

// Reads the string entries of `/requires` that are valid ids (the schema check
// reports the others).
LessonRequires read_requires(const hocso::LessonView& lesson, const nlohmann::json& front_matter);

// Each required id must name a lesson of the pack [requires-unknown].
void check_requires_known(const LessonRequires& lesson, const std::set<std::string>& pack_lesson_ids,
                          Findings& findings);

// Each required lesson should come before `lesson` in the pack's `lessons:`
// (`listed`, in pack order): learners take lessons in that order, and the end
// of a lesson offers the next one [requires-later], a warning at the entry.
void check_requires_order(const LessonRequires& lesson, const std::vector<std::string>& listed, Findings& findings);

// A lesson's `requires:` as the bytes hocso records for a lesson it will not
// read again (ValidateStage::lesson_memo(), plugin API 6.4), and back; nullopt
// for bytes that are not such a memo.
std::string requires_memo(const LessonRequires& lesson);
std::optional<LessonRequires> requires_from_memo(std::string_view memo);

// Reports each cycle once [requires-cycle], as "a → b → a", at the entry that
// closes it. Lessons are searched in pack order, so the report is stable.
void check_requires_cycles(const std::vector<LessonRequires>& lessons, Findings& findings);

}  // namespace validate_core
