#include "media_cache.h"

#include <nlohmann/json.hpp>

namespace hocso {

namespace {
constexpr const char* kKind = "media";
constexpr const char* kFormat = "hocso-media/2";
}  // namespace

std::optional<MediaCache::Found> MediaCache::find(const std::string& key) const {
  auto entry = cache_.find_file(kKind, key);
  if (!entry || entry->size == 0) return std::nullopt;
  const auto meta = nlohmann::json::parse(entry->meta, nullptr, false);
  if (meta.is_discarded() || !meta.is_object()) return std::nullopt;
  try {
    if (meta.at("format").get<std::string>() != kFormat) return std::nullopt;
    Found found{entry->file, entry->offset, entry->size, entry->sha256, meta.at("extension").get<std::string>(),
                meta.at("width").get<int>(), meta.at("height").get<int>(), meta.at("source_file").get<std::string>()};
    if (found.extension != "webp" && found.extension != "png" && found.extension != "jpg") return std::nullopt;
    if (found.width <= 0 || found.height <= 0) return std::nullopt;
    return found;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

void MediaCache::store(const std::string& key, const ImageResult& result) const {
  if (!result.ok || result.bytes.empty()) return;
  const nlohmann::json meta{{"format", kFormat},
                            {"extension", result.extension},
                            {"width", result.width},
                            {"height", result.height},
                            {"source_file", result.source_file}};
  cache_.store_file(kKind, key, meta.dump(), result.bytes);
}

}  // namespace hocso
