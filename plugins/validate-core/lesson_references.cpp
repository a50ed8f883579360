#include "lesson_references.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <system_error>

#include <fmt/format.h>

#include "hocso/lesson_files.h"
#include "hocso/suggest.h"
#include "json_pointer.h"
#include "lesson_ids.h"
#include "lesson_pictures.h"
#include "message_text.h"
#include "hocso/messages.h"

namespace validate_core {

namespace fs = std::filesystem;

namespace {

std::string to_lower_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

bool is_supported_image_extension(const fs::path& path) {
  static const std::array<std::string, 4> allowed{".png", ".jpg", ".jpeg", ".webp"};
  const std::string extension = to_lower_ascii(path.extension().string());
  return std::find(allowed.begin(), allowed.end(), extension) != allowed.end();
}

std::optional<PathProblem> check_image_path(const fs::path& lesson_folder, std::string_view target,
                                            PictureRole role, const std::vector<std::string>& candidates) {
  using State = hocso::LessonPathLookup::State;
  using hocso::_;
  // Whole sentences for translators, around the picture named by its role.
  const std::string what =
      fmt::format(fmt::runtime(role == PictureRole::image ? _("image {path}") : _("overlay image {path}")),
                  fmt::arg("path", in_quotes(target)));
  const auto say = [&](const char* message, auto&&... args) {
    return fmt::format(fmt::runtime(message), fmt::arg("what", what), args...);
  };
  if (target.empty())
    return PathProblem{"image-missing", role == PictureRole::image ? _("image has no path") : _("overlay image has no path")};
  const hocso::LessonPathLookup found = hocso::look_up_lesson_path(lesson_folder, target);
  switch (found.state) {
    case State::not_relative:
      return PathProblem{"path-outside-lesson", say(_("{what} must be a file inside the lesson folder, written as a "
                                                      "relative path like screens/NAME.png"))};
    case State::outside:
      return PathProblem{"path-outside-lesson", say(_("{what} points outside the lesson folder"))};
    default:
      break;
  }
  // A misspelt name ("a.pgn") that names no file is a name to correct first.
  const std::string suggestion =
      found.state == State::absent ? hocso::closest_match(found.relative, candidates) : std::string();
  if (!suggestion.empty() && suggestion != found.relative)
    return PathProblem{"image-missing", say(_("{what} does not exist in the lesson folder; did you mean '{closest}'?"),
                                            fmt::arg("closest", suggestion))};
  if (!is_supported_image_extension(found.relative))
    return PathProblem{"image-format", say(_("{what} must be a .png, .jpg, .jpeg or .webp file"))};
  switch (found.state) {
    case State::link:
      return PathProblem{"path-symlink", say(_("{what} goes through a symbolic link ('{link}'); hocso never follows "
                                               "links"),
                                             fmt::arg("link", found.link))};
    case State::absent:
      return PathProblem{"image-missing", say(_("{what} does not exist in the lesson folder"))};
    case State::not_a_file:
      return PathProblem{"image-missing", say(_("{what} is not a regular file"))};
    default:
      return std::nullopt;
  }
}

std::optional<LinkProblem> check_link_target(std::string_view target,
                                             const std::set<std::string>& pack_lesson_ids) {
  const std::string what = "link " + in_quotes(target);
  const std::string allowed =
      "; link to another lesson as ../ID/lesson.md, to a #section of this lesson, or to an https:// address";
  if (target.empty()) return LinkProblem{hocso::Severity::error, "link-unsafe", "link has no target" + allowed};
  if (target.front() == '#') return std::nullopt;

  const std::string lower = to_lower_ascii(target.substr(0, std::min<std::size_t>(target.size(), 16)));
  if (lower.rfind("https://", 0) == 0 && target.size() > 8 && target[8] != '/') {
    return LinkProblem{hocso::Severity::warning, "link-external",
                       "external " + what +
                           " cannot be opened offline; the bundle shows it as text with its address"};
  }
  if (lower.rfind("http:", 0) == 0) {
    return LinkProblem{hocso::Severity::error, "link-unsafe", what + " is not allowed: use https:// instead"};
  }
  const std::string_view path_part = target.substr(0, target.find_first_of("?#"));
  if (!hocso::has_url_scheme(target) && is_supported_image_extension(fs::path(std::string(path_part)))) {
    return LinkProblem{hocso::Severity::error, "link-to-image",
                       fmt::format(fmt::runtime(hocso::_("link {link} goes to a picture, and a link cannot show "
                                                         "one; did you mean the picture ![what it shows]({target})? "
                                                         "Put a ! before the [")),
                                   fmt::arg("link", in_quotes(target)), fmt::arg("target", target))};
  }
  if (hocso::has_url_scheme(target) || target.front() == '/' || target.find('\\') != std::string_view::npos) {
    return LinkProblem{hocso::Severity::error, "link-unsafe", what + " is not allowed" + allowed};
  }

  // ../<id>/lesson.md or ../<id>/, optionally with #anchor.
  std::string_view path = target.substr(0, target.find('#'));
  std::string_view id;
  if (path.rfind("../", 0) == 0) {
    std::string_view rest = path.substr(3);
    const std::size_t slash = rest.find('/');
    if (slash != std::string_view::npos) {
      const std::string_view tail = rest.substr(slash + 1);
      if (tail.empty() || tail == "lesson.md") id = rest.substr(0, slash);
    }
  }
  if (!is_valid_id(id)) {
    return LinkProblem{hocso::Severity::error, "link-unsafe", what + " is not allowed" + allowed};
  }
  if (!pack_lesson_ids.count(std::string(id))) {
    return LinkProblem{hocso::Severity::error, "link-unknown-lesson",
                       what + " goes to lesson '" + std::string(id) + "', which is not in this pack"};
  }
  return std::nullopt;
}

void check_body_references(const hocso::LessonView& lesson, const std::set<std::string>& pack_lesson_ids,
                           FileChecks files, Findings& findings) {
  std::optional<std::vector<std::string>> pictures;
  for (const hocso::SourceReference& reference : lesson.references) {
    if (reference.kind == hocso::SourceReference::Kind::link) {
      if (auto problem = check_link_target(reference.target, pack_lesson_ids)) {
        if (problem->severity == hocso::Severity::warning) {
          findings.warning(reference.where, std::move(problem->message), std::move(problem->check_id));
        } else {
          findings.error(reference.where, std::move(problem->message), std::move(problem->check_id));
        }
      }
      continue;
    }
    if (reference.text.find_first_not_of(" \t\n") == std::string::npos) {
      findings.error(reference.where,
                     "image " + in_quotes(reference.target) +
                         " has no alt text; describe what it shows, for learners who cannot see it",
                     "image-alt-missing");
    }
    if (files == FileChecks::skip) continue;
    if (!pictures) pictures = screen_files(lesson.folder);  // what a misspelt path may have meant
    if (auto problem = check_image_path(lesson.folder, reference.target, PictureRole::image, *pictures)) {
      findings.error(reference.where, std::move(problem->message), std::move(problem->check_id));
    }
  }
}

void check_screens_keys(const hocso::LessonView& lesson, const nlohmann::json& front_matter,
                        Findings& findings) {
  const nlohmann::json* screens = node_at(front_matter, "/screens");
  if (!screens || !screens->is_object()) return;
  // What a misspelt key may have meant: the pictures the body shows, then the files in screens/.
  std::vector<std::string> pictures;
  for (const hocso::SourceReference& reference : lesson.references)
    if (reference.kind == hocso::SourceReference::Kind::image) pictures.push_back(reference.target);
  const std::vector<std::string> files = screen_files(lesson.folder);
  pictures.insert(pictures.end(), files.begin(), files.end());
  for (const auto& [key, overlay] : screens->items()) {
    if (auto problem = check_image_path(lesson.folder, key, PictureRole::overlay_image, pictures)) {
      findings.error(lesson.front_matter->locate_key(child_pointer("/screens", key)), std::move(problem->message),
                     std::move(problem->check_id));
    }
  }
}

}  // namespace validate_core
