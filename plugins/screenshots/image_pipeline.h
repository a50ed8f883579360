#pragma once
// The pixel work on one screenshot, with libvips: decode and redact
// (screen_decode.h, shared with validate-privacy), then highlight, label,
// resize and re-encode with every piece of metadata stripped.

#include <filesystem>
#include <string>

#include "overlays.h"
#include "screen_decode.h"

namespace hocso::screenshots {

// How a device profile wants its images (`profiles: {NAME: {...}}` in the pack).
struct OutputSettings {
  int max_width = 0;            // 0: keep the source width; never upscaled
  std::string format = "webp";  // webp | png | jpeg
  int quality = 80;             // 1..100 (webp and jpeg)
};

// Reads an OutputSettings from a profile's JSON; on a bad value returns false and
// sets `error` to a sentence saying which.
bool parse_output_settings(const std::string& profile_json, OutputSettings& out, std::string& error);

struct ProcessedImage {
  bool ok = false;
  std::string check_id;   // on failure: image-format | image-too-large | image-corrupt | overlay-out-of-bounds | label-font
  std::string message;    // on failure: what is wrong (the file is named by the caller)
  std::string bytes;      // on success: the encoded image
  std::string extension;  // "webp", "png", "jpg"
  int width = 0;
  int height = 0;
};

// The font labels are drawn with: DejaVu Sans Bold (Latin with Vietnamese
// marks; other scripts fall back through fontconfig), installed in the
// plugin's data folder (plugins/screenshots/CMakeLists.txt); "" when missing.
std::string label_font_file(const std::filesystem::path& plugin_data_dir);

// What the fonts a label can fall back to are now: a digest of every font file
// fontconfig knows (path, size and modification time), for the build cache key.
// A Tai Viet label is drawn with a system font (Tai Heritage Pro): when the
// machine's fonts change, a cached picture drawn with the old ones is not used.
std::string fallback_fonts_digest();

// Labels must read at 14 CSS px or more where the viewer shows the picture:
// a profile of `max_width` up to 1000 (or none) is for a 360×640 phone, where
// the picture is read full screen (a tap enlarges it); a wider one for a
// landscape 1280×800 tablet or a kiosk, the picture beside the text in a
// column 592 px wide and about 620 px high (the same split as the step-fit
// budget, core/src/check/step_fit.h). A tall screenshot is shown narrower than its
// column: the height bounds it.
inline constexpr int kLabelMinCssPx = 14;
int shown_picture_width(int max_width, int source_width, int source_height);
// The label's font size, in pixels of the source image, that shows at
// kLabelMinCssPx or more after the resize to `max_width` and at
// shown_picture_width(): 14 × source width / shown width, and at least 16.
int label_font_px(int source_width, int source_height, int max_width);

// Turns the bytes of a PNG, JPEG or WebP file named `file_name` into the stored
// image. Deterministic: the same inputs give the same bytes. Never throws.
// `label_font` is label_font_file()'s answer (needed only when overlays.label is set).
ProcessedImage process_image(const std::string& bytes, const std::string& file_name, const Overlays& overlays,
                             const OutputSettings& settings, double max_megapixels, const std::string& label_font);

}  // namespace hocso::screenshots
