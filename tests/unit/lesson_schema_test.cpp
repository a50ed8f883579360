// schemas/lesson-bundle.schema.json describes the <lang>/<lesson>.json that
// render_lesson writes: every lesson of the sample pack validates, broken
// copies do not.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "diagnostics.h"
#include "pack_loader.h"
#include "render.h"

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace hocso;

namespace {

struct LessonSchema {
  json schema_json;
  valijson::Schema schema;
  LessonSchema() {
    std::ifstream file(fs::path(HOCSO_SOURCE_DIR) / "schemas" / "lesson-bundle.schema.json");
    REQUIRE(file);
    schema_json = json::parse(file);
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(schema_json);
    parser.populateSchema(adapter, schema);
  }
  bool valid(const json& document) const {
    valijson::Validator validator;
    valijson::adapters::NlohmannJsonAdapter adapter(document);
    return validator.validate(schema, adapter, nullptr);
  }
};

}  // namespace

TEST_CASE("every lesson JSON of the sample pack matches lesson-bundle.schema.json") {
  const LessonSchema schema;
  Diagnostics diagnostics;
  auto loaded = load_pack(fs::path(HOCSO_SOURCE_DIR) / "content" / "packs" / "hocso-co-ban.yaml", diagnostics);
  REQUIRE(loaded);
  // Stands in for the media store: every picture as one stored PNG.
  MediaResolver media = [](const Lesson&, const SourceReference&) -> std::optional<MediaFile> {
    return MediaFile{"media/" + std::string(64, 'a') + ".png", 1234, 720, 1280};
  };
  int steps = 0, pictures = 0, questions = 0;
  json last;
  for (const auto& lesson : loaded->lessons) {
    const json doc = json::parse(render_lesson(loaded->pack, lesson, PageLabels("vi"), media).json);
    CHECK_MESSAGE(schema.valid(doc), lesson.id);
    CHECK(doc["id"] == lesson.id);
    steps += static_cast<int>(doc["steps"].size());
    for (const auto& step : doc["steps"]) pictures += static_cast<int>(step["media"].size());
    questions += static_cast<int>(doc["quiz"].size());
    last = doc;
  }
  // The sample exercises every part of the schema.
  CHECK(steps >= 10);
  CHECK(pictures >= 10);
  CHECK(questions >= 3);

  auto broken = [&](auto change) {
    json copy = last;
    change(copy);
    return !schema.valid(copy);
  };
  CHECK(broken([](json& d) { d["format"] = "hocso-lesson/2"; }));
  CHECK(broken([](json& d) { d["extra"] = 1; }));
  CHECK(broken([](json& d) { d.erase("steps"); }));
  CHECK(broken([](json& d) { d["steps"][0]["index"] = 0; }));
  CHECK(broken([](json& d) { d["steps"][0]["media"][0]["path"] = "../etc/passwd"; }));
  CHECK(broken([](json& d) { d["steps"][0]["media"][0].erase("alt"); }));
  CHECK(broken([](json& d) { d["quiz"][0]["answer"] = -1; }));
  CHECK(broken([](json& d) { d["quiz"][0]["choices"] = json::array({"only one"}); }));
  CHECK(broken([](json& d) { d["requires"] = json::array({"Not An Id"}); }));
}
