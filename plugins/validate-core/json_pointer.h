#pragma once
// RFC 6901 JSON pointers: how validate-core names a node of a pack file or of a
// lesson's front matter, both to SourceDocument::locate() and in messages.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace validate_core {

// `parent` + "/" + `key` escaped ("~" -> "~0", "/" -> "~1"), by nlohmann's json_pointer.
std::string child_pointer(std::string_view parent, std::string_view key);
std::string child_pointer(std::string_view parent, std::size_t index);

// How a pointer is shown to writers: its keys unescaped and joined by "/",
// list items numbered from 1 and named by their list, set off by commas, e.g.
// "/profiles/phone/quality" -> "profiles/phone/quality", "/quiz/0/answer" ->
// "quiz question 1, answer", "/quiz/0/choices/2" -> "quiz question 1, choice 3",
// "/screens/screens~1a.png/highlight/0/2" -> "screens: screens/a.png,
// highlight rectangle 1, w". The root is "".
std::string display_pointer(std::string_view pointer);

// The node at `pointer` in `document`, or nullptr when there is none (never throws).
const nlohmann::json* node_at(const nlohmann::json& document, std::string_view pointer);

}  // namespace validate_core
