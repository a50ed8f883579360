#include "stream_record.h"

#include <doctest/doctest.h>

using namespace hocso;

namespace {

// A lesson's record with every field set to something no default has.
RecalledLesson every_field_set() {
  RecalledLesson r;
  r.inputs = "inputs-digest";
  LessonSummary& s = r.summary;
  s.id = "bai-a";
  s.folder = "/content/lessons/bai-a";
  s.markdown_path = "lessons/bai-a/lesson.md";
  s.listed_at = {"packs/p.yaml", 7, 5};
  s.source_sha256 = "ab12";
  s.body_first_line = 14;
  s.title = "Cài VNeID";
  s.summary = "Tóm tắt";
  s.level = "co-ban";
  s.duration_minutes = 12;
  s.requires_ids = {"bai-0", "bai-1"};
  LocalizedSummary en{s, {}};
  en.lesson.title = "Install VNeID";
  en.shown.units = {{"en", "u0"}, {"vi", "u1"}};
  en.shown.fields = {{TextField::quiz_choice(2, 3), "vi", "f1"}, {TextField::screen_label("screens/a.png"), "en", "f2"}};
  en.shown.coverage = {5, 2, 1};
  r.translations = {{"en", en}};
  r.diagnostics = {{Severity::warning, {"lessons/bai-a/lesson.md", 20, 3}, "quá dài", "step-too-long"},
                   {Severity::note, {"i18n/en/bai-a.po", 0, 0}, "fuzzy", "translation-fuzzy"}};
  r.excerpts = {"lessons/bai-a/lesson.md"};
  r.memos = {"{\"requires\":[]}", ""};
  return r;
}

void check_location(const Location& a, const Location& b) {
  CHECK(a.file == b.file);
  CHECK(a.line == b.line);
  CHECK(a.column == b.column);
}

void check_summary(const LessonSummary& a, const LessonSummary& b) {
  CHECK(a.id == b.id);
  CHECK(a.folder == b.folder);
  CHECK(a.markdown_path == b.markdown_path);
  check_location(a.listed_at, b.listed_at);
  CHECK(a.source_sha256 == b.source_sha256);
  CHECK(a.body_first_line == b.body_first_line);
  CHECK(a.title == b.title);
  CHECK(a.summary == b.summary);
  CHECK(a.level == b.level);
  CHECK(a.duration_minutes == b.duration_minutes);
  CHECK(a.requires_ids == b.requires_ids);
}

}  // namespace

TEST_CASE("a lesson's record gives back every field of its summary, translations and diagnostics") {
  const RecalledLesson written = every_field_set();
  const auto read = recalled_lesson_from_json(recalled_lesson_json(written));
  REQUIRE(read);
  CHECK(read->inputs == written.inputs);
  check_summary(read->summary, written.summary);
  REQUIRE(read->translations.size() == 1);
  CHECK(read->translations[0].first == "en");
  const LocalizedSummary& en = read->translations[0].second;
  const LocalizedSummary& en_written = written.translations[0].second;
  check_summary(en.lesson, en_written.lesson);
  REQUIRE(en.shown.units.size() == 2);
  CHECK(en.shown.units[1].language == "vi");
  CHECK(en.shown.units[1].source_sha256 == "u1");
  REQUIRE(en.shown.fields.size() == 2);
  CHECK(en.shown.fields[0].field == TextField::quiz_choice(2, 3));
  CHECK(en.shown.fields[1].field == TextField::screen_label("screens/a.png"));
  CHECK(en.shown.fields[1].language == "en");
  CHECK(en.shown.fields[1].source_sha256 == "f2");
  CHECK(en.shown.coverage.translated == 5);
  CHECK(en.shown.coverage.fuzzy == 2);
  CHECK(en.shown.coverage.missing == 1);
  REQUIRE(read->diagnostics.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(read->diagnostics[i].severity == written.diagnostics[i].severity);
    check_location(read->diagnostics[i].where, written.diagnostics[i].where);
    CHECK(read->diagnostics[i].message == written.diagnostics[i].message);
    CHECK(read->diagnostics[i].check_id == written.diagnostics[i].check_id);
  }
  CHECK(read->excerpts == written.excerpts);
  CHECK(read->memos == written.memos);
}

TEST_CASE("a record of another shape or with values out of range is not a record") {
  CHECK_FALSE(recalled_lesson_from_json("not json"));
  CHECK_FALSE(recalled_lesson_from_json("{}"));
  const std::string text = recalled_lesson_json(every_field_set());
  REQUIRE(recalled_lesson_from_json(text));
  // A value no field of its type has: a severity, a text field's kind.
  for (const auto& [value, out_of_range] : {std::pair{"\"severity\":1", "\"severity\":7"},
                                           std::pair{"\"kind\":5", "\"kind\":6"}}) {
    CAPTURE(value);
    std::string changed = text;
    REQUIRE(changed.find(value) != std::string::npos);
    changed.replace(changed.find(value), std::string_view(value).size(), out_of_range);
    CHECK_FALSE(recalled_lesson_from_json(changed));
  }
  // A field missing.
  std::string without = text;
  REQUIRE(without.find("\"body_first_line\":") != std::string::npos);
  without.replace(without.find("\"body_first_line\":"), 17, "\"body_first_lines\"");
  CHECK_FALSE(recalled_lesson_from_json(without));
}

TEST_CASE("without a cache nothing is found or kept") {
  Pack pack;
  pack.content_root = "/nonexistent";
  pack.pack_file = "/nonexistent/packs/p.yaml";
  StreamRecord record(pack, {}, {});
  CHECK(record.inputs_of("a").empty());
  CHECK(record.find("a", "") == nullptr);
  record.keep("a", every_field_set(), false);
  record.save();  // nothing to write to: no effect, no throw
}
