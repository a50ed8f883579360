#include "schema_limits.h"

#include <fstream>
#include <sstream>

namespace hocso {

namespace {

constexpr int kMaxRefs = 16;  // local references followed for one node (no cycles in our schemas, but no trust either)

// `node` with local "#/definitions/x" references followed.
const nlohmann::json* resolve(const nlohmann::json& root, const nlohmann::json* node) {
  for (int hops = 0; node && node->is_object() && node->contains("$ref"); ++hops) {
    const auto& ref = (*node)["$ref"];
    if (hops == kMaxRefs || !ref.is_string() || !ref.get_ref<const std::string&>().starts_with("#/")) return nullptr;
    try {
      node = &root.at(nlohmann::json::json_pointer(ref.get<std::string>().substr(1)));
    } catch (const nlohmann::json::exception&) {
      return nullptr;
    }
  }
  return node && node->is_object() ? node : nullptr;
}

// The schema of member `token` of an object or array described by `node`.
const nlohmann::json* child(const nlohmann::json& node, const std::string& token) {
  if (auto p = node.find("properties"); p != node.end() && p->is_object())
    if (auto m = p->find(token); m != p->end()) return &*m;
  if (auto a = node.find("additionalProperties"); a != node.end() && a->is_object()) return &*a;
  if (auto i = node.find("items"); i != node.end() && i->is_object()) return &*i;
  return nullptr;
}

}  // namespace

std::optional<std::size_t> schema_max_length(const nlohmann::json& schema, std::string_view pointer) {
  if (!schema.is_object()) return std::nullopt;
  nlohmann::json::json_pointer parsed;
  try {
    parsed = nlohmann::json::json_pointer(std::string(pointer));
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
  std::vector<std::string> tokens;
  for (auto p = parsed; !p.empty(); p = p.parent_pointer()) tokens.insert(tokens.begin(), p.back());
  const nlohmann::json* node = resolve(schema, &schema);
  for (const auto& token : tokens) {
    if (!node) return std::nullopt;
    node = resolve(schema, child(*node, token));
  }
  if (!node) return std::nullopt;
  auto max = node->find("maxLength");
  if (max == node->end() || !max->is_number_unsigned()) return std::nullopt;
  return max->get<std::size_t>();
}

nlohmann::json read_schema_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return nullptr;
  std::ostringstream text;
  text << in.rdbuf();
  auto doc = nlohmann::json::parse(text.str(), nullptr, false);
  return doc.is_discarded() ? nlohmann::json(nullptr) : doc;
}

std::size_t code_points(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace hocso
