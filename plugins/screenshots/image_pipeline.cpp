#include "image_pipeline.h"

#include <fontconfig/fontconfig.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <vips/vips8>
#include <webp/mux.h>

#include "screen_decode.h"

namespace hocso::screenshots {

namespace {

using vips::VError;
using vips::VImage;

// Highlight frames: drawn just outside the tap target so the button itself stays
// readable, thick and in a colour that stands out on light and dark app screens.
constexpr int kFrameWidth = 8;
const std::vector<double> kFrameColour{255, 0, 144};

ProcessedImage fail(std::string check_id, std::string message) {
  return failed<ProcessedImage>(std::move(check_id), std::move(message));
}

// The WebP file without its EXIF, XMP and ICC chunks (libwebpmux), or nullopt
// if it cannot be parsed. libvips 8.14's webpsave writes an EXIF chunk (and
// keeps XMP) even with `strip`.
std::optional<std::string> without_webp_metadata(const std::string& webp) {
  WebPData in{reinterpret_cast<const std::uint8_t*>(webp.data()), webp.size()};
  WebPMux* mux = WebPMuxCreate(&in, 0);
  if (!mux) return std::nullopt;
  for (const char* chunk : {"EXIF", "XMP ", "ICCP"}) WebPMuxDeleteChunk(mux, chunk);  // absent: fine
  WebPData out;
  WebPDataInit(&out);
  const WebPMuxError error = WebPMuxAssemble(mux, &out);
  WebPMuxDelete(mux);
  if (error != WEBP_MUX_OK) {
    WebPDataClear(&out);
    return std::nullopt;
  }
  std::string result(reinterpret_cast<const char*>(out.bytes), out.size);
  WebPDataClear(&out);
  return result;
}

// Where a label box of `bw` × `bh` goes on a `width` × `height` image: under
// the first highlight's frame, else above it, else at the bottom; centred at the
// bottom when there is no highlight.
std::pair<int, int> label_position(const Overlays& overlays, int width, int height, int bw, int bh) {
  const int gap = kFrameWidth;
  if (overlays.highlight.empty()) return {std::max(0, (width - bw) / 2), std::max(0, height - bh - gap)};
  const Rect& r = overlays.highlight.front();
  const int x = std::clamp(r.x - kFrameWidth, 0, std::max(0, width - bw));
  int y = r.y + r.h + kFrameWidth + gap;
  if (y + bh > height) y = r.y - kFrameWidth - gap - bh;
  if (y < 0) y = std::max(0, height - bh);
  return {x, y};
}

// Draws the label as white text on a box of the frame colour. The text goes to
// Pango as markup, so it is escaped first: a label is text, never markup.
void draw_label(VImage& image, const Overlays& overlays, const std::string& font_file, int max_width) {
  const int size = label_font_px(image.width(), image.height(), max_width);
  const int pad = size / 3;
  gchar* escaped = g_markup_escape_text(overlays.label.c_str(), -1);
  const std::string markup = escaped;
  g_free(escaped);
  const auto text_options = [&] {
    return VImage::option()
        ->set("font", ("DejaVu Sans Bold " + std::to_string(size)).c_str())
        ->set("width", std::max(size, image.width() - 4 * pad))
        ->set("dpi", 72);
  };
  VImage mask;
  {
    // libvips 8.14's vips_text() adds a `fontfile` to fontconfig once, but keys
    // its "already added" table with the operation's own copy of the name: each
    // later call with a fontfile reads freed memory and may add the file again,
    // leaking a copy (docs/library-pitfalls.md). So the file goes to vips only
    // with the first label of the process; fontconfig keeps it after that, and
    // later labels name the font alone. The lock keeps other labels waiting
    // until the first has added the file.
    static std::mutex mutex;
    static std::set<std::string> registered;
    std::unique_lock lock(mutex);
    if (!font_file.empty() && registered.insert(font_file).second) {
      mask = VImage::text(markup.c_str(), text_options()->set("fontfile", font_file.c_str()));
    } else {
      lock.unlock();
      mask = VImage::text(markup.c_str(), text_options());
    }
  }
  const int bw = std::min(image.width(), mask.width() + 2 * pad);
  const int bh = std::min(image.height(), mask.height() + 2 * pad);
  mask = mask.embed(pad, pad, bw, bh);
  VImage background = mask.new_from_image(kFrameColour);
  VImage text = mask.new_from_image(std::vector<double>{255, 255, 255});
  VImage box = mask.ifthenelse(text, background, VImage::option()->set("blend", true)).cast(VIPS_FORMAT_UCHAR);
  const auto [x, y] = label_position(overlays, image.width(), image.height(), bw, bh);
  image.draw_image(box, x, y);
}

}  // namespace

int shown_picture_width(int max_width, int source_width, int source_height) {
  const bool wide = max_width > 1000;
  const double column = wide ? 592 : 360, height = wide ? 620 : 640;
  const double by_height = height * source_width / std::max(1, source_height);
  return static_cast<int>(std::min(column, by_height));
}

int label_font_px(int source_width, int source_height, int max_width) {
  const int shown = std::max(1, shown_picture_width(max_width, source_width, source_height));
  return std::max(16, (kLabelMinCssPx * source_width + shown - 1) / shown);  // rounded up
}

std::string fallback_fonts_digest() {
  FcConfig* config = FcConfigGetCurrent();  // initialises fontconfig as Pango would
  std::vector<std::string> fonts;
  for (const FcSetName set : {FcSetSystem, FcSetApplication}) {
    const FcFontSet* found = config ? FcConfigGetFonts(config, set) : nullptr;
    for (int i = 0; found && i < found->nfont; ++i) {
      FcChar8* file = nullptr;
      if (FcPatternGetString(found->fonts[i], FC_FILE, 0, &file) != FcResultMatch || !file) continue;
      struct stat st {};
      const std::string path = reinterpret_cast<const char*>(file);
      if (::stat(path.c_str(), &st) != 0) continue;
      fonts.push_back(path + " " + std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
                      std::to_string(st.st_mtim.tv_nsec));
    }
  }
  std::sort(fonts.begin(), fonts.end());
  fonts.erase(std::unique(fonts.begin(), fonts.end()), fonts.end());
  // FNV-1a: only a change has to show (the cache's entries are authenticated apart).
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (const std::string& font : fonts)
    for (const char c : font + "\n") hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return std::to_string(fonts.size()) + " fonts " + hex;
}

std::string label_font_file(const std::filesystem::path& plugin_data_dir) {
  const std::filesystem::path path = plugin_data_dir / "DejaVuSans-Bold.ttf";
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec) ? path.string() : "";
}

