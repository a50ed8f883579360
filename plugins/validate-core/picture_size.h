#pragma once
// The size of a lesson picture as the screenshots stage sees it (libvips: the
// header only, turned upright by its EXIF orientation as the stage turns it),
// so that `check` finds an overlay outside its picture without decoding or
// writing anything.

#include <filesystem>
#include <optional>
#include <string>

namespace validate_core {

struct PictureSize {
  int width = 0;
  int height = 0;
};

struct PictureRead {
  std::optional<PictureSize> size;  // nullopt: see check_id and problem()
  std::string check_id;             // image-format, image-corrupt
  const char* message = nullptr;    // a catalog sentence about {what}, with {reason}
  std::string reason;               // libvips' words, for image-corrupt
  // What is wrong, in the reader's language: `what` is the picture named by
  // its role ("overlay image 'screens/a.png'").
  std::string problem(const std::string& what) const;
};

// Why the file `file` is no picture hocso takes, by its first bytes
// (hocso::sniff_image): the catalog sentence "{what} is not a PNG, JPEG or
// WebP image" or "{what} has a file name extension that does not match its
// content", already translated; nullopt when it may be one. The check-id is
// image-format.
std::optional<const char*> picture_kind_problem(const std::filesystem::path& file);

// Reads the header of the image file `file` (a regular file reached through
// no link: the caller looked it up with hocso::look_up_lesson_path). Its
// content must be PNG, JPEG or WebP and fit its extension (hocso::sniff_image).
// Never throws.
PictureRead read_picture_size(const std::filesystem::path& file);

}  // namespace validate_core
