// The screenshots plugin's pixel work, on images made here with libvips:
// redaction is solid, highlights and labels are drawn where asked, metadata
// does not survive, bad files are refused, and the output is deterministic.

#include "image_pipeline.h"
#include "overlays.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include <vips/vips8>
#include <zlib.h>

using namespace hocso::screenshots;
using vips::VImage;

namespace {

// A noisy RGB screenshot: no area is one colour unless something painted it.
VImage noise(int width, int height) {
  auto band = [&](double mean) {
    return VImage::gaussnoise(width, height, VImage::option()->set("mean", mean)->set("sigma", 50.0))
        .cast(VIPS_FORMAT_UCHAR);
  };
  return band(100).bandjoin(std::vector<VImage>{band(128), band(156)});
}

std::string png_bytes(const VImage& image) {
  VipsBlob* blob = image.pngsave_buffer();
  std::size_t length = 0;
  const void* data = vips_blob_get(blob, &length);
  std::string bytes(static_cast<const char*>(data), length);
  vips_area_unref(VIPS_AREA(blob));
  return bytes;
}

// One PNG chunk: length, type, data, CRC-32 of type and data.
std::string png_chunk(const std::string& type, const std::string& data) {
  auto be32 = [](std::uint32_t v) {
    return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                       static_cast<char>(v)};
  };
  const std::string body = type + data;
  const auto crc = static_cast<std::uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size())));
  return be32(static_cast<std::uint32_t>(data.size())) + body + be32(crc);
}

VImage decode(const std::string& bytes) {
  return VImage::new_from_buffer(bytes.data(), bytes.size(), "").copy_memory();
}

std::vector<double> pixel(const VImage& image, int x, int y) { return image.getpoint(x, y); }

const std::vector<double> kFrame{255, 0, 144};

// The label font as the plugin finds it: in its data folder of the build tree.
const std::string kFont = label_font_file(HOCSO_BINARY_DIR "/share/hocso/plugins/screenshots");

OutputSettings png_output(int max_width = 0) {
  OutputSettings s;
  s.format = "png";
  s.max_width = max_width;
  return s;
}

}  // namespace

TEST_CASE("redaction is one solid colour; outside it the pixels survive") {
  REQUIRE(ensure_vips_started());
  const std::string source = png_bytes(noise(400, 600));
  Overlays overlays;
  overlays.redact.push_back({50, 100, 200, 60});
  const auto out = process_image(source, "a.png", overlays, png_output(), 40, kFont);
  REQUIRE(out.ok);
  const VImage image = decode(out.bytes);
  CHECK(image.extract_area(50, 100, 200, 60).max() == 0);
  CHECK(image.extract_area(0, 0, 40, 40).max() > 0);
  // After a resize the redacted area is still solid: it was painted before.
  const auto small = process_image(source, "a.png", overlays, png_output(200), 40, kFont);
  REQUIRE(small.ok);
  CHECK(small.width == 200);
  // (Inside by the resampling kernel's reach: Lanczos3 mixes 3 pixels at the edges.)
  CHECK(decode(small.bytes).extract_area(29, 54, 92, 22).max() == 0);
}

TEST_CASE("a highlight frame surrounds the target and leaves the target itself readable") {
  REQUIRE(ensure_vips_started());
  Overlays overlays;
  overlays.highlight.push_back({100, 200, 150, 50});
  const auto out = process_image(png_bytes(noise(400, 600)), "a.png", overlays, png_output(), 40, kFont);
  REQUIRE(out.ok);
  const VImage image = decode(out.bytes);
  CHECK(pixel(image, 96, 220) == kFrame);   // left
  CHECK(pixel(image, 253, 220) == kFrame);  // right
  CHECK(pixel(image, 150, 196) == kFrame);  // top
  CHECK(pixel(image, 150, 253) == kFrame);  // bottom
  CHECK(pixel(image, 150, 225) != kFrame);  // the target
}

