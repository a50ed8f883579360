#pragma once
// Validating a pack file or a lesson's front matter against hocso's JSON Schemas
// (valijson, draft 7) and turning valijson's results into one clear diagnostic
// per problem, located at the offending node.

#include <filesystem>
#include <memory>

#include <nlohmann/json.hpp>

#include "findings.h"
#include "hocso/plugin.h"

namespace valijson {
class Schema;
}

namespace validate_core {

enum class DocumentKind { pack, lesson };

// What a document is called in messages: "pack file", "lesson front matter".
const char* document_name(DocumentKind kind);

// One loaded schema file.
class SchemaCheck {
 public:
  // Reads and parses the schema at `file`. Throws std::runtime_error naming the
  // file when it cannot be read, is not JSON, or is not a schema valijson accepts.
  explicit SchemaCheck(const std::filesystem::path& file);
  ~SchemaCheck();
  SchemaCheck(const SchemaCheck&) = delete;
  SchemaCheck& operator=(const SchemaCheck&) = delete;

  // Validates `value` (the parsed JSON of `document`) and adds a diagnostic per
  // problem: check-id "schema", except that problems with a pack's `version` are
  // "pack-version". Nodes already claimed in `findings` by a specific check are
  // skipped. Unknown keys get "did you mean" among the allowed keys; wrong types
  // and values say what was expected.
  void check(const hocso::SourceDocument& document, const nlohmann::json& value, DocumentKind kind,
             Findings& findings) const;

 private:
  nlohmann::json schema_json_;
  std::unique_ptr<valijson::Schema> schema_;
};

}  // namespace validate_core
