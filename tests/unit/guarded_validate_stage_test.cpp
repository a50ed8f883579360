// libs/stage-guard: a validate stage stops at its first exception, says so
// once on the pack file, and starts afresh with the next pack.
#include <doctest/doctest.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "guarded_validate_stage.h"

namespace {

class Collecting final : public hocso::PluginContext {
 public:
  void report(hocso::Diagnostic diagnostic) override { reported.push_back(std::move(diagnostic)); }
  const std::string& settings_json() const override { return settings_; }
  const std::filesystem::path& hocso_data_dir() const override { return dir_; }
  const std::filesystem::path& plugin_data_dir() const override { return dir_; }
  std::vector<hocso::Diagnostic> reported;

 private:
  std::string settings_ = "{}";
  std::filesystem::path dir_ = "/nonexistent";
};

// Counts its calls; throws on the lesson named "boom".
class Counting final : public hocso::GuardedValidateStage {
 public:
  Counting() : GuardedValidateStage("counting stopped early: {what}", "counting-internal") {}
  int resets = 0, starts = 0, lessons = 0, finishes = 0, recalled = 0;

 private:
  void reset() override { ++resets; }
  void start(const hocso::PackView&, hocso::PluginContext&) override { ++starts; }
  void check_lesson(const hocso::PackView&, const hocso::LessonView& lesson, hocso::PluginContext&) override {
    if (lesson.id == "boom") throw std::runtime_error("the state is half made");
    ++lessons;
  }
  void finish(const hocso::PackView&, hocso::PluginContext&) override { ++finishes; }
  std::optional<std::string> memo(const hocso::PackView&, const std::string& id) override { return "kept " + id; }
  void recall(const hocso::PackView&, const std::string& id, std::string_view memo, hocso::PluginContext&) override {
    if (memo != "kept " + id) throw std::runtime_error("not this lesson's memo");
    ++recalled;
  }
};

void run(Counting& stage, const std::vector<std::string>& ids, Collecting& context) {
  hocso::PackView pack;
  pack.pack_path = "packs/p.yaml";
  stage.begin_pack(pack, context);
  for (const auto& id : ids) {
    hocso::LessonView lesson;
    lesson.id = id;
    stage.validate_lesson(pack, lesson, context);
  }
  stage.end_pack(pack, context);
}

}  // namespace

TEST_CASE("a throw stops the stage for the rest of the pack, reported once on the pack file") {
  Counting stage;
  Collecting context;
  run(stage, {"a", "boom", "b", "boom"}, context);
  CHECK(stage.lessons == 1);   // "b" is not checked with half-made state
  CHECK(stage.finishes == 0);  // nor the checks across lessons
  REQUIRE(context.reported.size() == 1);
  CHECK(context.reported[0].severity == hocso::Severity::error);
  CHECK(context.reported[0].where.file == "packs/p.yaml");
  CHECK(context.reported[0].message == "counting stopped early: the state is half made");
  CHECK(context.reported[0].check_id == "counting-internal");

  SUBCASE("the next pack starts afresh") {
    Collecting next;
    run(stage, {"a", "b"}, next);
    CHECK(stage.resets == 2);
    CHECK(stage.lessons == 3);
    CHECK(stage.finishes == 1);
    CHECK(next.reported.empty());
  }
}

TEST_CASE("a lesson's memo is given and taken back until the stage stops") {
  Counting stage;
  Collecting context;
  hocso::PackView pack;
  pack.pack_path = "packs/p.yaml";
  stage.begin_pack(pack, context);
  CHECK(stage.lesson_memo(pack, "a") == std::optional<std::string>("kept a"));
  stage.recall_lesson(pack, "a", "kept a", context);
  CHECK(stage.recalled == 1);
  // A memo that is not the lesson's stops the stage like any throw.
  stage.recall_lesson(pack, "b", "kept a", context);
  REQUIRE(context.reported.size() == 1);
  CHECK(context.reported[0].message == "counting stopped early: not this lesson's memo");
  CHECK_FALSE(stage.lesson_memo(pack, "a"));  // stopped: its state is half made
  stage.recall_lesson(pack, "a", "kept a", context);
  CHECK(stage.recalled == 1);
}