TEST_CASE("a label is drawn under the highlight, as text (markup characters are not markup)") {
  REQUIRE(ensure_vips_started());
  REQUIRE(!kFont.empty());
  VImage grey = VImage::black(540, 1170, VImage::option()->set("bands", 3)).linear({1, 1, 1}, {90, 90, 90}).cast(VIPS_FORMAT_UCHAR);
  Overlays overlays;
  overlays.highlight.push_back({40, 600, 460, 90});
  overlays.label = "Chạm <b>đây</b> & tiếp";
  const auto out = process_image(png_bytes(grey), "a.png", overlays, png_output(), 40, kFont);
  REQUIRE(out.ok);
  const VImage image = decode(out.bytes);
  // The box starts under the frame (600 + 90 + 8 + 8) in the frame colour, with white text on it.
  const VImage box = image.extract_area(32, 706, 300, 40);
  CHECK(pixel(image, 34, 708) == kFrame);
  CHECK(box.extract_band(0).max() == 255);
  CHECK(box.extract_band(1).max() >= 250);  // white strokes (green is 0 in the frame colour)
  // Nothing of the label above the highlight.
  CHECK(image.extract_area(0, 0, 540, 580).extract_band(1).max() == 90);

  // A different label (e.g. the English one) gives different pixels.
  Overlays english = overlays;
  english.label = "Tap here";
  const auto other = process_image(png_bytes(grey), "a.png", english, png_output(), 40, kFont);
  REQUIRE(other.ok);
  CHECK(other.bytes != out.bytes);

  // Without the font, a label is an error, not a picture without its label.
  const auto no_font = process_image(png_bytes(grey), "a.png", overlays, png_output(), 40, "");
  CHECK_FALSE(no_font.ok);
  CHECK(no_font.check_id == "label-font");

  // Without a highlight the label sits at the bottom.
  Overlays bottom;
  bottom.label = "Chạm vào đây";
  const auto at_bottom = process_image(png_bytes(grey), "a.png", bottom, png_output(), 40, kFont);
  REQUIRE(at_bottom.ok);
  const VImage b = decode(at_bottom.bytes);
  CHECK(b.extract_area(0, 1000, 540, 170).extract_band(1).max() >= 250);
  CHECK(b.extract_area(0, 0, 540, 900).extract_band(1).max() == 90);
}

TEST_CASE("labels show at 14 CSS px or more where the profile's viewer shows the picture") {
  // The size in source pixels: 14 × source width / shown width: 360 px wide
  // full screen on a phone (max_width up to 1000), a 592 px column beside the
  // text on a tablet or kiosk, narrower for a tall screenshot (640 or 620 px high).
  CHECK(shown_picture_width(720, 1080, 1920) == 360);
  CHECK(shown_picture_width(0, 1080, 1920) == 360);
  CHECK(shown_picture_width(720, 1080, 2340) == 295);   // 640 × 1080 / 2340
  CHECK(shown_picture_width(1280, 1920, 1080) == 592);
  CHECK(shown_picture_width(1280, 1080, 2340) == 286);  // 620 × 1080 / 2340
  CHECK(label_font_px(1080, 2340, 720) == 52);   // 14 × 1080 / 295 = 51.3, rounded up
  CHECK(label_font_px(1080, 2340, 1280) == 53);
  CHECK(label_font_px(1920, 1080, 1280) == 46);
  CHECK(label_font_px(300, 600, 720) == 16);     // never under 16 source pixels

  // Measured: the height of a capital H (0.73 of the font size in DejaVu Sans
  // Bold) in each bundle's picture, scaled to the width it is shown at.
  REQUIRE(ensure_vips_started());
  REQUIRE(!kFont.empty());
  VImage grey = VImage::black(1080, 2340, VImage::option()->set("bands", 3)).linear({1, 1, 1}, {90, 90, 90}).cast(VIPS_FORMAT_UCHAR);
  Overlays overlays;
  overlays.label = "HHH";
  for (const int max_width : {720, 1280}) {
    const auto out = process_image(png_bytes(grey), "a.png", overlays, png_output(max_width), 40, kFont);
    REQUIRE(out.ok);
    const VImage ink = decode(out.bytes).extract_band(1) > 200;  // the white strokes (green is 0 in the box, 90 around)
    int top = 0, width = 0, height = 0;
    ink.find_trim(&top, &width, &height, VImage::option()->set("background", std::vector<double>{0})->set("threshold", 10));
    const double css = height * static_cast<double>(shown_picture_width(max_width, 1080, 2340)) / out.width;
    INFO("max_width " << max_width << ": H is " << height << " px of " << out.width << ", " << css << " CSS px");
    CHECK(css >= 0.70 * kLabelMinCssPx);  // 0.73, less a pixel lost to the resize's smoothing
  }
}

TEST_CASE("a label's letters come from a font of their own script") {
  // Labels name DejaVu Sans Bold (Latin, Vietnamese); letters it lacks come
  // from the font fontconfig finds for them: Tai Viet from Tai Heritage Pro
  // (fonts-sil-taiheritagepro, which build-tools installs and the Tai Dam
  // pages embed), drawn exactly as that font draws them, not as boxes.
  REQUIRE(ensure_vips_started());
  const auto mask = [](const char* text, const char* font) {
    return VImage::text(text, VImage::option()->set("font", font)->set("dpi", 72));
  };
  const char* tai = "\xEA\xAA\x80\xEA\xAA\xB1\xEA\xAA\x89";  // ꪀꪱꪉ
  const VImage as_label = mask(tai, "DejaVu Sans Bold 40");
  const VImage in_tai_font = mask(tai, "Tai Heritage Pro Bold 40");
  REQUIRE(as_label.width() == in_tai_font.width());
  REQUIRE(as_label.height() == in_tai_font.height());
  CHECK((as_label == in_tai_font).min() == 255);  // the same pixels
  // Real glyphs, not Pango's boxes for a missing letter (all one width):
  // ꪀ (KO) is wider than the vowel sign ꪱ (AA).
  CHECK(mask("\xEA\xAA\x80", "DejaVu Sans Bold 40").width() > mask("\xEA\xAA\xB1", "DejaVu Sans Bold 40").width() + 5);
  // And a Vietnamese label stays in DejaVu Sans: the Tai font is not used for Latin letters.
  const VImage vi = mask("Chạm vào đây", "DejaVu Sans Bold 40");
  const VImage vi_tai = mask("Chạm vào đây", "Tai Heritage Pro Bold 40");
  CHECK((vi.width() != vi_tai.width() || (vi == vi_tai).min() == 0));
}

