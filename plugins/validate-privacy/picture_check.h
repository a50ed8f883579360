#pragma once
// The privacy check of pictures: each picture a lesson shows is decoded and
// redacted exactly as a bundle gets it (libs/screen-pixels), read with OCR
// (ocr_engine.h) and the words searched with the text rules (private_data.h).
// A reading is kept in the host's build cache under the SHA-256 of everything
// it depends on (the picture's bytes, its `redact:` rectangles, Tesseract and
// its language data, libvips, the OCR setup): a reading found there is one
// this host made from those very inputs (decision 0009), so a cache can make
// a check faster but cannot make it pass a picture it would fail.

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hocso/plugin.h"
#include "ocr_engine.h"
#include "overlays.h"
#include "private_data.h"

namespace validate_privacy {

// One picture file a lesson shows (the reference itself or a screens/<lang>/ variant).
struct Picture {
  std::string shown;            // as messages name it: "lessons/x/screens/en/a.png"
  std::filesystem::path file;   // absolute
  std::string target;           // its `screens:` key, the reference as written ("screens/a.png")
  std::string language;         // Tesseract's language: "eng" for screens/en/, else "vie"
  hocso::screenshots::Overlays overlays;  // what OCR reads under: the `redact:` boxes that are painted
  std::vector<hocso::screenshots::Rect> written_redact;  // the entry's `redact:` as written (for messages)
};

struct PictureReading {
  bool ok = false;
  std::string problem;                 // !ok: why the picture could not be read (one sentence)
  // !ok because the picture itself is too large or damaged: the screenshots
  // stage's check id for that (image-too-large, image-corrupt), else empty.
  std::string picture_fault;
  std::vector<PictureFinding> findings;
};

class PictureReader {
 public:
  // `max_megapixels`: the screenshots stage's limit (a larger picture is
  // refused from its header, as that stage refuses it).
  explicit PictureReader(double max_megapixels);
  ~PictureReader();
  PictureReader(const PictureReader&) = delete;
  PictureReader& operator=(const PictureReader&) = delete;

  // Reads every picture, the ones the cache does not know on the OCR threads
  // (made on first need, one per core), and returns one reading each, in order.
  std::vector<PictureReading> read(const std::vector<Picture>& pictures, const hocso::StageCache* cache);

 private:
  std::optional<std::string> cache_key(const Picture& picture, const std::string& bytes_sha256);

  double max_megapixels_;
  std::unique_ptr<OcrPool> pool_;
  std::map<std::string, std::string> language_data_sha256_;  // "vie" → of vie.traineddata ("" unreadable)
};

// How many OCR threads: the cores this process may run on.
unsigned ocr_threads();

}  // namespace validate_privacy
