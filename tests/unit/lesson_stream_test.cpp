// The lesson stream (lesson_stream.h): the one batch loop of check and build.
// A pack of 70 lessons (batches of 32, 32 and 6) in vi and en, read with the
// built validate-core and translate-po plugins.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lesson_stream.h"
#include "pack_check.h"
#include "pack_loader.h"
#include "plugin_host.h"
#include "stage_runner.h"
#include "test_files.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace hocso;
using namespace hocso::test;  // TempDir, write_bytes, kPlugins, messages, PackWithPlugins

namespace {

constexpr std::size_t kLessons = 70;

std::string lesson_id(std::size_t i) { return fmt::format("bai-{:03}", i); }

std::string lesson_text(std::size_t i) {
  return fmt::format(R"(---
id: {0}
title: Bài {1}
summary: Tóm tắt bài {1}
{2}objectives:
  - Mục tiêu {1}
---

Lời mở đầu {1}.

## Bước một

Đoạn {1}.
)",
                     lesson_id(i), i, kSampleLessonFields);
}

// A catalog's header; every third lesson has its title in English (Content).
std::string english_catalog() {
  std::string po = "msgid \"\"\nmsgstr \"\"\n\"Language: en\\n\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                   "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n";
  return po;
}

struct Content {
  TempDir dir{"hocso-stream"};
  fs::path root = dir / "content";
  fs::path pack_file = root / "packs" / "many.yaml";
  Content() {
    fs::create_directories(root / "packs");
    std::string list;
    for (std::size_t i = 0; i < kLessons; ++i) {
      fs::create_directories(root / "lessons" / lesson_id(i));
      write_bytes(root / "lessons" / lesson_id(i) / "lesson.md", lesson_text(i));
      list += "  - " + lesson_id(i) + "\n";
      if (i % 3 == 0) {
        fs::create_directories(root / "i18n" / "en");
        write_bytes(root / "i18n" / "en" / (lesson_id(i) + ".po"),
                    english_catalog() + fmt::format("\nmsgctxt \"{}\"\nmsgid \"Bài {}\"\nmsgstr \"Lesson {}\"\n",
                                                    lesson_id(i), i, i));
      }
    }
    write_bytes(pack_file, "id: many\nversion: 1.0.0\ntitle: Nhiều bài\nsummary: Bảy mươi bài\n"
                           "source_language: vi\nlanguages: [vi, en]\nlessons:\n" +
                               list);
  }
};

using PackRead = PackWithPlugins<Content>;

}  // namespace

TEST_CASE_FIXTURE(
    PackRead, "the first read yields the pack's lessons in batches of kLessonBatch, loaded, translated, summarized") {
  const LocalizeOptions localize = localize_options(*pack, host);
  REQUIRE(localize.stage);

  LessonStream stream(*pack, host, localize, diagnostics, 2);
  std::vector<std::size_t> sizes;
  std::size_t next_index = 0;
  while (const LocalizedBatch* batch = stream.next()) {
    sizes.push_back(batch->lessons.size());
    // Summaries go in before the batch is yielded: its pages may link each other.
    CHECK(pack->lessons.size() == next_index + batch->lessons.size());
    CHECK(stream.summaries().size() == next_index + batch->lessons.size());
    for (const Lesson* lesson : batch->lessons) {
      CHECK(lesson->id == lesson_id(next_index));
      CHECK(lesson->markdown);
      // The batch carries its translations in full, the summaries only title and summary.
      const LocalizedLesson& en = batch->translations.at({"en", lesson->id});
      CHECK(en.lesson->markdown);
      CHECK(en.lesson->title == (next_index % 3 == 0 ? fmt::format("Lesson {}", next_index) : lesson->title));
      CHECK(en.shown.units.size() == 2);
      CHECK(stream.summaries().at({"en", lesson->id}).lesson.title == en.lesson->title);
      ++next_index;
    }
  }
  INFO(messages(diagnostics));
  CHECK(diagnostics.error_count() == 0);
  CHECK(sizes == std::vector<std::size_t>{32, 32, 6});
  CHECK(stream.next() == nullptr);
  const LocalizedSummaries summaries = stream.finish();
  CHECK(summaries.size() == kLessons);
  CHECK(summaries.at({"en", lesson_id(69)}).lesson.title == "Lesson 69");
  CHECK(summaries.at({"en", lesson_id(68)}).lesson.title == "Bài 68");
  REQUIRE(pack->lessons.size() == kLessons);
  CHECK(pack->lessons[40].id == lesson_id(40));
}

