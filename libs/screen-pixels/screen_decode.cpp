#include "screen_decode.h"

#include <algorithm>
#include <exception>
#include <mutex>
#include <optional>
#include <utility>

#include "hocso/lesson_files.h"

namespace hocso::screenshots {

namespace {

using vips::VError;
using vips::VImage;

// Redaction: solid black, painted into the decoded pixels before anything else.
const std::vector<double> kRedactColour{0, 0, 0};

DecodedScreen fail(std::string check_id, std::string message) {
  return failed<DecodedScreen>(std::move(check_id), std::move(message));
}

}  // namespace

bool ensure_vips_started() {
  static std::once_flag once;
  static bool started = false;
  std::call_once(once, [] {
    if (VIPS_INIT("hocso") != 0) return;
    // Only the well-tested loaders; images come from many writers.
    vips_block_untrusted_set(TRUE);
    // The host runs images on its own threads; each image is one thread here,
    // and no operation cache grows over a long build.
    vips_concurrency_set(1);
    vips_cache_set_max(0);
    started = true;
  });
  return started;
}

std::string vips_version_text() { return std::string("libvips ") + vips_version_string(); }

std::string vips_error_line(const char* text, const char* fallback) {
  std::string s = text ? text : "";
  if (auto nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
  return s.empty() ? fallback : s;
}

std::string picture_failure(const std::exception& error) {
  if (dynamic_cast<const VError*>(&error)) return "is damaged or truncated (" + vips_error_line(error.what()) + ")";
  return std::string("could not be processed (") + error.what() + ")";
}

void fill_clipped(VImage& image, const std::vector<double>& ink, int x, int y, int w, int h) {
  // draw_rect would clip too; clipping here keeps the arithmetic obvious.
  const int x0 = std::max(0, x), y0 = std::max(0, y);
  const int x1 = std::min(image.width(), x + w), y1 = std::min(image.height(), y + h);
  if (x1 > x0 && y1 > y0) image.draw_rect(ink, x0, y0, x1 - x0, y1 - y0, VImage::option()->set("fill", true));
}

DecodedScreen decode_screen(const std::string& bytes, const std::string& file_name, const Overlays& overlays,
                            double max_megapixels) {
  const auto kind = hocso::sniff_image(bytes);
  if (!kind) return fail("image-format", "is not a PNG, JPEG or WebP image");
  if (!hocso::image_extension_fits(file_name, *kind))
    return fail("image-format", "has a file name extension that does not match its content");

  try {
    VipsBlobRef blob{vips_blob_new(nullptr, bytes.data(), bytes.size())};
    // A truncated or damaged file is an error, not a half-grey picture.
    auto options = VImage::option()->set("fail_on", VIPS_FAIL_ON_ERROR);
    VImage image = *kind == ImageKind::png    ? VImage::pngload_buffer(blob.blob, options)
                   : *kind == ImageKind::jpeg ? VImage::jpegload_buffer(blob.blob, options)
                                              : VImage::webpload_buffer(blob.blob, options);
    // The header alone gives the size: refuse bombs before decoding anything.
    const double megapixels = static_cast<double>(image.width()) * image.height() / 1e6;
    if (megapixels > max_megapixels)
      return fail("image-too-large", "is " + std::to_string(image.width()) + "×" + std::to_string(image.height()) +
                                         " pixels, over the limit of " + std::to_string(static_cast<int>(max_megapixels)) +
                                         " megapixels");

    image = image.autorot();
    if (image.get_typeof(VIPS_META_ICC_NAME) != 0) {
      try {
        image = image.icc_transform("srgb", VImage::option()->set("embedded", true));
      } catch (const VError&) {
        // An unusable profile: keep the pixels as they are (it is stripped below).
      }
    }
    if (image.has_alpha()) image = image.flatten(VImage::option()->set("background", std::vector<double>{255, 255, 255}));
    if (image.interpretation() != VIPS_INTERPRETATION_sRGB) image = image.colourspace(VIPS_INTERPRETATION_sRGB);
    if (image.bands() > 3) image = image.extract_band(0, VImage::option()->set("n", 3));
    if (image.format() != VIPS_FORMAT_UCHAR) image = image.cast(VIPS_FORMAT_UCHAR);

    const std::string outside = first_out_of_bounds(overlays, image.width(), image.height());
    if (!outside.empty())
      return fail("overlay-out-of-bounds", "has an overlay " + outside + " that is not inside the image (" +
                                               std::to_string(image.width()) + "×" + std::to_string(image.height()) +
                                               " pixels)");

    // Decode fully into memory (drawing works in place; decoding errors surface
    // here), then start a new image from the bare pixels: it carries no metadata
    // at all. `strip` alone is not enough: libvips 8.14's webpsave keeps EXIF and XMP.
    {
      std::size_t size = 0;
      void* pixels = image.write_to_memory(&size);
      image = VImage::new_from_memory_steal(pixels, size, image.width(), image.height(), image.bands(),
                                            VIPS_FORMAT_UCHAR);
    }
    for (const auto& r : overlays.redact) fill_clipped(image, kRedactColour, r.x, r.y, r.w, r.h);
    DecodedScreen out;
    out.ok = true;
    out.image = std::move(image);
    return out;
  } catch (const std::exception& e) {
    return fail("image-corrupt", picture_failure(e));
  }
}

}  // namespace hocso::screenshots
