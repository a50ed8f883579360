#include "media_cache.h"


#include <fstream>
#include <vector>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "atomic_file.h"
#include "hashing.h"

namespace hocso {

namespace fs = std::filesystem;

// Entry layout: one line of JSON (format, sha256 and size of the image, its
// extension, width, height, source file), a newline, then the image bytes.

fs::path MediaCache::entry_path(const std::string& key) const { return dir_ / key.substr(0, 2) / key; }

std::optional<MediaCache::Found> MediaCache::find(const std::string& key) const {
  if (key.size() < 2) return std::nullopt;
  Found found;
  found.file = entry_path(key);
  std::ifstream in(found.file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string header;
  if (!std::getline(in, header)) return std::nullopt;
  found.offset = header.size() + 1;
  // The bytes are hashed in chunks, not kept: the bundle reads them from here.
  Sha256 hash;
  std::vector<char> buffer(64 * 1024);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto count = static_cast<std::size_t>(in.gcount());
    hash.update(buffer.data(), count);
    found.size += count;
  }
  if (in.bad()) return std::nullopt;
  const auto doc = nlohmann::json::parse(header, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  try {
    if (doc.at("format").get<std::string>() != "hocso-media-cache/1") return std::nullopt;
    if (doc.at("size").get<std::uint64_t>() != found.size || found.size == 0) return std::nullopt;
    found.sha256 = to_hex(hash.finish());
    if (doc.at("sha256").get<std::string>() != found.sha256) return std::nullopt;
    found.extension = doc.at("extension").get<std::string>();
    found.width = doc.at("width").get<int>();
    found.height = doc.at("height").get<int>();
    found.source_file = doc.at("source_file").get<std::string>();
    if (found.extension != "webp" && found.extension != "png" && found.extension != "jpg") return std::nullopt;
    if (found.width <= 0 || found.height <= 0) return std::nullopt;
    return found;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

void MediaCache::store(const std::string& key, const ImageResult& result) const {
  if (key.size() < 2 || !result.ok) return;
  const nlohmann::json header{{"format", "hocso-media-cache/1"},
                              {"sha256", to_hex(sha256(result.bytes))},
                              {"size", result.bytes.size()},
                              {"extension", result.extension},
                              {"width", result.width},
                              {"height", result.height},
                              {"source_file", result.source_file}};
  write_file_atomically(entry_path(key), {header.dump(), "\n", result.bytes});  // a failed write only costs time
}

}  // namespace hocso
