#pragma once
// Rules about a lesson's files that hocso and its plugins share: where an
// image path written in a lesson may lead, and what kind of image a file is by
// its first bytes. Header-only, so that a plugin applies the very same rule
// without linking hocso's core.

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace hocso {

// ---- Image paths ----------------------------------------------------------

// Whether `target` starts with a URL scheme such as "http:", "data:" or "c:".
inline bool has_url_scheme(std::string_view target) {
  if (target.empty() || !std::isalpha(static_cast<unsigned char>(target[0]))) return false;
  for (char c : target) {
    if (c == ':') return true;
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return false;
  }
  return false;
}

struct LessonPathLookup {
  enum class State {
    file,          // a regular file inside the lesson folder, reached through no link
    not_relative,  // empty, absolute, a URL or other scheme ("data:", "c:"), or with a backslash
    outside,       // relative, but leads out of the folder ("../x.png") or is the folder itself
    link,          // a symbolic link on the way, or the file itself is one (`link` says which)
    absent,        // nothing there (or a file where a folder was needed)
    not_a_file,    // there, but not a regular file (a folder, a device)
  };
  State state = State::absent;
  std::string relative;  // the path, lexically normalized ("screens/a.png"); set from `outside` on
  std::string link;      // State::link: the part of `relative` that is a link ("screens/linked")
};

// Where `target` (as written in a lesson, relative to `lesson_folder`) leads.
// Each component below the folder is looked at with symlink_status and never
// followed: a link anywhere on the way could lead out of the folder.
inline LessonPathLookup look_up_lesson_path(const std::filesystem::path& lesson_folder, std::string_view target) {
  namespace fs = std::filesystem;
  using State = LessonPathLookup::State;
  LessonPathLookup out;
  if (target.empty() || target.front() == '/' || target.find('\\') != std::string_view::npos || has_url_scheme(target)) {
    out.state = State::not_relative;
    return out;
  }
  const fs::path relative = fs::path(std::string(target)).lexically_normal();
  out.relative = relative.generic_string();
  if (relative.empty() || relative == "." || *relative.begin() == "..") {
    out.state = State::outside;
    return out;
  }
  fs::path walked = lesson_folder, shown;
  auto remaining = static_cast<std::size_t>(std::distance(relative.begin(), relative.end()));
  for (const fs::path& part : relative) {
    walked /= part;
    shown /= part;
    --remaining;
    std::error_code error;
    const fs::file_status status = fs::symlink_status(walked, error);
    if (fs::is_symlink(status)) {
      out.state = State::link;
      out.link = shown.generic_string();
      return out;
    }
    if (error || !fs::exists(status) || (remaining > 0 && !fs::is_directory(status))) {
      out.state = State::absent;
      return out;
    }
    if (remaining == 0) out.state = fs::is_regular_file(status) ? State::file : State::not_a_file;
  }
  return out;
}

// ---- Overlay rectangles -------------------------------------------------------

// Whether the rectangle [x, y, w, h] (pixels, x and y from the picture's
// top-left corner) lies inside a `width` × `height` picture: a highlight or
// redaction outside it would be cut off, or hide nothing.
inline bool rectangle_inside(long long x, long long y, long long w, long long h, long long width, long long height) {
  return x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= width && y + h <= height;
}

// ---- Image types ----------------------------------------------------------

enum class ImageKind { png, jpeg, webp };

// The kind of image `head` (a file's first 12 bytes or more) starts like, or
// nullopt for anything else. Real decoding is a media stage's job; this keeps a
// mislabelled or foreign file out.
inline std::optional<ImageKind> sniff_image(std::string_view head) {
  if (head.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return ImageKind::png;
  if (head.substr(0, 3) == "\xff\xd8\xff") return ImageKind::jpeg;
  if (head.size() >= 12 && head.substr(0, 4) == "RIFF" && head.substr(8, 4) == "WEBP") return ImageKind::webp;
  return std::nullopt;
}

// Whether `file`'s extension (any case) names `kind`: .png, .jpg/.jpeg, .webp.
inline bool image_extension_fits(const std::filesystem::path& file, ImageKind kind) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  switch (kind) {
    case ImageKind::png: return ext == ".png";
    case ImageKind::jpeg: return ext == ".jpg" || ext == ".jpeg";
    case ImageKind::webp: return ext == ".webp";
  }
  return false;
}

// The extension hocso stores an image of `kind` under: "png", "jpg", "webp".
inline const char* image_extension(ImageKind kind) {
  switch (kind) {
    case ImageKind::png: return "png";
    case ImageKind::jpeg: return "jpg";
    case ImageKind::webp: return "webp";
  }
  return "";
}

}  // namespace hocso
