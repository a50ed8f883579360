#include "language_data.h"

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
      diagnostics.error(document->locate(pointer),
                        fmt::format("{}: {}", pointer.empty() ? "language.yaml" : pointer, error.description),
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
