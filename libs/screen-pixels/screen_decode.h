#pragma once
// A lesson screenshot decoded the one way hocso reads it, with its `redact:`
// rectangles painted solid black into the decoded pixels. The screenshots
// plugin draws highlights and labels on this and encodes it for a bundle;
// validate-privacy reads this with OCR. Both see the same pixels, so a picture
// the privacy check passed is the picture that is published.

#include <exception>
#include <string>
#include <utility>
#include <vector>

#include <vips/vips8>

#include "overlays.h"

namespace hocso::screenshots {

// The screenshots stage's setting `max_megapixels`: a picture over this size
// is refused from its header, before anything is decoded.
inline constexpr double kDefaultMaxMegapixels = 40.0;

// Starts libvips once, on first use, from any thread (never at plugin load time).
// Returns false if libvips cannot start.
bool ensure_vips_started();

// "libvips 8.14.1": what decoded pixels depend on besides the file's bytes.
std::string vips_version_text();

// The first line of a libvips error message, or `fallback` when it is empty.
std::string vips_error_line(const char* text, const char* fallback = "libvips could not decode it");

// Why a picture could not be read or made, for an [image-corrupt] report: "is
// damaged or truncated (<libvips' first line>)" for a libvips error, else
// "could not be processed (<what>)". One wording for both stages that read pictures.
std::string picture_failure(const std::exception& error);

// Drops a blob reference when it goes out of scope, even when libvips throws.
struct VipsBlobRef {
  VipsBlob* blob;
  explicit VipsBlobRef(VipsBlob* b) : blob(b) {}
  ~VipsBlobRef() { vips_area_unref(VIPS_AREA(blob)); }
  VipsBlobRef(const VipsBlobRef&) = delete;
  VipsBlobRef& operator=(const VipsBlobRef&) = delete;
};

struct DecodedScreen {
  bool ok = false;
  std::string check_id;  // on failure: image-format | image-too-large | image-corrupt | overlay-out-of-bounds
  std::string message;   // on failure: what is wrong (the file is named by the caller)
  vips::VImage image;    // on success: sRGB, 3 bands, 8 bits, in memory, no metadata, redacted
};

// A result (DecodedScreen, the screenshots stage's ProcessedImage) that says
// why nothing was made: its check id and message, ok false.
template <typename Result>
Result failed(std::string check_id, std::string message) {
  Result out;
  out.check_id = std::move(check_id);
  out.message = std::move(message);
  return out;
}

// Fills the part of the rectangle that lies inside `image` with `ink`.
void fill_clipped(vips::VImage& image, const std::vector<double>& ink, int x, int y, int w, int h);

// Decodes the bytes of a PNG, JPEG or WebP file named `file_name` (its
// extension must fit its content): the header's size is checked against
// `max_megapixels` before decoding, a damaged file is an error (not a
// half-grey picture), EXIF orientation and an embedded colour profile are
// applied, alpha is flattened on white, every overlay rectangle must lie
// inside the picture, and each `redact:` rectangle is filled black. Never throws.
// Call ensure_vips_started() first.
DecodedScreen decode_screen(const std::string& bytes, const std::string& file_name, const Overlays& overlays,
                            double max_megapixels);

}  // namespace hocso::screenshots