TEST_CASE_FIXTURE(PackRead, "the first read translates with the options it is given, and goes on after a batch fails") {
  LocalizeOptions no_stage = localize_options(*pack, host);
  no_stage.stage.reset();  // as if translate-po were not installed
  LessonStream stream(*pack, host, no_stage, diagnostics, 1);
  std::size_t batches = 0;
  while (const LocalizedBatch* batch = stream.next()) {
    ++batches;
    CHECK(batch->translations.empty());
    CHECK_FALSE(batch->lessons.empty());
  }
  CHECK(batches == 3);  // a check reports every batch's problems
  CHECK(pack->lessons.size() == kLessons);
  CHECK(stream.finish().empty());
  CHECK(diagnostics.error_count() == 1);  // the same error, reported once
  for (const auto& d : diagnostics.all())
    if (d.severity == Severity::error) CHECK(d.check_id == "localize-stage-missing");
}

TEST_CASE_FIXTURE(PackRead,
                  "a later read gives pack.lessons[indexes] again in full and translated, in the order asked") {
  const LocalizeOptions localize = localize_options(*pack, host);
  check_lessons(*pack, host, localize, diagnostics, 2);
  REQUIRE(diagnostics.error_count() == 0);
  REQUIRE(pack->lessons.size() == kLessons);

  std::vector<std::size_t> indexes{66, 3, 40};
  for (std::size_t i = 0; i < 33; ++i) indexes.push_back(i);  // 36 in all: two batches
  LessonStream again(*pack, indexes, localize, diagnostics, 2);
  std::vector<std::string> ids;
  std::vector<std::size_t> sizes;
  while (const LocalizedBatch* batch = again.next()) {
    sizes.push_back(batch->lessons.size());
    for (const Lesson* lesson : batch->lessons) {
      ids.push_back(lesson->id);
      CHECK(lesson->markdown);
      CHECK(batch->translations.count({"en", lesson->id}) == 1);
    }
  }
  CHECK(sizes == std::vector<std::size_t>{32, 4});
  REQUIRE(ids.size() == 36);
  CHECK(ids[0] == lesson_id(66));
  CHECK(ids[1] == lesson_id(3));
  CHECK(ids[2] == lesson_id(40));
  CHECK(ids[35] == lesson_id(32));
  CHECK(diagnostics.error_count() == 0);
}

TEST_CASE_FIXTURE(PackRead, "a later read stops at a lesson.md changed since the first read [source-changed]") {
  const LocalizeOptions localize = localize_options(*pack, host);
  check_lessons(*pack, host, localize, diagnostics, 1);
  REQUIRE(diagnostics.error_count() == 0);
  write_bytes(content.root / "lessons" / lesson_id(50) / "lesson.md", lesson_text(50) + "\nThêm.\n");

  std::vector<std::size_t> all;
  for (std::size_t i = 0; i < kLessons; ++i) all.push_back(i);
  LessonStream again(*pack, all, localize, diagnostics, 1);
  std::size_t batches = 0;
  while (again.next()) ++batches;
  CHECK(batches == 1);  // the second batch holds lesson 50: nothing of it is yielded
  REQUIRE(diagnostics.error_count() == 1);
  CHECK(diagnostics.all().back().check_id == "source-changed");
}
