#pragma once
// A lesson's pictures as a whole: the files in its screens/ folder, the
// pictures its body shows, and the overlays its front matter draws on them
// (`screens: {NAME: {highlight: [[x, y, w, h]], redact: [...], label: ...}}`).
// Nothing here follows a symbolic link.

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "findings.h"
#include "hocso/plugin.h"
#include "lesson_references.h"

namespace validate_core {

// The image files (.png, .jpg, .jpeg, .webp) under `folder`/screens/ and one
// level of screens/<lang>/, relative to `folder` ("screens/a.png",
// "screens/en/a.png"), sorted. Links are not followed.
std::vector<std::string> screen_files(const std::filesystem::path& folder);

// Checks the rectangles of each `screens:` entry, before the schema check (the
// nodes it reports are claimed):
// - a rectangle list written flat, `highlight: [40, 510, 220, 190]`, is one
//   error saying to write [[40, 510, 220, 190]] [overlay-invalid];
// - with `files` run, each rectangle must lie inside its picture and inside
//   every screens/<lang>/ version of it [overlay-out-of-bounds], at the
//   rectangle; a picture whose header cannot be read is [image-format] or
//   [image-corrupt] at the entry's key.
void check_overlay_rectangles(const hocso::LessonView& lesson, const nlohmann::json& front_matter, FileChecks files,
                              Findings& findings);

// With `files` run: files of screens/ (and screens/<lang>/) that no step shows
// [screenshot-unused], at the file; file names with a space [file-name-space],
// at the step that shows the file or else at the file; `screens:` entries for
// a picture that exists but no step shows [overlay-unused], at the key.
// Warnings. Body pictures whose content is not PNG, JPEG or WebP, or does not
// fit their extension, are errors [image-format] at the picture.
void check_lesson_pictures(const hocso::LessonView& lesson, const nlohmann::json* front_matter, FileChecks files,
                           Findings& findings);

}  // namespace validate_core
