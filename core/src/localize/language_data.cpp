#include "language_data.h"

#include <map>
#include <optional>
#include <set>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "hocso/messages.h"
#include "language_plugin.h"
#include "say.h"
#include "source_text.h"
#include "stack_thread.h"
#include "yaml_document.h"

namespace hocso {

namespace fs = std::filesystem;

namespace {

using Json = nlohmann::json;

// valijson's context ("<root>", "[fonts]", "[0]") as a JSON pointer.
std::string pointer_of(const std::vector<std::string>& context) {
  Json::json_pointer pointer;
  for (std::size_t i = 1; i < context.size(); ++i) {
    const std::string& part = context[i];
    if (part.size() < 2 || part.front() != '[' || part.back() != ']') break;
    pointer /= part.substr(1, part.size() - 2);
  }
  return pointer.to_string();
}

// The schema of the value at `pointer` (language.schema.json has no $ref):
// properties by name, items by index; nullptr when there is none.
const Json* schema_at(const Json& schema, const std::string& pointer) {
  std::vector<std::string> tokens;
  for (Json::json_pointer p(pointer); !p.empty(); p.pop_back()) tokens.insert(tokens.begin(), p.back());
  const Json* node = &schema;
  for (const std::string& token : tokens) {
    if (!node->is_object()) return nullptr;
    if (node->contains("properties") && (*node)["properties"].contains(token)) node = &(*node)["properties"][token];
    else if (node->contains("items") && (*node)["items"].is_object()) node = &(*node)["items"];
    else return nullptr;
  }
  return node;
}

// A JSON type as a writer says it; the same words as validate-core's.
std::string type_words(const Json* schema) {
  static const std::map<std::string, const char*> words{
      {"string", N_("text")},           {"integer", N_("a whole number")}, {"number", N_("a number")},
      {"boolean", N_("true or false")}, {"array", N_("a list")},         {"object", N_("a mapping (key: value)")}};
  if (!schema || !schema->contains("type") || !(*schema)["type"].is_string()) return _("another type");
  const auto found = words.find((*schema)["type"].get<std::string>());
  return found == words.end() ? (*schema)["type"].get<std::string>() : _(found->second);
}

std::string value_words(const Json& value) {
  switch (value.type()) {
    case Json::value_t::string: return say(N_("text {quoted}"), fmt::arg("quoted", "'" + value.get<std::string>() + "'"));
    case Json::value_t::array: return _("a list");
    case Json::value_t::object: return _("a mapping");
    case Json::value_t::null: return _("nothing");
    default: return value.dump();
  }
}

// valijson's description of a problem with the value at `pointer`, in the
// translator's language for the usual ones (a key missing or unknown, a
// value of the wrong type, not one of a list, not of the pattern's form);
// valijson's own words for the rarer ones (lengths, list sizes).
std::string schema_problem(const std::string& description, const std::string& pointer, const Json& schema,
                           const Json& value) {
  const std::string where = pointer.empty() ? std::string("language.yaml") : pointer;
  const auto at = fmt::arg("where", where);
  const Json* node = schema_at(schema, pointer);
  const Json* found = value.contains(Json::json_pointer(pointer)) ? &value[Json::json_pointer(pointer)] : nullptr;
  const auto quoted = [&](const std::string& prefix) {
    std::string rest = description.substr(prefix.size());
    if (rest.size() >= 2 && rest.compare(rest.size() - 2, 2, "'.") == 0) rest.resize(rest.size() - 2);
    return rest;
  };
  static const std::string missing = "Missing required property '";
  static const std::string unknown =
      "Object contains a property that could not be validated using 'properties' or 'additionalProperties' "
      "constraints: '";
  if (description.rfind(missing, 0) == 0)
    return say(N_("{where}: the required key '{key}' is missing"), at, fmt::arg("key", quoted(missing)));
  if (description.rfind(unknown, 0) == 0)
    return say(N_("{where}: unknown key '{key}'"), at, fmt::arg("key", quoted(unknown)));
  if (found && description.rfind("Value type not permitted", 0) == 0)
    return say(N_("{where}: expected {expected}, got {value}"), at, fmt::arg("expected", type_words(node)),
               fmt::arg("value", value_words(*found)));
  if (found && node && node->contains("enum") && description.rfind("Failed to match against any enum", 0) == 0) {
    std::string choices;
    for (const Json& choice : (*node)["enum"]) choices += (choices.empty() ? "" : ", ") + (choice.is_string() ? choice.get<std::string>() : choice.dump());
    return where + ": " + say(N_("expected one of {choices}; got {value}"), fmt::arg("choices", choices),
                              fmt::arg("value", found->is_string() ? "'" + found->get<std::string>() + "'" : found->dump()));
  }
  if (found && node && node->contains("pattern") && description.rfind("Failed to match regex", 0) == 0)
    return say(N_("{where}: {value} is not written in the form this key needs (the pattern {pattern})"), at,
               fmt::arg("value", found->is_string() ? "'" + found->get<std::string>() + "'" : found->dump()),
               fmt::arg("pattern", (*node)["pattern"].get<std::string>()));
  return where + ": " + description;
}

// "U+0041-U+005A" or "U+00C0" (the schema has checked the form).
std::optional<lang::Range> parse_range(const std::string& text) {
  const auto dash = text.find('-');
  const char32_t first = static_cast<char32_t>(std::stoul(text.substr(2, dash == std::string::npos ? std::string::npos : dash - 2), nullptr, 16));
  const char32_t last = dash == std::string::npos ? first : static_cast<char32_t>(std::stoul(text.substr(dash + 3), nullptr, 16));
  if (last < first || last > 0x10FFFF) return std::nullopt;
  return lang::Range{first, last};
}

}  // namespace

std::unique_ptr<LanguageStage> read_language_data(const fs::path& folder, const Json& schema_json,
                                                  Diagnostics& diagnostics) {
  const fs::path file = folder / kLanguageDataFile;
  const std::string shown = file.string();
  const int errors_before = diagnostics.error_count();
  const auto text = read_source_file(shown, shown, diagnostics, 16 * 1024);
  if (!text) return nullptr;
  const auto document = parse_yaml(*text, shown, 1, diagnostics, YamlLimits{8, 1000, 16 * 1024});
  if (!document) return nullptr;
  const Json value = Json::parse(document->json());

  valijson::Schema schema;
  valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
  valijson::adapters::NlohmannJsonAdapter schema_adapter(schema_json);
  parser.populateSchema(schema_adapter, schema);
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(value);
  // valijson matches `pattern` with std::regex, which recurses once per
  // character (~250 bytes of stack): a 16 KiB file's longest string needs ~4 MiB.
  bool valid = false;
  run_with_stack(std::size_t{16} << 20, [&] { valid = validator.validate(schema, target, &results); });
  if (!valid) {
    std::set<std::string> reported;  // one message per node: valijson adds summaries ("Failed to validate …")
    for (const auto& error : results) {
      const std::string pointer = pointer_of(error.context);
      if (!reported.insert(pointer).second) continue;
      diagnostics.error(document->locate(pointer), schema_problem(error.description, pointer, schema_json, value),
                        "language-schema");
    }
    return nullptr;
  }

  LanguageInfo info;
  info.tag = value["tag"];
  info.native_name = value["native_name"];
  info.english_name = value["english_name"];
  info.direction = value.value("direction", "ltr");
  info.plural_forms = value.value("plural_forms", "nplurals=1; plural=0;");
  info.fallbacks = value.value("fallbacks", std::vector<std::string>{});
  if (folder.filename() != "lang-" + info.tag)
    diagnostics.error(document->locate("/tag"),
                      fmt::format(fmt::runtime(_("the language {tag} must be in a folder named lang-{tag}, not "
                                                 "{folder}")),
                                  fmt::arg("tag", info.tag), fmt::arg("folder", folder.filename().string())),
                      "language-data");
  // Font files are looked for when a pack needs them (bundle_fonts.h): a
  // missing font stops only the builds of packs in this language.
  for (const auto& font : value.value("fonts", Json::array())) info.fonts.push_back({font["file"], font["license"]});
  std::vector<lang::Range> letters;
  for (std::size_t i = 0; i < value["letters"].size(); ++i) {
    const auto range = parse_range(value["letters"][i]);
    if (!range) {
      diagnostics.error(document->locate(fmt::format("/letters/{}", i)),
                        _("a range must end at or after its start, at most at U+10FFFF"), "language-data");
      continue;
    }
    letters.push_back(*range);
  }
  if (diagnostics.error_count() > errors_before) return nullptr;
  return std::make_unique<lang::ScriptLanguage>(std::move(info), std::move(letters));
}

}  // namespace hocso
