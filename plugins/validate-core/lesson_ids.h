#pragma once
// Lesson and pack ids: what makes one valid, and the checks on the pack's
// `lessons:` list and on each lesson's `id`.

#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "findings.h"
#include "hocso/plugin.h"

namespace validate_core {

// True for 1..64 characters of a-z, 0-9 and single hyphens between them, the
// same rule as the schemas' slug pattern ^[a-z0-9]+(-[a-z0-9]+)*$. A path ("..",
// "a/b", "/x") is never a valid id.
// Names Windows keeps for devices (con, prn, aux, nul, com1-9, lpt1-9) are not
// valid either: a bundle unzipped there could not hold vi/con.html.
bool is_valid_id(std::string_view id);
bool is_reserved_device_name(std::string_view id);

// The message for an invalid lesson id (used by every check that meets one).
std::string invalid_lesson_id_message(std::string_view id);

// Checks the pack's listed lesson ids: each must be valid [lesson-id-invalid] and
// listed once [lesson-listed-twice, at the repeat]. Located at its item of the
// `lessons:` list in `pack_document` (the parsed pack file; may be null). Adds
// each invalid id to `invalid_ids`.
void check_listed_lessons(const hocso::PackView& pack, const nlohmann::json* pack_document,
                          Findings& findings, std::set<std::string>& invalid_ids);

// Checks a lesson's front matter `id`: valid [lesson-id-invalid] and equal to the
// folder name [lesson-id-mismatch]. `front_matter` is the parsed document.
void check_front_matter_id(const hocso::LessonView& lesson, const nlohmann::json& front_matter,
                           Findings& findings);

// Checks that the pack's `languages` include its `source_language`
// [languages-missing-source], located at `/languages`.
void check_source_language_listed(const hocso::PackView& pack, const nlohmann::json& pack_document,
                                  Findings& findings);

}  // namespace validate_core
