#include "lesson_pictures.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "hocso/lesson_files.h"
#include "hocso/messages.h"
#include "json_pointer.h"
#include "message_text.h"
#include "picture_size.h"

namespace validate_core {

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

constexpr const char* kRectangleLists[] = {"highlight", "redact"};

// A rectangle the schema accepts: four whole numbers, x and y from 0, w and h from 1.
std::optional<std::array<long long, 4>> rectangle_of(const Json& value) {
  if (!value.is_array() || value.size() != 4) return std::nullopt;
  std::array<long long, 4> r{};
  for (std::size_t i = 0; i < 4; ++i) {
    if (!value[i].is_number_integer()) return std::nullopt;
    r[i] = value[i].get<long long>();
    if (r[i] < (i < 2 ? 0 : 1) || r[i] > 20000) return std::nullopt;
  }
  return r;
}

std::string rectangle_text(const Json& value) {
  std::string text;
  for (const Json& number : value) text += (text.empty() ? "" : ", ") + number.dump();
  return "[" + text + "]";
}

// The picture at `relative` (inside the lesson folder) and its screens/<lang>/
// versions, as relative paths, each a regular file reached through no link.
std::vector<std::string> picture_and_versions(const fs::path& folder, const std::string& relative) {
  std::vector<std::string> files{relative};
  const fs::path path(relative);
  std::error_code error;
  std::vector<std::string> versions;
  for (const auto& entry : fs::directory_iterator(folder / path.parent_path(), error)) {
    if (entry.is_symlink(error) || !entry.is_directory(error)) continue;
    const std::string version = (path.parent_path() / entry.path().filename() / path.filename()).generic_string();
    if (hocso::look_up_lesson_path(folder, version).state == hocso::LessonPathLookup::State::file)
      versions.push_back(version);
  }
  std::sort(versions.begin(), versions.end());
  files.insert(files.end(), versions.begin(), versions.end());
  return files;
}

bool has_space(std::string_view name) { return name.find_first_of(" \t") != std::string_view::npos; }

}  // namespace

