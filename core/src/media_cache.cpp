#include "media_cache.h"

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hashing.h"

namespace hocso {

namespace fs = std::filesystem;

// Entry layout: one line of JSON (format, sha256 and size of the image, its
// extension, width, height, source file), a newline, then the image bytes.

fs::path MediaCache::entry_path(const std::string& key) const { return dir_ / key.substr(0, 2) / key; }

std::optional<ImageResult> MediaCache::load(const std::string& key) const {
  if (key.size() < 2) return std::nullopt;
  std::ifstream in(entry_path(key), std::ios::binary);
  if (!in) return std::nullopt;
  std::string header;
  if (!std::getline(in, header)) return std::nullopt;
  std::ostringstream rest;
  rest << in.rdbuf();
  std::string bytes = std::move(rest).str();
  const auto doc = nlohmann::json::parse(header, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  try {
    if (doc.at("format").get<std::string>() != "hocso-media-cache/1") return std::nullopt;
    if (doc.at("size").get<std::uint64_t>() != bytes.size()) return std::nullopt;
    if (doc.at("sha256").get<std::string>() != to_hex(sha256(bytes))) return std::nullopt;
    ImageResult result;
    result.ok = true;
    result.bytes = std::move(bytes);
    result.extension = doc.at("extension").get<std::string>();
    result.width = doc.at("width").get<int>();
    result.height = doc.at("height").get<int>();
    result.source_file = doc.at("source_file").get<std::string>();
    if (result.extension != "webp" && result.extension != "png" && result.extension != "jpg") return std::nullopt;
    return result;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

void MediaCache::store(const std::string& key, const ImageResult& result) const {
  if (key.size() < 2 || !result.ok) return;
  static std::atomic<unsigned> counter{0};
  const fs::path final_path = entry_path(key);
  std::error_code ec;
  fs::create_directories(final_path.parent_path(), ec);
  if (ec) return;
  const fs::path temp = final_path.parent_path() / fmt::format(".{}.{}.{}.tmp", key, ::getpid(), counter++);
  const nlohmann::json header{{"format", "hocso-media-cache/1"},
                              {"sha256", to_hex(sha256(result.bytes))},
                              {"size", result.bytes.size()},
                              {"extension", result.extension},
                              {"width", result.width},
                              {"height", result.height},
                              {"source_file", result.source_file}};
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << header.dump() << '\n';
    out.write(result.bytes.data(), static_cast<std::streamsize>(result.bytes.size()));
    out.close();
    if (!out) {
      fs::remove(temp, ec);
      return;
    }
  }
  fs::rename(temp, final_path, ec);
  if (ec) fs::remove(temp, ec);
}

}  // namespace hocso
