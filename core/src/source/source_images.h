#pragma once
// Screenshots as they are in the sources: what a build without a media stage
// stores, and what hocso preview shows (it draws the overlays itself). Each
// file is named by its content, media/<sha256>.<ext>, and checked only by its
// first bytes.

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <variant>

#include "diagnostics.h"
#include "model.h"
#include "render.h"

namespace hocso {

struct SourceImage {
  MediaFile file;                   // media/<sha256>.<ext>, its size (no width or height: not decoded)
  std::filesystem::path source;     // the file in the lesson folder
  std::string sha256;               // of its bytes (hex)
};

// The regular file at `path` as a source image, or why it cannot be one: "not
// a PNG, JPEG or WebP image (or its extension does not match its content)".
std::variant<SourceImage, std::string> read_source_image(const std::filesystem::path& path);

// The images lesson pages show, each source file read once; resolve() may be
// called from any thread (pages are rendered on several).
class SourceImageStore {
 public:
  // The stored file for an image reference of `lesson`, or nullopt when it is
  // not a usable image inside the lesson folder (reported into `diagnostics`
  // [image-unusable], once per place).
  std::optional<SourceImage> resolve(const Lesson& lesson, const SourceReference& ref, Diagnostics& diagnostics);

 private:
  std::optional<SourceImage> report(const SourceReference& ref, const std::string& why, Diagnostics& diagnostics);

  std::mutex mutex_;
  std::map<std::string, SourceImage> by_source_;  // source path -> stored file
  std::set<std::string> reported_;
};

}  // namespace hocso
