#pragma once
// What OCR read in a picture (words and their boxes, in source pixels), how
// the build cache keeps it, and what the text rules find in it: the part of
// the picture check that needs neither Tesseract nor libvips.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "overlays.h"
#include "private_data.h"

namespace validate_privacy {

// A picture ready for OCR: 8-bit grey pixels, row by row, and the scale they
// were made at from the source picture (OCR coordinates / scale = source pixels).
struct GreyPicture {
  int width = 0, height = 0;
  std::string pixels;  // width × height bytes
  double scale = 1.0;
  int source_width = 0, source_height = 0;
};

// A word and its box, in source pixels.
struct OcrWord {
  std::string text;  // UTF-8, NFC
  int x = 0, y = 0, w = 0, h = 0;
};

// What OCR read in one picture: its lines of words, in reading order.
struct OcrText {
  int width = 0, height = 0;  // of the source picture
  std::vector<std::vector<OcrWord>> lines;
};

// OcrText as the bytes the build cache keeps, and back. from_cache_bytes()
// accepts only what to_cache_bytes() writes (format line, sizes, boxes inside
// the picture); anything else is nullopt and the picture is read again.
std::string to_cache_bytes(const OcrText& text);
std::optional<OcrText> from_cache_bytes(std::string_view bytes);

struct PictureFinding {
  Kind kind = Kind::phone;
  std::string written;                 // what OCR read there
  std::string value;                   // allow_key() of it
  hocso::screenshots::Rect box;        // the words' box, source pixels
  hocso::screenshots::Rect cover;      // a rectangle that covers them with a margin, inside the picture
};

// What the text rules find in what OCR read: each line on its own, and each
// line with the lines right of it on the same row and the nearest one below it
// (a label beside or above its field: "Số tài khoản" over "1903 4567 8901"); a
// rectangle is reported once; in order from the top.
std::vector<PictureFinding> findings_in(const OcrText& text);

}  // namespace validate_privacy