std::vector<std::string> screen_files(const fs::path& folder) {
  std::vector<std::string> files;
  std::error_code error;
  const fs::path screens = folder / "screens";
  if (fs::is_symlink(fs::symlink_status(screens, error))) return files;
  for (const auto& entry : fs::directory_iterator(screens, error)) {
    if (entry.is_symlink(error)) continue;
    const fs::path name = entry.path().filename();
    if (entry.is_regular_file(error)) {
      if (is_supported_image_extension(name)) files.push_back(("screens" / name).generic_string());
    } else if (entry.is_directory(error)) {
      for (const auto& inner : fs::directory_iterator(entry.path(), error))
        if (!inner.is_symlink(error) && inner.is_regular_file(error) &&
            is_supported_image_extension(inner.path().filename()))
          files.push_back(("screens" / name / inner.path().filename()).generic_string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

namespace {

// The file a lesson's message names for a picture: beside its lesson.md.
hocso::Location file_location(const hocso::LessonView& lesson, const std::string& relative) {
  return {(fs::path(lesson.markdown_path).parent_path() / relative).generic_string(), 0, 0};
}

}  // namespace

void check_overlay_rectangles(const hocso::LessonView& lesson, const Json& front_matter, FileChecks files,
                              Findings& findings) {
  const Json* screens = node_at(front_matter, "/screens");
  if (!screens || !screens->is_object()) return;
  for (const auto& [key, entry] : screens->items()) {
    if (!entry.is_object()) continue;
    const std::string entry_pointer = child_pointer("/screens", key);
    std::optional<std::vector<std::string>> pictures;  // read once an entry has a rectangle to place
    std::map<std::string, PictureRead> sizes;
    for (const char* list_name : kRectangleLists) {
      const Json* list = node_at(entry, std::string("/") + list_name);
      if (!list || !list->is_array()) continue;
      const std::string list_pointer = child_pointer(entry_pointer, list_name);
      // [x, y, w, h] where [[x, y, w, h]] belongs: one message, not four.
      if (list->size() == 4 && std::all_of(list->begin(), list->end(), [](const Json& v) { return v.is_number(); })) {
        findings.error(lesson.front_matter->locate(list_pointer),
                       fmt::format(fmt::runtime(hocso::_("{where}: a rectangle goes inside a list of rectangles, "
                                                         "even when there is only one: write {list}: [{rectangle}]")),
                                   fmt::arg("where", display_pointer(list_pointer)), fmt::arg("list", list_name),
                                   fmt::arg("rectangle", rectangle_text(*list))),
                       "overlay-invalid");
        findings.claim(lesson.front_matter, list_pointer);
        for (std::size_t i = 0; i < list->size(); ++i)
          findings.claim(lesson.front_matter, child_pointer(list_pointer, i));
        continue;
      }
      if (files == FileChecks::skip) continue;
      for (std::size_t i = 0; i < list->size(); ++i) {
        const auto rectangle = rectangle_of((*list)[i]);
        if (!rectangle) continue;  // the schema check says why
        if (!pictures) {
          const hocso::LessonPathLookup found = hocso::look_up_lesson_path(lesson.folder, key);
          if (found.state != hocso::LessonPathLookup::State::file) break;  // check_screens_keys says why
          pictures = picture_and_versions(lesson.folder, found.relative);
          for (const std::string& picture : *pictures) {
            PictureRead read = read_picture_size(lesson.folder / picture);
            if (!read.size)
              findings.error(lesson.front_matter->locate_key(entry_pointer),
                             read.problem(fmt::format(fmt::runtime(hocso::_("overlay image {path}")),
                                                      fmt::arg("path", in_quotes(picture)))),
                             read.check_id);
            sizes.emplace(picture, std::move(read));
          }
        }
        const auto [x, y, w, h] = *rectangle;
        for (const std::string& picture : *pictures) {
          const PictureRead& read = sizes.at(picture);
          if (!read.size || hocso::rectangle_inside(x, y, w, h, read.size->width, read.size->height)) continue;
          const std::string pointer = child_pointer(list_pointer, i);
          findings.error(lesson.front_matter->locate(pointer),
                         fmt::format("{} {} is not inside the picture {} ({}×{} pixels): it ends at x = {}, y = {}; "
                                     "move it or make it smaller",
                                     display_pointer(pointer), rectangle_text((*list)[i]), picture, read.size->width,
                                     read.size->height, x + w, y + h),
                         "overlay-out-of-bounds");
          findings.claim(lesson.front_matter, pointer);
          break;  // one picture's answer is enough for one rectangle
        }
      }
    }
  }
}

void check_lesson_pictures(const hocso::LessonView& lesson, const Json* front_matter, FileChecks files,
                           Findings& findings) {
  if (files == FileChecks::skip) return;
  // What the body shows, by the path it leads to.
  std::set<std::string> shown;
  std::map<std::string, hocso::Location> first_shown_at;
  for (const hocso::SourceReference& reference : lesson.references) {
    if (reference.kind != hocso::SourceReference::Kind::image) continue;
    const hocso::LessonPathLookup found = hocso::look_up_lesson_path(lesson.folder, reference.target);
    if (found.state == hocso::LessonPathLookup::State::not_relative ||
        found.state == hocso::LessonPathLookup::State::outside)
      continue;
    shown.insert(found.relative);
    first_shown_at.emplace(found.relative, reference.where);
    if (found.state != hocso::LessonPathLookup::State::file || !is_supported_image_extension(found.relative)) continue;
    // The picture and each screens/<lang>/ version a page may show instead.
    for (const std::string& picture : picture_and_versions(lesson.folder, found.relative)) {
      if (auto problem = picture_kind_problem(lesson.folder / picture)) {
        const std::string what =
            picture == found.relative
                ? fmt::format(fmt::runtime(hocso::_("image {path}")), fmt::arg("path", in_quotes(reference.target)))
                : fmt::format(fmt::runtime(hocso::_("image {path}, a language's version of {target},")),
                              fmt::arg("path", in_quotes(picture)), fmt::arg("target", in_quotes(reference.target)));
        findings.error(reference.where, fmt::format(fmt::runtime(*problem), fmt::arg("what", what)), "image-format");
      }
    }
  }
  // A screens/<lang>/NAME version is used when screens/NAME is.
  auto is_shown = [&](const std::string& file) {
    if (shown.count(file)) return true;
    const fs::path path(file);
    const fs::path parent = path.parent_path();
    return parent.parent_path() == "screens" && shown.count(("screens" / path.filename()).generic_string());
  };
  for (const std::string& file : screen_files(lesson.folder)) {
    if (has_space(fs::path(file).filename().string())) {
      std::string renamed = file;
      std::replace(renamed.begin(), renamed.end(), ' ', '-');
      std::replace(renamed.begin(), renamed.end(), '\t', '-');
      auto at = first_shown_at.find(file);
      findings.warning(at != first_shown_at.end() ? at->second : file_location(lesson, file),
                       fmt::format(fmt::runtime(hocso::_("the file name '{file}' has a space, which breaks a "
                                                         "picture's Markdown: rename the file without spaces, like "
                                                         "{renamed}, and write that name in the lesson")),
                                   fmt::arg("file", file), fmt::arg("renamed", renamed)),
                       "file-name-space");
      continue;  // a step cannot show it as it is named
    }
    if (is_shown(file)) continue;
    const fs::path path(file);
    findings.warning(file_location(lesson, file),
                     path.parent_path() == "screens"
                         ? fmt::format(fmt::runtime(hocso::_("the picture '{file}' is not shown by any step: show it "
                                                             "with ![what it shows]({file}) or delete the file")),
                                       fmt::arg("file", file))
                         : fmt::format(fmt::runtime(hocso::_("the picture '{file}' replaces {screen} in one language, "
                                                             "but no step shows {screen}: show it or delete the file")),
                                       fmt::arg("file", file),
                                       fmt::arg("screen", ("screens" / path.filename()).generic_string())),
                     "screenshot-unused");
  }
  const Json* screens = front_matter ? node_at(*front_matter, "/screens") : nullptr;
  if (!screens || !screens->is_object()) return;
  for (const auto& [key, entry] : screens->items()) {
    const hocso::LessonPathLookup found = hocso::look_up_lesson_path(lesson.folder, key);
    if (found.state != hocso::LessonPathLookup::State::file || shown.count(found.relative)) continue;
    findings.warning(lesson.front_matter->locate_key(child_pointer("/screens", key)),
                     fmt::format(fmt::runtime(hocso::_("screens: '{key}' draws on a picture that no step shows; "
                                                       "show the picture with ![what it shows]({key}) or remove this "
                                                       "entry")),
                                 fmt::arg("key", key)),
                     "overlay-unused");
  }
}

}  // namespace validate_core
