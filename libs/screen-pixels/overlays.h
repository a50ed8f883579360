#pragma once
// The overlays a lesson's front matter asks for on one screenshot
// (`screens: {NAME: {highlight: [[x, y, w, h], ...], redact: [...], label: ...}}`).

#include <optional>
#include <string>
#include <vector>

namespace hocso::screenshots {

struct Rect {
  int x = 0, y = 0, w = 0, h = 0;
};

struct Overlays {
  std::vector<Rect> highlight;
  std::vector<Rect> redact;
  std::string label;  // drawn beside the first highlight (or along the bottom); "" for none
};

// Parses the overlays JSON. Returns nullopt and sets `error` when a rectangle is
// not four non-negative integers with a positive size.
std::optional<Overlays> parse_overlays(const std::string& json, std::string& error);

// The first rectangle (as "highlight [x, y, w, h]") that does not lie inside a
// width × height image, or "" when all do.
std::string first_out_of_bounds(const Overlays& overlays, int width, int height);

}  // namespace hocso::screenshots
