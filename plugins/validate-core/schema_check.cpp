#include "schema_check.h"

#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "json_pointer.h"
#include "message_text.h"
#include "hocso/messages.h"
#include "hocso/suggest.h"

namespace validate_core {

namespace {

using Json = nlohmann::json;
using hocso::N_;
using hocso::P_;

// valijson checks `pattern` with std::regex, whose libstdc++ matcher recurses
// once per character (about 250 bytes of stack each): a 5,000-character id
// overflows a 1 MiB thread stack. So validation sees a copy in which every string
// is cut to one code point more than the longest maxLength in hocso's schemas
// (512): a cut string still fails maxLength, and a match costs at most ~130 KiB
// of stack. Keys have no maxLength, so a cut key also gets a DEL character that
// no key pattern accepts: such a key is never valid. Messages quote the original.
constexpr std::size_t kLongestCheckedString = 512;

std::string bounded_string(const std::string& text) {
  return first_code_points(text, kLongestCheckedString + 1);
}

std::string bounded_key(const std::string& key) {
  if (count_code_points(key) <= kLongestCheckedString) return key;
  return first_code_points(key, kLongestCheckedString) + "\x7f";
}

Json bounded_copy(const Json& value) {
  if (value.is_string()) return bounded_string(value.get_ref<const std::string&>());
  if (value.is_array()) {
    Json out = Json::array();
    for (const Json& item : value) out.push_back(bounded_copy(item));
    return out;
  }
  if (value.is_object()) {
    Json out = Json::object();
    for (const auto& [key, item] : value.items()) out[bounded_key(key)] = bounded_copy(item);
    return out;
  }
  return value;
}

// ---- Finding the schema that applies to a node ---------------------------------

// Follows local "$ref": "#/…" links (a few hops at most).
const Json* dereference(const Json& root, const Json* schema) {
  for (int hops = 0; schema && schema->is_object() && hops < 16; ++hops) {
    auto ref = schema->find("$ref");
    if (ref == schema->end() || !ref->is_string()) return schema;
    const std::string& target = ref->get_ref<const std::string&>();
    if (target.rfind('#', 0) != 0) return nullptr;
    schema = node_at(root, target.substr(1));
  }
  return schema && schema->is_object() ? schema : nullptr;
}

const Json* member(const Json* schema, const char* key) {
  if (!schema) return nullptr;
  auto found = schema->find(key);
  return found == schema->end() ? nullptr : &*found;
}

// The schema for member `key` of an object validated by `schema`.
const Json* schema_for_member(const Json& root, const Json* schema, const std::string& key) {
  if (const Json* properties = member(schema, "properties"); properties && properties->contains(key))
    return dereference(root, &properties->at(key));
  if (const Json* patterns = member(schema, "patternProperties"); patterns && patterns->is_object()) {
    const std::string checked_key = bounded_key(key);
    for (const auto& [pattern, subschema] : patterns->items()) {
      if (std::regex_search(checked_key, std::regex(pattern))) return dereference(root, &subschema);
    }
  }
  if (const Json* additional = member(schema, "additionalProperties"); additional && additional->is_object())
    return dereference(root, additional);
  return nullptr;
}

// The schema for item `index` of an array validated by `schema`.
const Json* schema_for_item(const Json& root, const Json* schema, std::size_t index) {
  const Json* items = member(schema, "items");
  if (items && items->is_object()) return dereference(root, items);
  if (items && items->is_array() && index < items->size()) return dereference(root, &(*items)[index]);
  if (const Json* additional = member(schema, "additionalItems"); additional && additional->is_object())
    return dereference(root, additional);
  return nullptr;
}

// A node named by valijson's context ("<root>", "[quiz]", "[0]", …).
struct Node {
  std::string pointer;
  const Json* value = nullptr;   // in the original document
  const Json* schema = nullptr;  // after $ref; nullptr when unknown
};

std::optional<Node> resolve_context(const Json& root_schema, const Json& document,
                                    const std::vector<std::string>& context) {
  Node node{"", &document, dereference(root_schema, &root_schema)};
  for (std::size_t i = 1; i < context.size(); ++i) {
    const std::string& part = context[i];
    if (part.size() < 2 || part.front() != '[' || part.back() != ']') return std::nullopt;
    const std::string segment = part.substr(1, part.size() - 2);
    if (node.value->is_array()) {
      std::size_t index = 0;
      try {
        index = std::stoul(segment);
      } catch (const std::exception&) {
        return std::nullopt;
      }
      if (index >= node.value->size()) return std::nullopt;
      node.schema = schema_for_item(root_schema, node.schema, index);
      node.pointer = child_pointer(node.pointer, index);
      node.value = &(*node.value)[index];
    } else if (node.value->is_object()) {
      // valijson saw the bounded copy: a cut key names the original that starts with it.
      auto found = node.value->find(segment);
      if (found == node.value->end()) {
        for (auto it = node.value->begin(); it != node.value->end(); ++it) {
          if (bounded_key(it.key()) == segment) found = it;
        }
      }
      if (found == node.value->end()) return std::nullopt;
      node.schema = schema_for_member(root_schema, node.schema, found.key());
      node.pointer = child_pointer(node.pointer, found.key());
      node.value = &*found;
    } else {
      return std::nullopt;
    }
  }
  return node;
}

// ---- Words for messages ----------------------------------------------------------
// In the reader's language (docs/decisions/0022); the schemas' descriptions
// of patterns too (build-tools/update-pot puts them in the catalog).

using fmt::arg;
// A message of hocso's catalog with named values.
template <typename... Args>
std::string say(const char* msgid, Args&&... args) {
  return fmt::format(fmt::runtime(hocso::_(msgid)), std::forward<Args>(args)...);
}
// A translated message whose form P_() chose by `count`, with {count} filled in.
std::string counted(const char* message, std::size_t count) {
  return fmt::format(fmt::runtime(message), arg("count", count));
}

std::string type_words(const std::string& type) {
  static const std::map<std::string, const char*> words{
      {"string", N_("text")},     {"integer", N_("a whole number")}, {"number", N_("a number")},
      {"boolean", N_("true or false")}, {"array", N_("a list")}, {"object", N_("a mapping (key: value)")},
      {"null", N_("nothing")}};
  auto found = words.find(type);
  return found == words.end() ? type : hocso::_(found->second);
}

std::string expected_type(const Json* schema) {
  const Json* type = member(schema, "type");
  if (!type) return hocso::_("another type");
  if (type->is_string()) return type_words(type->get<std::string>());
  std::string out;
  for (const Json& each : *type) {
    if (!each.is_string()) continue;
    // TRANSLATORS: two kinds of value a key may have, e.g. "text or a list".
    out = out.empty() ? type_words(each.get<std::string>())
                      : say(N_("{first} or {second}"), arg("first", out), arg("second", type_words(each.get<std::string>())));
  }
  return out;
}

std::string describe_value(const Json& value) {
  switch (value.type()) {
    case Json::value_t::string:
      // TRANSLATORS: a value found in YAML, e.g. "text 'abc'".
      return say(N_("text {quoted}"), arg("quoted", in_quotes(value.get_ref<const std::string&>())));
    case Json::value_t::array: return hocso::_("a list");
    case Json::value_t::object: return hocso::_("a mapping");
    case Json::value_t::null: return hocso::_("nothing");
    default: return value.dump();
  }
}

// A value quoted as written: 'text', or the number or list as such.
std::string show_value(const Json& value) {
  return value.is_string() ? in_quotes(value.get_ref<const std::string&>()) : describe_value(value);
}

std::string number_text(const Json* number) { return number ? number->dump() : "?"; }

// What a `pattern` means, from the description of the schema (or definition)
// that has it, in the reader's language.
std::string pattern_words(const Json* schema) {
  const Json* description = member(schema, "description");
  if (description && description->is_string()) return hocso::_(description->get_ref<const std::string&>().c_str());
  const Json* pattern = member(schema, "pattern");
  return say(N_("text matching {pattern}"), arg("pattern", pattern ? pattern->get<std::string>() : std::string("?")));
}

// The description of the definition whose pattern is `pattern` (for patternProperties keys).
std::string key_pattern_words(const Json& root, const std::string& pattern) {
  if (const Json* definitions = member(&root, "definitions"); definitions && definitions->is_object()) {
    for (const auto& [name, definition] : definitions->items()) {
      const Json* own = member(&definition, "pattern");
      if (own && *own == pattern) return pattern_words(&definition);
    }
  }
  return say(N_("text matching {pattern}"), arg("pattern", pattern));
}

// Where a key is, in the reader's language: "lesson front matter", "/quiz/1 of pack file".
std::string where_in(const std::string& pointer, DocumentKind kind) {
  const char* document = kind == DocumentKind::pack ? hocso::_("pack file") : hocso::_("lesson front matter");
  if (pointer.empty()) return document;
  return fmt::format(fmt::runtime(hocso::_("{pointer} of {document}")), fmt::arg("pointer", display_pointer(pointer)),
                     fmt::arg("document", document));
}

std::string path_label(const std::string& pointer, DocumentKind kind) {
  return pointer.empty() ? std::string(hocso::_(document_name(kind))) : display_pointer(pointer);
}

// ---- From valijson's errors to diagnostics ------------------------------------

enum class Problem {
  unknown_key, missing_key, wrong_type, not_in_enum, pattern_mismatch, string_length,
  array_size, object_size, number_range, not_unique, other
};

// Lower is reported in preference when one node has several problems.
int rank(Problem problem) {
  switch (problem) {
    case Problem::unknown_key:
    case Problem::missing_key:
    case Problem::wrong_type: return 0;
    case Problem::not_in_enum: return 1;
    case Problem::pattern_mismatch: return 2;
    case Problem::string_length:
    case Problem::array_size:
    case Problem::object_size: return 3;
    case Problem::number_range: return 4;
    case Problem::not_unique: return 5;
    case Problem::other: return 6;
  }
  return 6;
}

bool starts_with(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

// The quoted name at the end of a valijson description ("…: 'titel'." -> titel).
std::string quoted_name(const std::string& description, const std::string& prefix) {
  std::string rest = description.substr(prefix.size());
  if (rest.size() >= 2 && rest.compare(rest.size() - 2, 2, "'.") == 0) rest.resize(rest.size() - 2);
  return rest;
}

struct Classified {
  Problem problem = Problem::other;
  std::string key;                  // unknown_key, missing_key
  std::size_t first = 0, second = 0;  // not_unique: the two indexes
};

// nullopt for valijson's summary lines ("Failed to validate item #0 …"), which
// only repeat what the deeper errors already say.
std::optional<Classified> classify(const std::string& description) {
  static const std::string unknown_prefix =
      "Object contains a property that could not be validated using 'properties' or "
      "'additionalProperties' constraints: '";
  static const std::string missing_prefix = "Missing required property '";
  if (starts_with(description, "Failed to validate") || starts_with(description, "Cannot validate item #"))
    return std::nullopt;
  Classified out;
  if (starts_with(description, unknown_prefix.c_str())) {
    out.problem = Problem::unknown_key;
    out.key = quoted_name(description, unknown_prefix);
  } else if (starts_with(description, missing_prefix.c_str())) {
    out.problem = Problem::missing_key;
    out.key = quoted_name(description, missing_prefix);
  } else if (starts_with(description, "Value type not permitted")) {
    out.problem = Problem::wrong_type;
  } else if (starts_with(description, "Failed to match against any enum")) {
    out.problem = Problem::not_in_enum;
  } else if (starts_with(description, "Failed to match regex")) {
    out.problem = Problem::pattern_mismatch;
  } else if (starts_with(description, "String should be")) {
    out.problem = Problem::string_length;
  } else if (starts_with(description, "Array should contain") || starts_with(description, "Array contains more")) {
    out.problem = Problem::array_size;
  } else if (starts_with(description, "Object should have")) {
    out.problem = Problem::object_size;
  } else if (starts_with(description, "Expected number")) {
    out.problem = Problem::number_range;
  } else if (std::sscanf(description.c_str(), "Elements at indexes #%zu and #%zu", &out.first, &out.second) == 2) {
    out.problem = Problem::not_unique;
  }
  return out;
}

// The message for an unknown key, and when it suggests a key, the message to
// use instead if that key is also missing (the two become one error).
struct UnknownKeyMessage {
  std::string text;
  std::string if_suggestion_required;
};

// `suggestion` is set to the allowed key it suggests, if any.
UnknownKeyMessage unknown_key_message(const Json& root_schema, const Node& parent, const std::string& key,
                                      DocumentKind kind, std::string& suggestion) {
  using hocso::_;
  suggestion.clear();
  const Json* properties = member(parent.schema, "properties");
  const Json* patterns = member(parent.schema, "patternProperties");
  const std::string where = where_in(parent.pointer, kind);
  if ((!properties || properties->empty()) && patterns && patterns->is_object() && !patterns->empty()) {
    return {fmt::format(fmt::runtime(_("key {key} in {where} is not allowed: keys here must be {pattern}")),
                        fmt::arg("key", in_quotes(key)), fmt::arg("where", where),
                        fmt::arg("pattern", key_pattern_words(root_schema, patterns->begin().key()))),
            {}};
  }
  std::vector<std::string> allowed;
  if (properties) {
    for (const auto& [name, unused] : properties->items()) allowed.push_back(name);
  }
  if (allowed.empty())
    return {fmt::format(fmt::runtime(_("unknown key {key} in {where}")), fmt::arg("key", in_quotes(key)),
                        fmt::arg("where", where)),
            {}};
  suggestion = hocso::closest_match(key, allowed);
  if (!suggestion.empty()) {
    const auto say = [&](const char* message) {
      return fmt::format(fmt::runtime(message), fmt::arg("key", in_quotes(key)), fmt::arg("where", where),
                         fmt::arg("suggestion", suggestion));
    };
    return {say(_("unknown key {key} in {where}; did you mean '{suggestion}'?")),
            say(_("unknown key {key} in {where}; did you mean '{suggestion}', which is required?"))};
  }
  std::string list;
  for (const std::string& name : allowed) list += (list.empty() ? "" : ", ") + name;
  return {fmt::format(fmt::runtime(_("unknown key {key} in {where}; allowed keys: {keys}")),
                      fmt::arg("key", in_quotes(key)), fmt::arg("where", where), fmt::arg("keys", list)),
          {}};
}

std::string array_size_message(const Node& node) {
  const Json* min_items = member(node.schema, "minItems");
  std::optional<std::size_t> max_items;
  if (const Json* max = member(node.schema, "maxItems"); max && max->is_number_unsigned())
    max_items = max->get<std::size_t>();
  const Json* items = member(node.schema, "items");
  const Json* additional = member(node.schema, "additionalItems");
  if (!max_items && items && items->is_array() && additional && additional->is_boolean() && !additional->get<bool>())
    max_items = items->size();
  const std::size_t min = min_items && min_items->is_number_unsigned() ? min_items->get<std::size_t>() : 0;
  const std::size_t count = node.value->size();
  std::string expected;
  if (max_items && *max_items == min) {
    expected = counted(P_("exactly {count} item", "exactly {count} items", min), min);
  } else if (max_items && min > 0) {
    expected = say(N_("{fewest} to {most} items"), arg("fewest", min), arg("most", *max_items));
  } else if (max_items && count > *max_items) {
    expected = counted(P_("at most {count} item", "at most {count} items", *max_items), *max_items);
  } else {
    expected = counted(P_("at least {count} item", "at least {count} items", min), min);
  }
  // TRANSLATORS: {expected} is e.g. "at least 1 item"; {count} the items found.
  return say(N_("expected {expected}, got {count}"), arg("expected", expected), arg("count", count));
}

// "expected at most N ..., got COUNT" when COUNT is over the schema's
// `max_key`, else "expected at least N ..." (`min_key`, 1 when absent). The
// words come from at_most(N) and at_least(N), whose P_() forms are in the
// catalog where they are written.
template <typename AtMost, typename AtLeast>
std::string size_message(const Node& node, std::size_t count, const char* max_key, const char* min_key,
                         AtMost at_most, AtLeast at_least) {
  const Json* max = member(node.schema, max_key);
  const Json* min = member(node.schema, min_key);
  const bool over = max && max->is_number_unsigned() && count > max->get<std::size_t>();
  const std::size_t least = min && min->is_number_unsigned() ? min->get<std::size_t>() : 1;
  const std::string limit = over ? at_most(max->get<std::size_t>()) : at_least(least);
  return say(N_("expected {expected}, got {count}"), arg("expected", limit), arg("count", count));
}

std::string string_length_message(const Node& node) {
  const std::size_t length = count_code_points(node.value->get_ref<const std::string&>());
  if (length == 0) return hocso::_("must not be empty");
  return size_message(
      node, length, "maxLength", "minLength",
      [](std::size_t n) { return counted(P_("at most {count} character", "at most {count} characters", n), n); },
      [](std::size_t n) { return counted(P_("at least {count} character", "at least {count} characters", n), n); });
}

std::string object_size_message(const Node& node) {
  return size_message(
      node, node.value->size(), "maxProperties", "minProperties",
      [](std::size_t n) { return counted(P_("at most {count} entry", "at most {count} entries", n), n); },
      [](std::size_t n) { return counted(P_("at least {count} entry", "at least {count} entries", n), n); });
}

std::string number_range_message(const Node& node) {
  const Json* min = member(node.schema, "minimum");
  const Json* max = member(node.schema, "maximum");
  const Json* type = member(node.schema, "type");
  const bool whole = type && *type == "integer";
  std::string expected;
  if (min && max) {
    expected = whole ? say(N_("a whole number from {lowest} to {highest}"), arg("lowest", number_text(min)),
                           arg("highest", number_text(max)))
                     : say(N_("a number from {lowest} to {highest}"), arg("lowest", number_text(min)),
                           arg("highest", number_text(max)));
  } else if (max) {
    expected = say(N_("at most {highest}"), arg("highest", number_text(max)));
  } else {
    expected = say(N_("at least {lowest}"), arg("lowest", number_text(min)));
  }
  return say(N_("expected {expected}, got {count}"), arg("expected", expected), arg("count", node.value->dump()));
}

std::string enum_message(const Node& node) {
  std::string choices;
  if (const Json* values = member(node.schema, "enum"); values && values->is_array()) {
    for (const Json& value : *values) {
      choices += (choices.empty() ? "" : ", ") + (value.is_string() ? value.get<std::string>() : value.dump());
    }
  }
  return say(N_("expected one of {choices}; got {value}"), arg("choices", choices), arg("value", show_value(*node.value)));
}

// What a value breaks of its schema's rules on values: enum, length, size or range.
std::string value_rule_message(Problem problem, const Node& node) {
  switch (problem) {
    case Problem::not_in_enum: return enum_message(node);
    case Problem::string_length: return string_length_message(node);
    case Problem::array_size: return array_size_message(node);
    case Problem::object_size: return object_size_message(node);
    default: return number_range_message(node);
  }
}

std::string version_message(const Json& value) {
  return say(N_("version {value} is not a semantic version: write MAJOR.MINOR.PATCH (semver 2.0.0), like 1.0.0 or "
                "1.1.0-rc.1"),
             arg("value", show_value(value)));
}

struct Candidate {
  int rank = 0;
  hocso::Diagnostic diagnostic;
  Problem problem = Problem::other;
  std::string parent;  // unknown_key, missing_key: the mapping's pointer
  std::string key;     // missing_key: the key; unknown_key: the allowed key it suggests
  std::string message_if_required;  // unknown_key: when `key` is also missing
  bool dropped = false;
};

}  // namespace

const char* document_name(DocumentKind kind) {
  return kind == DocumentKind::pack ? hocso::N_("pack file") : hocso::N_("lesson front matter");
}

SchemaCheck::SchemaCheck(const std::filesystem::path& file) : schema_(std::make_unique<valijson::Schema>()) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the JSON Schema " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  try {
    schema_json_ = Json::parse(text.str());
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(schema_json_);
    parser.populateSchema(adapter, *schema_);
  } catch (const std::exception& error) {
    throw std::runtime_error("the JSON Schema " + file.string() + " is not usable: " + error.what());
  }
}

