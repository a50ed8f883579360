#pragma once
// The length limits hocso's JSON Schemas put on text fields, for texts that do
// not pass through schema validation themselves: a translation must fit the
// same limit as the source text it replaces (a 10 MB translated title must not
// reach a page). The schema stays the one home of each limit.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace hocso {

// The maxLength (in code points) `schema` sets for the string at RFC 6901
// `pointer`, following properties, additionalProperties, items and local
// "#/definitions/..." references; nullopt when it sets none.
std::optional<std::size_t> schema_max_length(const nlohmann::json& schema, std::string_view pointer);

// The schema file `file` (e.g. <data>/schemas/lesson.schema.json) as JSON;
// null when it cannot be read or parsed.
nlohmann::json read_schema_file(const std::filesystem::path& file);

// Code points in UTF-8 `text` (what JSON Schema's maxLength counts).
std::size_t code_points(std::string_view text);

}  // namespace hocso
