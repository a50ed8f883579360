#pragma once
// Reading the text of a picture with Tesseract (Debian's libtesseract and its
// tesseract-ocr-vie / -eng language data), on a few worker threads with one
// engine each: a TessBaseAPI is not thread-safe, and loading a language takes
// longer than reading a small screenshot, so each thread keeps its engines.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ocr_text.h"

namespace tesseract {
class TessBaseAPI;
}

namespace validate_privacy {

// "5.3.0": the Tesseract library's version.
std::string tesseract_version();

// The folder of Tesseract's language data: $TESSDATA_PREFIX when set (the
// variable Tesseract itself reads), else the one found when hocso was built.
std::filesystem::path tessdata_dir();

// How OCR is set up here (page segmentation, resolution, ...): part of the
// cache key, so that a change of setup reads every picture again.
std::string ocr_setup_text();

// One thread's Tesseract engines, one per language string ("vie", "eng").
class OcrEngine {
 public:
  explicit OcrEngine(std::filesystem::path tessdata);
  ~OcrEngine();
  OcrEngine(const OcrEngine&) = delete;
  OcrEngine& operator=(const OcrEngine&) = delete;

  // The words of `picture` in source pixels; nullopt with `error` set when
  // the language cannot be loaded or recognition fails.
  std::optional<OcrText> read(const GreyPicture& picture, const std::string& language, std::string& error);

 private:
  std::filesystem::path tessdata_;
  std::map<std::string, std::unique_ptr<tesseract::TessBaseAPI>> engines_;
};

// Worker threads, each with its OcrEngine, alive from construction to
// destruction (joined there).
class OcrPool {
 public:
  OcrPool(unsigned threads, std::filesystem::path tessdata);
  ~OcrPool();
  OcrPool(const OcrPool&) = delete;
  OcrPool& operator=(const OcrPool&) = delete;

  // Runs every job on the pool's threads, each with that thread's engine, and
  // returns when all are done. A job that throws stops nothing else; the
  // first exception is thrown here afterwards.
  void run(std::vector<std::function<void(OcrEngine&)>> jobs);

 private:
  void work();

  std::filesystem::path tessdata_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::deque<std::function<void(OcrEngine&)>> queue_;
  std::size_t pending_ = 0;
  std::exception_ptr failure_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace validate_privacy
