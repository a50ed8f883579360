#include "source_images.h"

#include <fstream>

#include <fmt/format.h>

#include "hashing.h"
#include "hocso/lesson_files.h"
#include "hocso/messages.h"

namespace hocso {

namespace fs = std::filesystem;

std::variant<SourceImage, std::string> read_source_image(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(16, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  const auto kind = sniff_image(head);
  if (!kind || !image_extension_fits(path, *kind))
    return std::string(_("it is not a PNG, JPEG or WebP image (or its extension does not match its content)"));
  SourceImage image;
  image.source = path;
  image.sha256 = to_hex(sha256_file(path));
  image.file.path = fmt::format("media/{}.{}", image.sha256, image_extension(*kind));
  std::error_code ec;
  image.file.size = fs::file_size(path, ec);
  return image;
}

std::optional<SourceImage> SourceImageStore::resolve(const Lesson& lesson, const SourceReference& ref,
                                                     Diagnostics& diagnostics) {
  std::lock_guard lock(mutex_);
  auto fail = [&](const SourceReference& r, const std::string& why) { return report(r, why, diagnostics); };
  using State = LessonPathLookup::State;
  const LessonPathLookup found = look_up_lesson_path(lesson.folder, ref.target);
  switch (found.state) {
    case State::not_relative:
      return fail(ref, _("its path must be relative to the lesson folder"));
    case State::outside:
      return fail(ref, _("its path leaves the lesson folder"));
    case State::link:
      return fail(ref, _("its path is a symbolic link"));
    case State::absent:
    case State::not_a_file:
      return fail(ref, _("the file is not there"));
    case State::file: break;
  }
  const fs::path path = lesson.folder / found.relative;
  auto cached = by_source_.find(path.string());
  if (cached != by_source_.end()) return cached->second;
  auto image = read_source_image(path);
  if (auto* why = std::get_if<std::string>(&image)) return fail(ref, *why);
  return by_source_[path.string()] = std::get<SourceImage>(std::move(image));
}

// Reports an unusable image once per place (a page is rendered once per language).
std::optional<SourceImage> SourceImageStore::report(const SourceReference& ref, const std::string& why,
                                                    Diagnostics& diagnostics) {
  std::string key = fmt::format("{}:{}:{}", ref.where.file, ref.where.line, ref.where.column);
  if (reported_.insert(key).second)
    diagnostics.error(ref.where,
                      fmt::format(fmt::runtime(_("cannot use image '{image}': {reason}")),
                                  fmt::arg("image", ref.target), fmt::arg("reason", why)),
                      "image-unusable");
  return std::nullopt;
}

}  // namespace hocso