SchemaCheck::~SchemaCheck() = default;

void SchemaCheck::check(const hocso::SourceDocument& document, const Json& value, DocumentKind kind,
                        Findings& findings) const {
  const Json bounded = bounded_copy(value);
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(bounded);
  if (validator.validate(*schema_, target, &results)) return;

  // One diagnostic per node (per key for unknown and missing keys), the most
  // telling problem first; reported in the order valijson found them.
  std::vector<std::string> order;
  std::map<std::string, Candidate> by_node;
  for (const valijson::ValidationResults::Error& error : results) {
    const std::optional<Classified> found = classify(error.description);
    if (!found) continue;
    const std::optional<Node> node = resolve_context(schema_json_, value, error.context);
    if (!node) continue;

    std::string pointer = node->pointer;  // the node the diagnostic is located at
    std::string message;
    std::string dedupe_key = pointer;
    std::string suggestion_or_key;
    std::string message_if_required;
    switch (found->problem) {
      case Problem::unknown_key: {
        const auto name_key = [&](const std::string& key) {
          pointer = child_pointer(node->pointer, key);
          UnknownKeyMessage unknown = unknown_key_message(schema_json_, *node, key, kind, suggestion_or_key);
          message = std::move(unknown.text);
          message_if_required = std::move(unknown.if_suggestion_required);
          dedupe_key = pointer;
        };
        name_key(found->key);
        // valijson names the key as it saw it, possibly cut: name the original.
        if (!node->value->contains(found->key)) {
          for (const auto& [key, unused] : node->value->items())
            if (bounded_key(key) == found->key) name_key(key);
        }
        break;
      }
      case Problem::missing_key:
        message = fmt::format(fmt::runtime(hocso::_("missing required key '{key}' in {where}")),
                              fmt::arg("key", found->key), fmt::arg("where", where_in(node->pointer, kind)));
        dedupe_key = node->pointer + '\n' + found->key;
        suggestion_or_key = found->key;
        break;
      case Problem::wrong_type:
        // TRANSLATORS: {where} is a place in the YAML ("/quiz/0/answer"); {expected} e.g. "a list".
        message = say(N_("{where}: expected {expected}, got {value}"), arg("where", path_label(pointer, kind)),
                      arg("expected", expected_type(node->schema)), arg("value", describe_value(*node->value)));
        break;
      case Problem::pattern_mismatch:
        message = say(N_("{where}: expected {expected}; got {value}"), arg("where", path_label(pointer, kind)),
                      arg("expected", pattern_words(node->schema)), arg("value", show_value(*node->value)));
        break;
      case Problem::not_in_enum:
      case Problem::string_length:
      case Problem::array_size:
      case Problem::object_size:
      case Problem::number_range:
        message = path_label(pointer, kind) + ": " + value_rule_message(found->problem, *node);
        break;
      case Problem::not_unique: {
        if (!node->value->is_array() || found->second >= node->value->size()) continue;
        pointer = child_pointer(node->pointer, found->second);
        dedupe_key = pointer;
        message = say(N_("{where}: {value} repeats {earlier}; list each once"), arg("where", display_pointer(pointer)),
                      arg("value", show_value((*node->value)[found->second])),
                      arg("earlier", display_pointer(child_pointer(node->pointer, found->first))));
        break;
      }
      case Problem::other:
        message = path_label(pointer, kind) + ": " + error.description;
        break;
    }
    if (findings.is_claimed(&document, pointer)) continue;

    std::string check_id = "schema";
    if (kind == DocumentKind::pack && pointer == "/version" && found->problem != Problem::unknown_key) {
      check_id = "pack-version";
      message = version_message(*node->value);
    }
    // An unknown key is pointed at the key itself, everything else at the value.
    const hocso::Location at =
        found->problem == Problem::unknown_key ? document.locate_key(pointer) : document.locate(pointer);
    Candidate candidate{rank(found->problem),
                        {hocso::Severity::error, at, std::move(message), std::move(check_id)},
                        found->problem,
                        node->pointer,
                        std::move(suggestion_or_key),
                        std::move(message_if_required)};
    auto [slot, inserted] = by_node.try_emplace(dedupe_key, candidate);
    if (inserted) {
      order.push_back(dedupe_key);
    } else if (candidate.rank < slot->second.rank) {
      slot->second = std::move(candidate);
    }
  }
  // A misspelt required key (`sumary:`) is one problem, not two: the unknown
  // key, at its line, says what it should be and that it is required; the
  // missing key, reported at the top of the mapping, would come first and
  // hide the fix.
  for (const std::string& key : order) {
    Candidate& missing = by_node.at(key);
    if (missing.problem != Problem::missing_key) continue;
    for (const std::string& other : order) {
      Candidate& unknown = by_node.at(other);
      if (unknown.problem != Problem::unknown_key || unknown.dropped || unknown.parent != missing.parent ||
          unknown.key != missing.key)
        continue;
      if (!unknown.message_if_required.empty()) unknown.diagnostic.message = unknown.message_if_required;
      missing.dropped = true;
      break;
    }
  }
  for (const std::string& key : order) {
    Candidate& candidate = by_node.at(key);
    if (candidate.dropped) continue;
    hocso::Diagnostic& diagnostic = candidate.diagnostic;
    findings.error(std::move(diagnostic.where), std::move(diagnostic.message), std::move(diagnostic.check_id));
  }
}

}  // namespace validate_core
