#include "json_pointer.h"

namespace validate_core {

std::string child_pointer(std::string_view parent, std::string_view key) {
  return (nlohmann::json::json_pointer(std::string(parent)) / std::string(key)).to_string();
}

std::string child_pointer(std::string_view parent, std::size_t index) {
  return child_pointer(parent, std::to_string(index));
}

std::string display_pointer(std::string_view pointer) {
  try {
    nlohmann::json::json_pointer parsed{std::string(pointer)};
    std::string out;
    while (!parsed.empty()) {
      out.insert(0, (parsed.parent_pointer().empty() ? "" : "/") + parsed.back());
      parsed.pop_back();
    }
    return out;
  } catch (const nlohmann::json::exception&) {
    return std::string(pointer);  // not a pointer: shown as it is
  }
}

const nlohmann::json* node_at(const nlohmann::json& document, std::string_view pointer) {
  try {
    const nlohmann::json::json_pointer parsed{std::string(pointer)};
    return document.contains(parsed) ? &document.at(parsed) : nullptr;
  } catch (const nlohmann::json::exception&) {
    return nullptr;
  }
}

}  // namespace validate_core
