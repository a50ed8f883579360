// The pack loader in parts, as a build uses it since lessons come in batches
// (decision 0008): load_pack_file, load_lessons, summary_of, and
// reload_lessons, which must refuse a lesson.md that changed or went away
// after the first read.
#include "pack_loader.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "test_files.h"

namespace fs = std::filesystem;
using hocso::Diagnostic;
using hocso::Diagnostics;
using hocso::Lesson;
using hocso::LessonSummary;
using hocso::Pack;
using hocso::Severity;
using namespace hocso::test;  // TempDir, InFolder, write_bytes

namespace {

std::string lesson_md(const std::string& id, const std::string& title, const std::string& requires_line) {
  return "---\n"
         "id: " + id + "\n"
         "title: " + title + "\n"
         "summary: Tóm tắt bài " + id + ".\n"
         "level: co-ban\n"
         "duration_minutes: 5\n" +
         requires_line +
         "objectives:\n"
         "  - Biết làm bài " + id + ".\n"
         "---\n"
         "\n"
         "## Bước một của " + id + "\n"
         "\n"
         "Chạm vào nút xanh trong bài " + id + ".\n";
}

struct Content {
  TempDir dir{"hocso-pack-loader"};
  InFolder cwd{dir.path};
  fs::path pack_file = dir.path / "content" / "packs" / "p.yaml";
  fs::path lesson_file(const std::string& id) const { return dir.path / "content" / "lessons" / id / "lesson.md"; }

  Content() {
    fs::create_directories(pack_file.parent_path());
    write_bytes(pack_file,
                "id: p\n"                    // line 1
                "version: 1.0.0\n"           // 2
                "source_language: vi\n"      // 3
                "languages: [vi]\n"          // 4
                "lessons:\n"                 // 5
                "  - a\n"                    // 6
                "  - b\n"                    // 7
                "  - c\n");                  // 8
    for (const std::string id : {"a", "b", "c"}) fs::create_directories(lesson_file(id).parent_path());
    write_bytes(lesson_file("a"), lesson_md("a", "Bài A", ""));
    write_bytes(lesson_file("b"), lesson_md("b", "Bài B", "requires: [a]\n"));
    write_bytes(lesson_file("c"), lesson_md("c", "Bài C", "requires: [a, b]\n"));
  }

  // The pack file and its three lessons, loaded on 2 threads as the lesson
  // stream does; pack.lessons gets their summaries, as after the check.
  hocso::LoadedPack load(Diagnostics& diagnostics) const {
    auto pack = hocso::load_pack_file(pack_file, diagnostics);
    REQUIRE(pack);
    REQUIRE(pack->to_load.size() == 3);
    REQUIRE(pack->lessons.empty());
    hocso::LoadedPack out{std::move(*pack), {}};
    auto loaded = hocso::load_lessons(out.pack, 0, 3, diagnostics, 2);
    REQUIRE(loaded.size() == 3);
    for (auto& lesson : loaded) {
      REQUIRE(lesson);
      out.pack.lessons.push_back(hocso::summary_of(*lesson));
      out.lessons.push_back(std::move(*lesson));
    }
    return out;
  }
};

bool is_hex64(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](unsigned char c) {
           return std::isdigit(c) || (c >= 'a' && c <= 'f');
         });
}

std::string describe(const Diagnostics& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics.all())
    out += d.where.file + ":" + std::to_string(d.where.line) + ": " + d.message + " [" + d.check_id + "]\n";
  return out;
}

// The content folder's pack and its lessons, loaded (Content::load).
struct Loaded {
  Content content;
  Diagnostics diagnostics;
  const hocso::LoadedPack loaded = content.load(diagnostics);
  const Pack& pack = loaded.pack;
};

// Every lesson of the three-lesson pack read again (reload_lessons on 2
// threads), each slot full or empty; `report` gets what it says.
std::vector<std::optional<Lesson>> reload_all(const Pack& pack, Diagnostics& report) {
  auto full = hocso::reload_lessons(pack, 0, 3, report, 2);
  REQUIRE(full.size() == 3);
  return full;
}

enum class Read { first, again };

// Lessons b and c, the second and third listed, on one thread: read the first
// time (load_lessons) or again (reload_lessons); `report` gets what it says.
std::vector<std::optional<Lesson>> read_b_and_c(const Pack& pack, Read read, Diagnostics& report) {
  auto part =
      read == Read::first ? hocso::load_lessons(pack, 1, 2, report, 1) : hocso::reload_lessons(pack, 1, 2, report, 1);
  REQUIRE(part.size() == 2);
  REQUIRE(part[0]);
  REQUIRE(part[1]);
  CHECK(part[0]->id == "b");
  CHECK(part[1]->id == "c");
  return part;
}

// The one diagnostic in `report`, which must be an error with `check_id`.
Diagnostic only_error(const Diagnostics& report, const std::string& check_id) {
  CHECK(report.error_count() == 1);
  const auto all = report.all();
  REQUIRE(all.size() == 1);
  CHECK(all[0].severity == Severity::error);
  CHECK(all[0].check_id == check_id);
  return all[0];
}

}  // namespace

