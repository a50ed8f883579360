#include "ocr_engine.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <system_error>
#include <mutex>
#include <utility>

#include <leptonica/allheaders.h>
#include <omp.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#ifndef HOCSO_TESSDATA_DIR
#define HOCSO_TESSDATA_DIR "/usr/share/tesseract-ocr/5/tessdata"
#endif

// Exported by libtesseract 5 (Tesseract's own log), not declared in its
// installed headers; see quiet_tesseract().
namespace tesseract {
void tprintf(const char* format, ...);
}

namespace validate_privacy {

namespace {

// Sparse text: find as much text as possible in no particular order, as on
// app screens (short labels, buttons, fields), not paragraphs of a page.
constexpr auto kPageSegMode = tesseract::PSM_SPARSE_TEXT;
// Screens have no print resolution; a fixed one keeps Tesseract from guessing
// (and from saying so on stderr).
constexpr int kResolution = 96;

// A plugin never prints. Tesseract logs through tprintf() to `debug_file`,
// opened once on first use (a static FILE*, not thread-safe): it is pointed at
// /dev/null and opened here, once, before any engine reads anything on the
// pool's threads. Leptonica's messages are turned off.
void quiet_tesseract() {
  static std::once_flag once;
  std::call_once(once, [] {
    setMsgSeverity(L_SEVERITY_NONE);
    tesseract::TessBaseAPI api;
    api.SetVariable("debug_file", "/dev/null");
    tesseract::tprintf("%s", "");
  });
}

std::string nfc(const std::string& text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return text;
  icu::UnicodeString normalized = normalizer->normalize(icu::UnicodeString::fromUTF8(text), status);
  if (U_FAILURE(status)) return text;
  std::string out;
  normalized.toUTF8String(out);
  return out;
}

}  // namespace

std::string tesseract_version() { return tesseract::TessBaseAPI::Version(); }

std::filesystem::path tessdata_dir() {
  if (const char* prefix = std::getenv("TESSDATA_PREFIX"); prefix && *prefix) return prefix;
  return HOCSO_TESSDATA_DIR;
}

std::string ocr_setup_text() {
  return "tesseract " + tesseract_version() + "; LSTM; psm " + std::to_string(static_cast<int>(kPageSegMode)) +
         "; " + std::to_string(kResolution) + " dpi; grey";
}

OcrEngine::OcrEngine(std::filesystem::path tessdata) : tessdata_(std::move(tessdata)) {}

OcrEngine::~OcrEngine() {
  for (auto& [language, api] : engines_) api->End();
}

std::optional<OcrText> OcrEngine::read(const GreyPicture& picture, const std::string& language, std::string& error) {
  auto found = engines_.find(language);
  if (found == engines_.end()) {
    auto api = std::make_unique<tesseract::TessBaseAPI>();
    if (api->Init(tessdata_.c_str(), language.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
      error = "Tesseract could not load its '" + language + "' language data from " + tessdata_.string();
      return std::nullopt;
    }
    api->SetPageSegMode(kPageSegMode);
    found = engines_.emplace(language, std::move(api)).first;
  }
  tesseract::TessBaseAPI& api = *found->second;
  api.SetImage(reinterpret_cast<const unsigned char*>(picture.pixels.data()), picture.width, picture.height, 1,
               picture.width);
  api.SetSourceResolution(kResolution);
  if (api.Recognize(nullptr) != 0) {
    api.Clear();
    error = "Tesseract could not read it";
    return std::nullopt;
  }
  OcrText text;
  text.width = picture.source_width;
  text.height = picture.source_height;
  // OCR pixels back to source pixels, rounded outwards and kept inside the picture.
  auto to_source = [&](int left, int top, int right, int bottom, OcrWord& word) {
    const int x0 = std::clamp(static_cast<int>(left / picture.scale), 0, text.width - 1);
    const int y0 = std::clamp(static_cast<int>(top / picture.scale), 0, text.height - 1);
    const int x1 = std::clamp(static_cast<int>(std::ceil(right / picture.scale)), x0 + 1, text.width);
    const int y1 = std::clamp(static_cast<int>(std::ceil(bottom / picture.scale)), y0 + 1, text.height);
    word.x = x0, word.y = y0, word.w = x1 - x0, word.h = y1 - y0;
  };
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  if (it) {
    do {
      if (it->Empty(tesseract::RIL_WORD)) continue;
      std::unique_ptr<char[]> utf8(it->GetUTF8Text(tesseract::RIL_WORD));
      int left = 0, top = 0, right = 0, bottom = 0;
      if (!utf8 || !*utf8.get() || !it->BoundingBox(tesseract::RIL_WORD, &left, &top, &right, &bottom)) continue;
      if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE) || text.lines.empty()) text.lines.emplace_back();
      OcrWord word;
      word.text = nfc(utf8.get());
      to_source(left, top, right, bottom, word);
      text.lines.back().push_back(std::move(word));
    } while (it->Next(tesseract::RIL_WORD));
  }
  std::erase_if(text.lines, [](const std::vector<OcrWord>& line) { return line.empty(); });
  api.Clear();
  return text;
}

OcrPool::OcrPool(unsigned threads, std::filesystem::path tessdata) : tessdata_(std::move(tessdata)) {
  quiet_tesseract();
  for (unsigned i = 0; i < std::max(1u, threads); ++i) {
    try {
      threads_.emplace_back([this] { work(); });
    } catch (const std::system_error&) {
      if (threads_.empty()) throw;
      break;  // fewer threads: the work still gets done
    }
  }
}

OcrPool::~OcrPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

void OcrPool::run(std::vector<std::function<void(OcrEngine&)>> jobs) {
  std::unique_lock lock(mutex_);
  for (auto& job : jobs) queue_.push_back(std::move(job));
  pending_ += jobs.size();
  wake_.notify_all();
  done_.wait(lock, [&] { return pending_ == 0; });
  if (auto failure = std::exchange(failure_, nullptr)) std::rethrow_exception(failure);
}

void OcrPool::work() {
  // libtesseract runs parts of its LSTM in OpenMP teams of four threads; on
  // these threads (already one per core) that only adds threads that spin:
  // reading the sample pack took three times as long. So no OpenMP team on
  // this thread (the setting is per thread; the host's are untouched).
  omp_set_max_active_levels(0);
  OcrEngine engine(tessdata_);
  for (;;) {
    std::function<void(OcrEngine&)> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      job(engine);
    } catch (...) {
      std::lock_guard lock(mutex_);
      if (!failure_) failure_ = std::current_exception();
    }
    std::lock_guard lock(mutex_);
    if (--pending_ == 0) done_.notify_all();
  }
}

}  // namespace validate_privacy
