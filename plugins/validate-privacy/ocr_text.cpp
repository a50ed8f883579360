#include "ocr_text.h"

#include <algorithm>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

namespace validate_privacy {

using hocso::screenshots::Rect;

namespace {

constexpr const char* kCacheFormat = "hocso-privacy-ocr/1";

Rect union_of(const Rect& a, const Rect& b) {
  const int x0 = std::min(a.x, b.x), y0 = std::min(a.y, b.y);
  const int x1 = std::max(a.x + a.w, b.x + b.w), y1 = std::max(a.y + a.h, b.y + b.h);
  return {x0, y0, x1 - x0, y1 - y0};
}

Rect box_of(const OcrWord& w) { return {w.x, w.y, w.w, w.h}; }

Rect line_box(const std::vector<OcrWord>& line) {
  Rect box = box_of(line.front());
  for (const auto& w : line) box = union_of(box, box_of(w));
  return box;
}

// Words joined by spaces, remembering where each word's text is.
struct Piece {
  std::string text;
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  std::vector<const OcrWord*> words;

  void add(const std::vector<OcrWord>& line) {
    for (const auto& w : line) {
      if (!text.empty()) text += ' ';
      ranges.emplace_back(text.size(), text.size() + w.text.size());
      text += w.text;
      words.push_back(&w);
    }
  }
};

// The lines read together with line i: those right of it on the same row and
// the nearest one just below it that overlaps it across.
std::vector<std::size_t> neighbours(const std::vector<Rect>& boxes, std::size_t i) {
  std::vector<std::size_t> out;
  const Rect& a = boxes[i];
  std::optional<std::size_t> below;
  for (std::size_t j = 0; j < boxes.size(); ++j) {
    if (j == i) continue;
    const Rect& b = boxes[j];
    const int overlap_y = std::min(a.y + a.h, b.y + b.h) - std::max(a.y, b.y);
    const bool same_row = overlap_y * 2 >= std::min(a.h, b.h) && b.x >= a.x + a.w;
    const bool across = b.x < a.x + a.w && a.x < b.x + b.w;
    const int gap = b.y - (a.y + a.h);
    if (same_row) out.push_back(j);
    else if (across && b.y > a.y && gap <= a.h * 3 / 2 && (!below || b.y < boxes[*below].y)) below = j;
  }
  if (below) out.push_back(*below);
  return out;
}

}  // namespace

std::string to_cache_bytes(const OcrText& text) {
  nlohmann::json lines = nlohmann::json::array();
  for (const auto& line : text.lines) {
    nlohmann::json words = nlohmann::json::array();
    for (const auto& w : line) words.push_back({w.x, w.y, w.w, w.h, w.text});
    lines.push_back(std::move(words));
  }
  return nlohmann::json{{"format", kCacheFormat}, {"width", text.width}, {"height", text.height}, {"lines", lines}}
      .dump();
}

std::optional<OcrText> from_cache_bytes(std::string_view bytes) {
  const nlohmann::json doc = nlohmann::json::parse(bytes, nullptr, false);
  if (!doc.is_object()) return std::nullopt;
  if (const auto format = doc.find("format"); format == doc.end() || *format != kCacheFormat) return std::nullopt;
  auto whole = [](const nlohmann::json& v, long long low, long long high) {
    return v.is_number_integer() && v.get<long long>() >= low && v.get<long long>() <= high;
  };
  const auto width = doc.find("width"), height = doc.find("height"), lines = doc.find("lines");
  if (width == doc.end() || height == doc.end() || lines == doc.end() || !whole(*width, 1, 1'000'000) ||
      !whole(*height, 1, 1'000'000) || !lines->is_array())
    return std::nullopt;
  OcrText text;
  text.width = width->get<int>();
  text.height = height->get<int>();
  for (const auto& line : *lines) {
    if (!line.is_array()) return std::nullopt;
    std::vector<OcrWord> words;
    for (const auto& w : line) {
      if (!w.is_array() || w.size() != 5 || !whole(w[0], 0, text.width - 1) || !whole(w[1], 0, text.height - 1) ||
          !whole(w[2], 1, text.width) || !whole(w[3], 1, text.height) || !w[4].is_string())
        return std::nullopt;
      OcrWord word{w[4].get<std::string>(), w[0].get<int>(), w[1].get<int>(), w[2].get<int>(), w[3].get<int>()};
      if (word.x + word.w > text.width || word.y + word.h > text.height) return std::nullopt;
      words.push_back(std::move(word));
    }
    text.lines.push_back(std::move(words));
  }
  return text;
}

std::vector<PictureFinding> findings_in(const OcrText& text) {
  std::vector<Rect> boxes;
  for (const auto& line : text.lines) boxes.push_back(line_box(line));
  std::vector<PictureFinding> out;
  auto search = [&](const Piece& piece) {
    for (const Found& found : find_private_data(piece.text)) {
      std::optional<Rect> box;
      for (std::size_t k = 0; k < piece.words.size(); ++k) {
        const auto [b, e] = piece.ranges[k];
        if (b < found.end && found.begin < e) box = box ? union_of(*box, box_of(*piece.words[k])) : box_of(*piece.words[k]);
      }
      if (!box) continue;
      // A margin: OCR boxes hug the ink, and anti-aliased edges still show digits.
      const int pad = std::max(2, box->h / 4);
      const int x0 = std::max(0, box->x - pad), y0 = std::max(0, box->y - pad);
      const int x1 = std::min(text.width, box->x + box->w + pad), y1 = std::min(text.height, box->y + box->h + pad);
      const Rect cover{x0, y0, x1 - x0, y1 - y0};
      const bool seen = std::any_of(out.begin(), out.end(), [&](const PictureFinding& f) {
        return f.cover.x == cover.x && f.cover.y == cover.y && f.cover.w == cover.w && f.cover.h == cover.h;
      });
      if (!seen)
        out.push_back({found.kind, piece.text.substr(found.begin, found.end - found.begin), found.value, *box, cover});
    }
  };
  for (std::size_t i = 0; i < text.lines.size(); ++i) {
    for (std::size_t j : neighbours(boxes, i)) {
      Piece piece;
      piece.add(text.lines[i]);
      piece.add(text.lines[j]);
      search(piece);
    }
    Piece piece;
    piece.add(text.lines[i]);
    search(piece);
  }
  std::stable_sort(out.begin(), out.end(), [](const PictureFinding& a, const PictureFinding& b) {
    return std::pair(a.box.y, a.box.x) < std::pair(b.box.y, b.box.x);
  });
  return out;
}

}  // namespace validate_privacy