bool parse_output_settings(const std::string& profile_json, OutputSettings& out, std::string& error) {
  const auto doc = nlohmann::json::parse(profile_json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    error = "the profile must be a mapping";
    return false;
  }
  if (auto it = doc.find("max_width"); it != doc.end()) {
    if (!it->is_number_integer() || it->get<long long>() < 16 || it->get<long long>() > 16384) {
      error = "max_width must be a whole number of pixels from 16 to 16384";
      return false;
    }
    out.max_width = it->get<int>();
  }
  if (auto it = doc.find("format"); it != doc.end()) {
    if (!it->is_string() || (*it != "webp" && *it != "png" && *it != "jpeg")) {
      error = "format must be webp, png or jpeg";
      return false;
    }
    out.format = it->get<std::string>();
  }
  if (auto it = doc.find("quality"); it != doc.end()) {
    if (!it->is_number_integer() || it->get<long long>() < 1 || it->get<long long>() > 100) {
      error = "quality must be a whole number from 1 to 100";
      return false;
    }
    out.quality = it->get<int>();
  }
  return true;
}

ProcessedImage process_image(const std::string& bytes, const std::string& file_name, const Overlays& overlays,
                             const OutputSettings& settings, double max_megapixels, const std::string& label_font) {
  // Decoded and redacted the one way the privacy check reads it too (screen_decode.h).
  DecodedScreen decoded = decode_screen(bytes, file_name, overlays, max_megapixels);
  if (!decoded.ok) return fail(std::move(decoded.check_id), std::move(decoded.message));
  try {
    VImage image = std::move(decoded.image);
    for (const auto& r : overlays.highlight) {
      const int t = kFrameWidth;
      fill_clipped(image, kFrameColour, r.x - t, r.y - t, r.w + 2 * t, t);  // top
      fill_clipped(image, kFrameColour, r.x - t, r.y + r.h, r.w + 2 * t, t);  // bottom
      fill_clipped(image, kFrameColour, r.x - t, r.y, t, r.h);  // left
      fill_clipped(image, kFrameColour, r.x + r.w, r.y, t, r.h);  // right
    }
    if (!overlays.label.empty()) {
      if (label_font.empty())
        return fail("label-font", "has a label, but the label font DejaVuSans-Bold.ttf is not in the screenshots "
                                  "plugin's data folder (install fonts-dejavu-core and build hocso again)");
      draw_label(image, overlays, label_font, settings.max_width);
    }

    if (settings.max_width > 0 && image.width() > settings.max_width) {
      const double scale = static_cast<double>(settings.max_width) / image.width();
      image = image.resize(scale, VImage::option()->set("kernel", VIPS_KERNEL_LANCZOS3));
    }

    VipsBlob* encoded = nullptr;
    ProcessedImage out;
    if (settings.format == "png") {
      encoded = image.pngsave_buffer(VImage::option()->set("strip", true)->set("compression", 9));
      out.extension = "png";
    } else if (settings.format == "jpeg") {
      encoded = image.jpegsave_buffer(
          VImage::option()->set("strip", true)->set("Q", settings.quality)->set("optimize_coding", true));
      out.extension = "jpg";
    } else {
      encoded = image.webpsave_buffer(VImage::option()->set("strip", true)->set("Q", settings.quality));
      out.extension = "webp";
    }
    VipsBlobRef encoded_ref{encoded};
    std::size_t length = 0;
    const void* data = vips_blob_get(encoded, &length);
    out.bytes.assign(static_cast<const char*>(data), length);
    if (out.extension == "webp") {
      auto clean = without_webp_metadata(out.bytes);
      if (!clean) return fail("image-corrupt", "could not be encoded as WebP");
      out.bytes = std::move(*clean);
    }
    out.width = image.width();
    out.height = image.height();
    out.ok = true;
    return out;
  } catch (const std::exception& e) {
    return fail("image-corrupt", picture_failure(e));
  }
}

}  // namespace hocso::screenshots
