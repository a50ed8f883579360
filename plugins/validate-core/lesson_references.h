#pragma once
// What a lesson body points at: images must be files inside the lesson folder,
// links must go to another lesson of the pack, a #section, or (with a warning)
// an https:// address. Nothing here follows a symbolic link.

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "findings.h"
#include "hocso/plugin.h"

namespace validate_core {

// Whether `path` ends in .png, .jpg, .jpeg or .webp (any letter case): the
// pictures a lesson may show.
bool is_supported_image_extension(const std::filesystem::path& path);

// A reason an image path is refused.
struct PathProblem {
  std::string check_id;  // image-missing, image-format, path-outside-lesson, path-symlink
  std::string message;
};

// Checks `target` (as written, relative to `lesson_folder`): a relative path
// that stays inside the folder, ends in .png/.jpg/.jpeg/.webp and names a
// regular file, with no symbolic link on the way (checked with symlink_status,
// component by component, never followed). `role` names it in the message:
// "image 'a.png'" (shown in the body) or "overlay image 'a.png'" (a screens:
// key). A path that does not exist gets "did you mean" among `candidates`
// (other pictures of the lesson). Returns nullopt when the image is fine.
enum class PictureRole { image, overlay_image };
std::optional<PathProblem> check_image_path(const std::filesystem::path& lesson_folder, std::string_view target,
                                            PictureRole role, const std::vector<std::string>& candidates = {});

// A reason a link is refused or warned about.
struct LinkProblem {
  hocso::Severity severity = hocso::Severity::error;
  std::string check_id;  // link-unsafe, link-unknown-lesson, link-external
  std::string message;
};

// Checks a link target: "#anchor" and "../<id>/lesson.md" or "../<id>/" (with an
// optional #anchor) to a lesson in `pack_lesson_ids` pass; "https://…" passes with
// a warning; everything else is refused, a link to a picture file
// (`[alt](screens/a.png)`, a forgotten `!`) with "did you mean" the picture
// [link-to-image]. Returns nullopt when the link is fine.
std::optional<LinkProblem> check_link_target(std::string_view target,
                                             const std::set<std::string>& pack_lesson_ids);

enum class FileChecks { run, skip };

// Checks every image and link in `lesson.references`, images only when `files`
// is FileChecks::run (the lesson folder is safe to look into). Images need alt
// text [image-alt-missing].
void check_body_references(const hocso::LessonView& lesson, const std::set<std::string>& pack_lesson_ids,
                           FileChecks files, Findings& findings);

// Checks each key of the front matter's `screens:` mapping as an image path,
// located at `/screens/<key>`; a key that names no file gets "did you mean"
// among the pictures the body shows and the files in screens/.
void check_screens_keys(const hocso::LessonView& lesson, const nlohmann::json& front_matter,
                        Findings& findings);

}  // namespace validate_core
