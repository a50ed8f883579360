#include "json_pointer.h"

namespace validate_core {

std::string escape_pointer_segment(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string child_pointer(std::string_view parent, std::string_view key) {
  std::string out(parent);
  out += '/';
  out += escape_pointer_segment(key);
  return out;
}

std::string child_pointer(std::string_view parent, std::size_t index) {
  return child_pointer(parent, std::to_string(index));
}

std::string display_pointer(std::string_view pointer) {
  std::string out;
  for (std::size_t i = pointer.empty() || pointer[0] != '/' ? 0 : 1; i < pointer.size(); ++i) {
    if (pointer[i] == '~' && i + 1 < pointer.size() && (pointer[i + 1] == '0' || pointer[i + 1] == '1')) {
      out += pointer[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      out += pointer[i];
    }
  }
  return out;
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
