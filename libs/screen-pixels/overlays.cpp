#include "overlays.h"

#include <nlohmann/json.hpp>

#include "hocso/lesson_files.h"

namespace hocso::screenshots {

namespace {

using Json = nlohmann::json;

std::string describe(const char* kind, const Rect& r) {
  return std::string(kind) + " [" + std::to_string(r.x) + ", " + std::to_string(r.y) + ", " + std::to_string(r.w) +
         ", " + std::to_string(r.h) + "]";
}

bool read_rects(const Json& doc, const char* key, std::vector<Rect>& out, std::string& error) {
  auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) return true;
  if (!it->is_array()) {
    error = std::string("`") + key + "` must be a list of [x, y, width, height] rectangles";
    return false;
  }
  for (const auto& item : *it) {
    bool good = item.is_array() && item.size() == 4;
    for (std::size_t i = 0; good && i < 4; ++i)
      good = item[i].is_number_integer() && item[i].get<long long>() >= 0 && item[i].get<long long>() <= 1000000;
    if (good) {
      Rect r{item[0].get<int>(), item[1].get<int>(), item[2].get<int>(), item[3].get<int>()};
      if (r.w > 0 && r.h > 0) {
        out.push_back(r);
        continue;
      }
    }
    error = std::string("each `") + key + "` rectangle must be [x, y, width, height] in whole source pixels, "
            "with a width and height above 0; found " + item.dump();
    return false;
  }
  return true;
}

}  // namespace

std::optional<Overlays> parse_overlays(const std::string& json, std::string& error) {
  Json doc = Json::parse(json, nullptr, false);
  if (doc.is_discarded() || doc.is_null()) return Overlays{};
  if (!doc.is_object()) {
    error = "a `screens:` entry must be a mapping with `highlight:` and/or `redact:`";
    return std::nullopt;
  }
  Overlays overlays;
  if (!read_rects(doc, "highlight", overlays.highlight, error)) return std::nullopt;
  if (!read_rects(doc, "redact", overlays.redact, error)) return std::nullopt;
  if (auto it = doc.find("label"); it != doc.end() && !it->is_null()) {
    if (!it->is_string()) {
      error = "`label` must be a text";
      return std::nullopt;
    }
    overlays.label = it->get<std::string>();
  }
  return overlays;
}

std::string first_out_of_bounds(const Overlays& overlays, int width, int height) {
  auto outside = [&](const Rect& r) { return !hocso::rectangle_inside(r.x, r.y, r.w, r.h, width, height); };
  for (const auto& r : overlays.redact)
    if (outside(r)) return describe("redact", r);
  for (const auto& r : overlays.highlight)
    if (outside(r)) return describe("highlight", r);
  return "";
}

}  // namespace hocso::screenshots