TEST_CASE_FIXTURE(Loaded, "load_pack_file then load_lessons reads every listed lesson in pack order") {
  CAPTURE(describe(diagnostics));
  CHECK(diagnostics.error_count() == 0);
  CHECK(diagnostics.warning_count() == 0);
  CHECK(pack.id == "p");
  CHECK(pack.languages == std::vector<std::string>{"vi"});

  const std::vector<std::string> ids{"a", "b", "c"};
  const std::vector<std::string> titles{"Bài A", "Bài B", "Bài C"};
  for (std::size_t i = 0; i < 3; ++i) {
    CAPTURE(i);
    const Lesson& lesson = loaded.lessons[i];
    CHECK(pack.to_load[i].id == ids[i]);
    CHECK(lesson.id == ids[i]);
    CHECK(lesson.title == titles[i]);
    CHECK(lesson.summary == "Tóm tắt bài " + ids[i] + ".");
    CHECK(lesson.level == "co-ban");
    CHECK(lesson.duration_minutes == 5);
    CHECK(lesson.markdown_path == "content/lessons/" + ids[i] + "/lesson.md");
    CHECK(is_hex64(lesson.source_sha256));
    // Its entry in the pack's `lessons:` list: lines 6, 7, 8 of the pack file.
    CHECK(lesson.listed_at.file == "content/packs/p.yaml");
    CHECK(lesson.listed_at.line == static_cast<int>(6 + i));
    CHECK(lesson.listed_at.column > 0);
    CHECK(pack.to_load[i].at.line == lesson.listed_at.line);
    REQUIRE(lesson.front_matter);
    REQUIRE(lesson.markdown);
    CHECK(lesson.markdown->text().find("## Bước một của " + ids[i]) != std::string::npos);
  }
  CHECK(pack.lessons[0].requires_ids.empty());
  CHECK(pack.lessons[1].requires_ids == std::vector<std::string>{"a"});
  CHECK(pack.lessons[2].requires_ids == std::vector<std::string>{"a", "b"});
  // Three different files, three different hashes.
  CHECK(pack.lessons[0].source_sha256 != pack.lessons[1].source_sha256);
  CHECK(pack.lessons[1].source_sha256 != pack.lessons[2].source_sha256);

  // A part of the list: load_lessons(first, count) reads to_load[first, first + count).
  Diagnostics again;
  auto part = read_b_and_c(pack, Read::first, again);
  CHECK(part[0]->source_sha256 == pack.lessons[1].source_sha256);
}

TEST_CASE_FIXTURE(Loaded, "a summary keeps what other pages need") {
  const std::string sha = loaded.lessons[2].source_sha256;
  REQUIRE(loaded.lessons[2].objectives.size() == 1);
  const LessonSummary c = hocso::summary_of(loaded.lessons[2]);
  CHECK(c.id == "c");
  CHECK(c.title == "Bài C");
  CHECK(c.summary == "Tóm tắt bài c.");
  CHECK(c.level == "co-ban");
  CHECK(c.duration_minutes == 5);
  CHECK(c.requires_ids == std::vector<std::string>{"a", "b"});
  CHECK(c.source_sha256 == sha);
  CHECK(c.markdown_path == "content/lessons/c/lesson.md");
  CHECK(c.listed_at.line == 8);
}

TEST_CASE_FIXTURE(Loaded, "reload_lessons gives the full lessons back from their summaries") {
  std::vector<std::string> texts;
  for (const auto& lesson : loaded.lessons) texts.push_back(lesson.markdown->text());

  Diagnostics reload;
  auto full = reload_all(pack, reload);
  CAPTURE(describe(reload));
  CHECK(reload.all().empty());
  for (std::size_t i = 0; i < 3; ++i) {
    CAPTURE(i);
    REQUIRE(full[i]);
    CHECK(full[i]->id == pack.lessons[i].id);
    REQUIRE(full[i]->markdown);
    REQUIRE(full[i]->front_matter);
    CHECK(full[i]->markdown->text() == texts[i]);
    CHECK(full[i]->source_sha256 == pack.lessons[i].source_sha256);
    CHECK(full[i]->objectives.size() == 1);
  }
  // A batch in the middle: pack.lessons[1, 3).
  Diagnostics part_report;
  read_b_and_c(pack, Read::again, part_report);
  CHECK(part_report.all().empty());
}

TEST_CASE_FIXTURE(Loaded, "reload_lessons refuses a lesson.md that changed since the first read [source-changed]") {
  const std::string b_path = pack.lessons[1].markdown_path;
  REQUIRE(b_path == "content/lessons/b/lesson.md");

  // Still a valid lesson, only its bytes differ.
  write_bytes(content.lesson_file("b"), lesson_md("b", "Bài B", "requires: [a]\n") + "\nMột dòng mới.\n");

  Diagnostics reload;
  auto full = reload_all(pack, reload);
  CAPTURE(describe(reload));
  REQUIRE(full[0]);
  CHECK(full[0]->id == "a");
  CHECK(full[0]->markdown);
  CHECK_FALSE(full[1].has_value());
  REQUIRE(full[2]);
  CHECK(full[2]->id == "c");
  CHECK(full[2]->markdown);

  CHECK(reload.warning_count() == 0);
  CHECK(only_error(reload, "source-changed").where.file == b_path);

  // Only the changed lesson: a batch without it reloads cleanly.
  Diagnostics others;
  auto c_only = hocso::reload_lessons(pack, 2, 1, others, 1);
  REQUIRE(c_only.size() == 1);
  CHECK(c_only[0].has_value());
  CHECK(others.all().empty());
}

TEST_CASE_FIXTURE(Loaded, "reload_lessons reports a lesson.md removed after the first read [lesson-missing]") {
  REQUIRE(fs::remove(content.lesson_file("c")));

  Diagnostics reload;
  auto full = reload_all(pack, reload);
  CAPTURE(describe(reload));
  CHECK(full[0].has_value());
  CHECK(full[1].has_value());
  CHECK_FALSE(full[2].has_value());
  const Diagnostic missing = only_error(reload, "lesson-missing");
  // Reported at the lesson's entry in the pack file.
  CHECK(missing.where.file == "content/packs/p.yaml");
  CHECK(missing.where.line == 8);
  CHECK(missing.message.find("content/lessons/c/lesson.md") != std::string::npos);
}