TEST_CASE("the output is the same bytes every time, and carries no metadata") {
  REQUIRE(ensure_vips_started());
  // A PNG with text chunks after its header, as cameras and phones write them.
  std::string source = png_bytes(noise(300, 500));
  source.insert(33, png_chunk("tEXt", std::string("Author\0Nguyen Van A", 19)) +
                        png_chunk("tEXt", std::string("GPS\0" "21.0285 N 105.8542 E", 24)));
  REQUIRE(decode(source).get_typeof("png-comment-0-Author") != 0);  // the input does carry it
  Overlays overlays;
  overlays.highlight.push_back({10, 10, 50, 50});
  overlays.label = "Chạm";
  OutputSettings webp;
  webp.max_width = 200;
  webp.quality = 75;
  const auto a = process_image(source, "a.png", overlays, webp, 40, kFont);
  const auto b = process_image(source, "a.png", overlays, webp, 40, kFont);
  REQUIRE(a.ok);
  CHECK(a.extension == "webp");
  CHECK(a.bytes == b.bytes);
  CHECK(a.bytes.find("EXIF") == std::string::npos);
  CHECK(a.bytes.find("XMP ") == std::string::npos);
  CHECK(a.bytes.find("ICCP") == std::string::npos);
  CHECK(a.bytes.find("Nguyen") == std::string::npos);
  const VImage decoded = VImage::new_from_buffer(a.bytes.data(), a.bytes.size(), "");
  CHECK(decoded.get_typeof(VIPS_META_EXIF_NAME) == 0);
  CHECK(decoded.get_typeof(VIPS_META_XMP_NAME) == 0);
  CHECK(decoded.width() == 200);
  const auto png = process_image(source, "a.png", overlays, png_output(), 40, kFont);
  REQUIRE(png.ok);
  CHECK(png.bytes.find("Nguyen") == std::string::npos);
  CHECK(png.bytes.find("tEXt") == std::string::npos);
  CHECK(decode(png.bytes).get_typeof("png-comment-0-Author") == 0);
}

TEST_CASE("bombs, truncated files, non-images, mislabelled files and out-of-bounds overlays are refused") {
  REQUIRE(ensure_vips_started());
  const std::string good = png_bytes(noise(100, 100));
  Overlays none;

  // 48 megapixels: refused from the header, before decoding.
  const std::string bomb = png_bytes(VImage::black(8000, 6000).cast(VIPS_FORMAT_UCHAR));
  auto out = process_image(bomb, "bomb.png", none, png_output(), 40, kFont);
  CHECK_FALSE(out.ok);
  CHECK(out.check_id == "image-too-large");
  CHECK(out.message.find("8000×6000") != std::string::npos);

  out = process_image(good.substr(0, good.size() / 2), "cut.png", none, png_output(), 40, kFont);
  CHECK_FALSE(out.ok);
  CHECK(out.check_id == "image-corrupt");

  out = process_image("just some text, not an image", "x.png", none, png_output(), 40, kFont);
  CHECK_FALSE(out.ok);
  CHECK(out.check_id == "image-format");

  out = process_image(good, "really-a-png.jpg", none, png_output(), 40, kFont);
  CHECK_FALSE(out.ok);
  CHECK(out.check_id == "image-format");

  Overlays outside;
  outside.redact.push_back({90, 90, 20, 20});
  out = process_image(good, "a.png", outside, png_output(), 40, kFont);
  CHECK_FALSE(out.ok);
  CHECK(out.check_id == "overlay-out-of-bounds");
  CHECK(out.message.find("redact [90, 90, 20, 20]") != std::string::npos);
}

TEST_CASE("overlays JSON: rectangles and labels are read; wrong shapes are errors") {
  std::string error;
  auto o = parse_overlays(R"({"highlight": [[1, 2, 3, 4]], "redact": [[5, 6, 7, 8]], "label": "Chạm"})", error);
  REQUIRE(o);
  CHECK(o->highlight.size() == 1);
  CHECK(o->redact[0].x == 5);
  CHECK(o->label == "Chạm");
  CHECK_FALSE(parse_overlays(R"({"highlight": [[1, 2, 3]]})", error));
  CHECK(error.find("[x, y, width, height]") != std::string::npos);
  CHECK_FALSE(parse_overlays(R"({"highlight": [[1, 2, 0, 4]]})", error));
  CHECK_FALSE(parse_overlays(R"({"label": 5})", error));
  CHECK(parse_overlays("{}", error)->highlight.empty());
}
