#include "picture_size.h"

#include <fstream>

#include <fmt/format.h>
#include <vips/vips8>

#include "hocso/lesson_files.h"
#include "hocso/messages.h"
#include "screen_decode.h"

namespace validate_core {

namespace {

using vips::VError;
using vips::VImage;

using hocso::_;

PictureRead failed(std::string check_id, const char* message, std::string reason = {}) {
  return {std::nullopt, std::move(check_id), message, std::move(reason)};
}

}  // namespace

std::string PictureRead::problem(const std::string& what) const {
  return message ? fmt::format(fmt::runtime(message), fmt::arg("what", what), fmt::arg("reason", reason))
                 : std::string();
}

std::optional<const char*> picture_kind_problem(const std::filesystem::path& file) {
  std::string head(16, '\0');
  std::ifstream in(file, std::ios::binary);
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  const auto kind = hocso::sniff_image(head);
  if (!kind) return _("{what} is not a PNG, JPEG or WebP image");
  if (!hocso::image_extension_fits(file, *kind))
    return _("{what} has a file name extension that does not match its content");
  return std::nullopt;
}

PictureRead read_picture_size(const std::filesystem::path& file) {
  if (auto problem = picture_kind_problem(file)) return failed("image-format", *problem);
  std::string head(16, '\0');
  {
    std::ifstream in(file, std::ios::binary);
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
  }
  const auto kind = hocso::sniff_image(head);
  if (!kind) return failed("image-format", _("{what} is not a PNG, JPEG or WebP image"));
  // libvips starts on first use, once per process, set up as the screenshots
  // stage sets it up (the settings are the process's): one home for them.
  if (!hocso::screenshots::ensure_vips_started())
    return failed("image-corrupt", _("{what} cannot be read: {reason}"), "libvips could not be started");
  try {
    // Loading reads the header only; nothing is decoded until pixels are asked for.
    auto options = [] { return VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL); };
    const std::string name = file.string();
    VImage image = *kind == hocso::ImageKind::png    ? VImage::pngload(name.c_str(), options())
                   : *kind == hocso::ImageKind::jpeg ? VImage::jpegload(name.c_str(), options())
                                                     : VImage::webpload(name.c_str(), options());
    image = image.autorot();  // as the screenshots stage turns it before it draws
    return {PictureSize{image.width(), image.height()}, {}, nullptr, {}};
  } catch (const VError& error) {
    vips_error_clear();  // libvips keeps its messages until cleared
    return failed("image-corrupt", _("{what} cannot be read: {reason}"),  // libvips' words stay English
                  hocso::screenshots::vips_error_line(error.what(), "libvips cannot read it"));
  }
}

}  // namespace validate_core
