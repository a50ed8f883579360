#include "json_pointer.h"

#include <map>
#include <vector>

#include <fmt/format.h>

#include "hocso/messages.h"

namespace validate_core {

std::string child_pointer(std::string_view parent, std::string_view key) {
  return (nlohmann::json::json_pointer(std::string(parent)) / std::string(key)).to_string();
}

std::string child_pointer(std::string_view parent, std::size_t index) {
  return child_pointer(parent, std::to_string(index));
}

namespace {

bool is_index(const std::string& token) {
  return !token.empty() && token.size() < 10 && token.find_first_not_of("0123456789") == std::string::npos;
}

using hocso::N_;

// What item `number` (from 1) of the list `key` is called, in the reader's
// language: quiz/0 is "quiz question 1".
std::string item_name(const std::string& key, std::size_t number) {
  static const std::map<std::string, const char*> names{
      {"quiz", N_("quiz question {number}")},   {"choices", N_("choice {number}")},
      {"objectives", N_("objective {number}")}, {"sources", N_("source {number}")},
      {"lessons", N_("lesson {number}")},       {"languages", N_("language {number}")},
      {"plugins", N_("plugin {number}")},       {"tags", N_("tag {number}")},
      {"highlight", N_("highlight rectangle {number}")}, {"redact", N_("redact rectangle {number}")}};
  auto found = names.find(key);
  // TRANSLATORS: an item of a YAML list named {key}, e.g. "audience item 2".
  const char* message = found == names.end() ? N_("{key} item {number}") : found->second;
  return fmt::format(fmt::runtime(hocso::_(message)), fmt::arg("key", key), fmt::arg("number", number));
}

}  // namespace

std::string display_pointer(std::string_view pointer) {
  std::vector<std::string> tokens;
  try {
    nlohmann::json::json_pointer parsed{std::string(pointer)};
    for (; !parsed.empty(); parsed.pop_back()) tokens.insert(tokens.begin(), parsed.back());
  } catch (const nlohmann::json::exception&) {
    return std::string(pointer);  // not a pointer: shown as it is
  }
  static const char* const kCorners[] = {"x", "y", "w", "h"};
  // Keys are joined by "/" as written; a named part (a numbered item, a
  // `screens:` entry, a corner) is set off by commas.
  struct Part {
    std::string text;
    bool named = false;
  };
  std::vector<Part> parts;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string& token = tokens[i];
    if (!is_index(token)) {
      if (i == 1 && tokens[0] == "screens") parts.back() = {"screens: " + token, true};  // an entry, by its picture
      else
        parts.push_back({token, false});
      continue;
    }
    const std::size_t number = std::stoul(token);
    if (i >= 2 && is_index(tokens[i - 1]) && (tokens[i - 2] == "highlight" || tokens[i - 2] == "redact") &&
        number < 4) {
      parts.push_back({kCorners[number], true});  // a rectangle's x, y, w or h
    } else if (i > 0 && !is_index(tokens[i - 1]) && !(i == 2 && tokens[0] == "screens")) {
      parts.back() = {item_name(tokens[i - 1], number + 1), true};
    } else {
      parts.push_back({fmt::format(fmt::runtime(hocso::_("item {number}")), fmt::arg("number", number + 1)), true});
    }
  }
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += parts[i - 1].named || parts[i].named ? ", " : "/";
    out += parts[i].text;
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
