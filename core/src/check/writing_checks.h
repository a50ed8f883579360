#pragma once
// The writing checks (docs/writers.md, "Checks"): what makes a lesson easy to
// follow for learners who read slowly, checked on the source a writer wrote,
// at the severity the pack sets for each (check_settings.h). `check` and
// `build` run them alike, as each lesson streams through (lesson_stream.h).
//
//   markup-as-text       image or link markup the page would show as typed (error)
//   step-count           fewer than 4 or more than 8 steps
//   heading-step-number  a step heading that starts with "Bước N"
//   step-no-picture      a step without a picture
//   step-too-many-words  a step's text longer than the pack's step_syllables
//   sentence-too-long    a sentence longer than the pack's sentence_syllables
//   tone-mark-style      hòa / hoà in the style the pack does not use (Vietnamese sources)
//   lesson-not-in-pack   a lesson folder that no pack lists
//
// The checks on files (screenshot-unused, overlay-unused, file-name-space) and
// on `requires:` (requires-later) are validate-core's; step-too-long is
// step_fit.h's, language-plugin-missing stage_runner.h's.

#include "diagnostics.h"
#include "model.h"

namespace hocso {

// The steps a lesson should have, inclusive [step-count].
inline constexpr int kFewestSteps = 4;
inline constexpr int kMostSteps = 8;

// The checks on one loaded lesson of `pack`.
void check_lesson_writing(const Pack& pack, const Lesson& lesson, Diagnostics& diagnostics);

// The pack file's own texts (title, summary): tone-mark style.
void check_pack_writing(const Pack& pack, Diagnostics& diagnostics);

// Each folder under <content root>/lessons/ with a lesson.md must be listed by
// some pack file in <content root>/packs/ [lesson-not-in-pack], at its lesson.md.
void check_lesson_folders_listed(const Pack& pack, Diagnostics& diagnostics);

// The [lesson-not-in-pack] diagnostic (a warning) for the lesson folder
// `folder` of a content folder whose packs are in `packs_dir`.
Diagnostic lesson_not_in_pack(const std::filesystem::path& folder, const std::filesystem::path& packs_dir);

}  // namespace hocso
