#include "picture_check.h"

#include <sched.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>
#include <utility>

#include <openssl/evp.h>

#include "screen_decode.h"

namespace validate_privacy {

namespace fs = std::filesystem;
using hocso::screenshots::Rect;

namespace {

// Pictures above this many pixels are scaled down before OCR (a 1080×2400
// phone screenshot is not): it bounds the memory and layout work a large
// photo would take. Screenshots gain nothing from it: Tesseract's time goes
// into the text lines, each scaled to one height (docs/library-pitfalls.md).
constexpr double kMaxOcrPixels = 2.6e6;

std::string to_hex(const unsigned char* bytes, unsigned length) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < length; ++i) {
    out += digits[bytes[i] >> 4];
    out += digits[bytes[i] & 15];
  }
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) return "";
  return to_hex(digest, length);
}

std::optional<std::string> read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(bytes).str();
}

}  // namespace

unsigned ocr_threads() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

PictureReader::PictureReader(double max_megapixels) : max_megapixels_(max_megapixels) {}

PictureReader::~PictureReader() = default;

std::optional<std::string> PictureReader::cache_key(const Picture& picture, const std::string& bytes_sha256) {
  std::string data_hashes;
  std::stringstream languages(picture.language);
  for (std::string language; std::getline(languages, language, '+');) {
    auto [it, fresh] = language_data_sha256_.emplace(language, "");
    if (fresh) {
      const auto data = read_file(tessdata_dir() / (language + ".traineddata"));
      it->second = data ? sha256_hex(*data) : "";
    }
    if (it->second.empty()) return std::nullopt;  // OCR will say why
    data_hashes += language + " " + it->second + "; ";
  }
  std::string redact;
  for (const Rect& r : picture.overlays.redact)
    redact += std::to_string(r.x) + "," + std::to_string(r.y) + "," + std::to_string(r.w) + "," +
              std::to_string(r.h) + ";";
  std::string key;
  for (const std::string& field :
       {std::string("hocso-privacy-ocr-key/1"), ocr_setup_text(), hocso::screenshots::vips_version_text(),
        std::to_string(kMaxOcrPixels), std::to_string(max_megapixels_), picture.language, data_hashes, redact,
        picture.file.extension().string(), bytes_sha256})
    key += std::to_string(field.size()) + ":" + field;
  return sha256_hex(key);
}

std::vector<PictureReading> PictureReader::read(const std::vector<Picture>& pictures, const hocso::StageCache* cache) {
  std::vector<PictureReading> readings(pictures.size());
  std::vector<std::function<void(OcrEngine&)>> jobs;
  std::vector<std::optional<std::string>> keys(pictures.size());
  std::vector<std::string> bytes(pictures.size());
  for (std::size_t i = 0; i < pictures.size(); ++i) {
    auto data = read_file(pictures[i].file);
    if (!data) {
      readings[i].problem = "it cannot be read";
      continue;
    }
    bytes[i] = std::move(*data);
    keys[i] = cache_key(pictures[i], sha256_hex(bytes[i]));
    if (cache && keys[i]) {
      if (auto kept = cache->find("privacy-ocr", *keys[i])) {
        if (auto text = from_cache_bytes(*kept)) {
          readings[i].ok = true;
          readings[i].findings = findings_in(*text);
          continue;
        }
      }
    }
    jobs.push_back([&, i](OcrEngine& engine) {
      const Picture& picture = pictures[i];
      PictureReading& reading = readings[i];
      if (!hocso::screenshots::ensure_vips_started()) {
        reading.problem = "libvips could not be started";
        return;
      }
      hocso::screenshots::DecodedScreen decoded =
          hocso::screenshots::decode_screen(bytes[i], picture.file.filename().string(), picture.overlays,
                                            max_megapixels_);
      bytes[i].clear();
      if (!decoded.ok) {
        reading.problem = "it " + decoded.message;
        if (decoded.check_id == "image-too-large" || decoded.check_id == "image-corrupt")
          reading.picture_fault = decoded.check_id;
        return;
      }
      GreyPicture grey;
      try {
        vips::VImage image = decoded.image.colourspace(VIPS_INTERPRETATION_B_W);
        if (image.bands() > 1) image = image.extract_band(0);
        grey.source_width = image.width();
        grey.source_height = image.height();
        const double pixels = static_cast<double>(image.width()) * image.height();
        if (pixels > kMaxOcrPixels) {
          grey.scale = std::sqrt(kMaxOcrPixels / pixels);
          image = image.resize(grey.scale);
        }
        if (image.format() != VIPS_FORMAT_UCHAR) image = image.cast(VIPS_FORMAT_UCHAR);
        std::size_t size = 0;
        void* memory = image.write_to_memory(&size);
        grey.pixels.assign(static_cast<const char*>(memory), size);
        g_free(memory);
        grey.width = image.width();
        grey.height = image.height();
      } catch (const vips::VError& e) {
        reading.problem = std::string("it could not be prepared for OCR (") + e.what() + ")";
        return;
      }
      std::string error;
      std::optional<OcrText> text = engine.read(grey, picture.language, error);
      if (!text) {
        reading.problem = error;
        return;
      }
      reading.ok = true;
      reading.findings = findings_in(*text);
      if (cache && keys[i]) cache->store("privacy-ocr", *keys[i], to_cache_bytes(*text));
    });
  }
  if (!jobs.empty()) {
    if (!pool_) pool_ = std::make_unique<OcrPool>(std::min<unsigned>(ocr_threads(), 64), tessdata_dir());
    pool_->run(std::move(jobs));
  }
  return readings;
}

}  // namespace validate_privacy
