// Narration units (audio_sources.h): their ids and the hashes a recording's
// .source file is compared with.
#include "audio_sources.h"
#include "hashing.h"
#include "markdown.h"
#include "yaml_document.h"

#include <doctest/doctest.h>

#include <string>

namespace {

hocso::Lesson make_lesson(const std::string& body) {
  hocso::Diagnostics diagnostics;
  hocso::Lesson lesson;
  lesson.id = "x";
  lesson.markdown_path = "lessons/x/lesson.md";
  lesson.front_matter = hocso::parse_yaml(
      "id: x\ntitle: Tiêu đề\nquiz:\n  - question: Hỏi?\n    choices: [Có, Không]\n    answer: 0\n"
      "  - question: Hỏi nữa?\n    choices: [A, B]\n    answer: 1\n",
      lesson.markdown_path, 2, diagnostics);
  REQUIRE(lesson.front_matter);
  lesson.markdown = hocso::parse_markdown(body, lesson.markdown_path, 12, diagnostics);
  REQUIRE(lesson.markdown);
  return lesson;
}

std::string hash(const std::string& text) { return hocso::to_hex(hocso::sha256(text)); }

}  // namespace

TEST_CASE("units: the intro, each step, each quiz question with its choices; hashed like translation freshness") {
  const auto units = hocso::audio_units(make_lesson("Mở đầu.\n\n## Bước một\n\nLàm A.\n\n## Bước hai\n\nLàm B.\n"));
  REQUIRE(units.size() == 5);
  CHECK(units[0].id == "intro");
  CHECK(units[0].source_sha256 == hash("Mở đầu.\n\n"));
  CHECK(units[1].id == "step-1");
  CHECK(units[1].source_sha256 == hash("Bước một\n\nLàm A.\n\n"));
  CHECK(units[1].where.line == 14);
  CHECK(units[2].id == "step-2");
  CHECK(units[2].source_sha256 == hash("Bước hai\n\nLàm B.\n\n"));
  CHECK(units[3].id == "quiz-1");
  CHECK(units[3].source_sha256 == hash("Hỏi?\n\nCó\n\nKhông\n\n"));
  CHECK(units[4].id == "quiz-2");
  CHECK(units[4].source_sha256 == hash("Hỏi nữa?\n\nA\n\nB\n\n"));
}

TEST_CASE("no intro unit when nothing comes before the first step; an edit changes only its unit's hash") {
  const auto before = hocso::audio_units(make_lesson("## Bước một\n\nLàm A.\n\n## Bước hai\n\nLàm B.\n"));
  const auto after = hocso::audio_units(make_lesson("## Bước một\n\nLàm A ngay.\n\n## Bước hai\n\nLàm B.\n"));
  REQUIRE(before.size() == 4);
  REQUIRE(after.size() == 4);
  CHECK(before[0].id == "step-1");
  CHECK(before[0].source_sha256 != after[0].source_sha256);
  CHECK(before[1].source_sha256 == after[1].source_sha256);
}
