// The writing checks (docs/writers.md, "Checks"): the pack's `checks:` and
// `writing:` settings, tone-mark style, sentences and syllables, markup the page
// would show as typed, and the checks on a loaded lesson, each with its exact
// message, place and check-id.
#include "writing_checks.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "check_settings.h"
#include "diagnostics.h"
#include "markdown.h"
#include "pack_loader.h"
#include "plain_language.h"
#include "test_files.h"
#include "tone_marks.h"
#include "yaml_document.h"

namespace fs = std::filesystem;
using hocso::Diagnostic;
using hocso::Diagnostics;
using hocso::Severity;
using hocso::ToneMarkStyle;
using namespace hocso::test;  // TempDir, InFolder, write_bytes, read_bytes

// A failed comparison of reported lines shows the lines, one a line.
template <>
struct doctest::StringMaker<std::vector<std::string>> {
  static doctest::String convert(const std::vector<std::string>& lines) {
    return fmt::format("\n  {}\n", fmt::join(lines, "\n  ")).c_str();
  }
};

namespace {

// "file:line:col: severity: message [check-id]" for each diagnostic.
std::vector<std::string> lines(const Diagnostics& diagnostics) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diagnostics.all())
    out.push_back(fmt::format("{}:{}:{}: {}: {} [{}]", d.where.file, d.where.line, d.where.column,
                              hocso::severity_name(d.severity), d.message, d.check_id));
  return out;
}

// One step of a lesson body: a blank line, its heading, its text and its
// picture, each after a blank line (six lines).
std::string step(const std::string& heading, const std::string& text, const std::string& picture) {
  return "\n## " + heading + "\n\n" + text + "\n\n" + picture + "\n";
}

// Four steps, each with a picture, short sentences: nothing to say. Line 11 is
// the first; the steps' headings are at lines 13, 19, 25 and 31, their texts at
// 15, 21, 27 and 33, their pictures at 17, 23, 29 and 35.
const std::string kGoodBody =
    "Bài này giúp bác cài ứng dụng.\n" +
    step("Mở CH Play", "Chạm vào biểu tượng CH Play.", "![Biểu tượng CH Play](screens/a.png)") +
    step("Tìm VNeID", "Gõ chữ VNeID vào ô tìm kiếm.", "![Ô tìm kiếm](screens/b.png)") +
    step("Cài đặt", "Chạm vào nút **Cài đặt**.", "![Nút Cài đặt](screens/c.png)") +
    step("Mở ứng dụng", "Chạm vào nút **Mở**.", "![Nút Mở](screens/d.png)");

// kGoodBody with the text `from` (which it must hold) written as `to`.
std::string good_body_with(const std::string& from, const std::string& to) {
  std::string body = kGoodBody;
  const std::size_t at = body.find(from);
  REQUIRE(at != std::string::npos);
  return body.replace(at, from.size(), to);
}

// A content folder with one pack listing lesson `a`, whose body is `body`
// (its front matter takes lines 1-9, the body starts at line 11).
struct Content {
  TempDir dir{"hocso-writing-checks"};
  InFolder cwd{dir.path};
  Diagnostics diagnostics;
  std::optional<hocso::LoadedPack> loaded;

  explicit Content(const std::string& body, const std::string& pack_extra = "",
                   const std::string& summary = "Cài VNeID trên điện thoại.") {
    fs::create_directories(dir.path / "content/packs");
    fs::create_directories(dir.path / "content/lessons/a");
    write_bytes(dir.path / "content/packs/p.yaml",
                "id: p\nversion: 1.0.0\ntitle: Kỹ năng số\nsource_language: vi\nlanguages: [vi]\nlessons:\n  - a\n" +
                    pack_extra);
    write_bytes(dir.path / "content/lessons/a/lesson.md",
                "---\n"               // 1
                "id: a\n"             // 2
                "title: Cài VNeID\n"  // 3
                "summary: " +
                    summary +
                    "\n"                     // 4
                    "level: co-ban\n"        // 5
                    "duration_minutes: 5\n"  // 6
                    "objectives:\n"          // 7
                    "  - Cài được VNeID.\n"  // 8
                    "---\n"                  // 9
                    "\n" +                   // 10
                    body);
    loaded = hocso::load_pack(dir.path / "content/packs/p.yaml", diagnostics);
    REQUIRE(loaded);
    REQUIRE(loaded->lessons.size() == 1);
    INFO(fmt::format("{}", fmt::join(lines(diagnostics), "\n")));
    REQUIRE(diagnostics.all().empty());
  }

  std::vector<std::string> check() {
    Diagnostics out;
    hocso::check_lesson_writing(loaded->pack, loaded->lessons.front(), out);
    return lines(out);
  }
};

const std::string kFile = "content/lessons/a/lesson.md";

// Reported lines about lesson `a`: each of `rest` after its file name.
std::vector<std::string> in_lesson(const std::vector<std::string>& rest) {
  std::vector<std::string> out;
  for (const std::string& line : rest) out.push_back(kFile + line);
  return out;
}

// The writing checks' lines on lesson `a` with `body` (pack_extra: see Content).
std::vector<std::string> check_body(const std::string& body, const std::string& pack_extra = "") {
  return Content(body, pack_extra).check();
}

}  // namespace

// ---- tone marks -------------------------------------------------------------------

TEST_CASE("tone marks: oa, oe, uy at a syllable's end, in the style the pack does not use") {
  const auto slips =
      hocso::tone_mark_slips("Hoà bình, khoẻ mạnh, thuỷ lợi; hòa, khỏe, thủy.", ToneMarkStyle::old_style);
  REQUIRE(slips.size() == 3);
  CHECK(slips[0].written == "Hoà");
  CHECK(slips[0].wanted == "Hòa");
  CHECK(slips[0].offset == 0);
  CHECK(slips[1].written == "khoẻ");
  CHECK(slips[1].wanted == "khỏe");
  CHECK(slips[2].written == "thuỷ");
  CHECK(slips[2].wanted == "thủy");
  const auto other_way = hocso::tone_mark_slips("Hoà bình, khỏe mạnh, THỦY", ToneMarkStyle::new_style);
  REQUIRE(other_way.size() == 2);
  CHECK(other_way[0].written == "khỏe");
  CHECK(other_way[0].wanted == "khoẻ");
  CHECK(other_way[1].written == "THỦY");
  CHECK(other_way[1].wanted == "THUỶ");
}

TEST_CASE("tone marks: syllables written alike in both styles are never reported") {
  // A final consonant or vowel, qu + vowel, a mark elsewhere, no mark at all, another vowel (ơ, ê).
  for (const char* text : {"hoàn thành, loại, khuya, quý, quá, quỳ, hoa, xoay, thuở, thuê, uỷ ban? không: ủy"}) {
    const auto slips = hocso::tone_mark_slips(text, ToneMarkStyle::old_style);
    REQUIRE(slips.size() == 1);  // only "uỷ"
    CHECK(slips[0].written == "uỷ");
    CHECK(slips[0].wanted == "ủy");
  }
  CHECK(hocso::tone_mark_slips("quý quá quỳ hoàn loại khuya", ToneMarkStyle::new_style).empty());
}

// ---- sentences and syllables ----------------------------------------------------------

TEST_CASE("syllables are ICU's words of letters or digits; sentences ICU's sentences") {
  CHECK(hocso::count_syllables("Chạm vào nút **Kích hoạt** ngay, từ ngày 1/1/2025.") == 11);
  CHECK(hocso::count_syllables(" , . — ") == 0);
  const auto sentences = hocso::measure_sentences("Mở ứng dụng. Chạm vào nút xanh! Bác thấy gì?");
  REQUIRE(sentences.size() == 3);
  CHECK(sentences[0].syllables == 3);
  CHECK(sentences[1].syllables == 4);
  CHECK(sentences[2].syllables == 3);
  CHECK(sentences[1].offset == std::string_view("Mở ứng dụng. ").size());
}

// ---- markup shown as typed ------------------------------------------------------------

TEST_CASE("image and link markup that CommonMark reads as text is found where it is written") {
  Diagnostics diagnostics;
  const auto body = hocso::parse_markdown(
      "Xem ![Nút xanh] (screens/x.png) ở trên.\n"  // 11
      "\n"
      "![Màn hình đầu](screens/màn hình.png)\n"  // 13
      "\n"
      "- Bài trước: [Cài VNeID] (../cai-dat/lesson.md)\n"  // 15
      "\n"
      "Chữ [MINH HỌA] (hình vẽ) và `![a] (b.png)` và \\[x\\] (y.png) là chữ.\n"  // 17
      "\n"
      "![Đúng](screens/dung.png) và [đúng](#buoc-1).\n",
      "l.md", 11, diagnostics);
  REQUIRE(body);
  const auto found = hocso::literal_markup(*body);
  REQUIRE(found.size() == 3);
  CHECK(found[0].line == 11);
  CHECK(found[0].column == 5);
  CHECK(found[0].text == "![Nút xanh] (screens/x.png)");
  CHECK(found[0].image);
  CHECK(found[0].reason == hocso::LiteralMarkup::Reason::space_before_parenthesis);
  CHECK(found[1].line == 13);
  CHECK(found[1].column == 1);
  CHECK(found[1].target == "screens/màn hình.png");
  CHECK(found[1].reason == hocso::LiteralMarkup::Reason::space_in_target);
  CHECK(found[2].line == 15);
  CHECK(found[2].column == 14);
  CHECK_FALSE(found[2].image);
}

// ---- the pack's settings ----------------------------------------------------------------

TEST_CASE("checks: sets a severity or turns a check off; an id no pack can set is an error with did you mean") {
  Diagnostics diagnostics;
  const auto document = hocso::parse_yaml(
      "id: p\n"
      "checks:\n"
      "  step-count: error\n"
      "  step-no-picture: off\n"
      "  sentence-to-long: off\n"
      "  schema: off\n"
      "writing: {tone_marks: new, sentence_syllables: 12, step_syllables: 40}\n",
      "p.yaml", 1, diagnostics);
  REQUIRE(document);
  const hocso::CheckSettings settings = hocso::read_check_settings(*document, diagnostics);
  const auto reported = lines(diagnostics);
  REQUIRE(reported.size() == 2);
  CHECK(reported[0] ==
        "p.yaml:5:3: error: checks: 'sentence-to-long' is not a check a pack can set; did you mean "
        "'sentence-too-long'? [checks-unknown]");
  CHECK(
      reported[1].starts_with("p.yaml:6:3: error: checks: 'schema' is not a check a pack can set; these can be "
                              "set: markup-as-text, file-name-space, "));
  CHECK(settings.writing.tone_marks == ToneMarkStyle::new_style);
  CHECK(settings.writing.sentence_syllables == 12);
  CHECK(settings.writing.step_syllables == 40);
  const auto raised = settings.severities.apply({Severity::warning, {"f", 1, 1}, "m", "step-count"});
  REQUIRE(raised);
  CHECK(raised->severity == Severity::error);
  CHECK_FALSE(settings.severities.apply({Severity::warning, {"f", 1, 1}, "m", "step-no-picture"}));
  const auto untouched = settings.severities.apply({Severity::warning, {"f", 1, 1}, "m", "tone-mark-style"});
  REQUIRE(untouched);
  CHECK(untouched->severity == Severity::warning);
}

TEST_CASE("docs/writers.md lists every check a pack can set, with its default severity") {
  const std::string guide = read_bytes(fs::path(HOCSO_SOURCE_DIR) / "docs/writers.md");
  const std::size_t start = guide.find("### The writing checks");
  REQUIRE(start != std::string::npos);
  const std::size_t end = guide.find("\n### ", start + 1);
  std::istringstream table(guide.substr(start, end - start));
  std::vector<std::string> documented;
  for (std::string row; std::getline(table, row);) {
    if (!row.starts_with("| `")) continue;
    const std::size_t id_end = row.find('`', 3);
    const std::size_t severity_start = row.find("| ", id_end) + 2;
    documented.push_back(row.substr(3, id_end - 3) + " " +
                         row.substr(severity_start, row.find(' ', severity_start) - severity_start));
  }
  std::vector<std::string> listed;
  for (const hocso::AdjustableCheck& check : hocso::adjustable_checks())
    listed.push_back(std::string(check.id) + " " + hocso::severity_name(check.severity));
  CHECK(documented == listed);
}

TEST_CASE("the defaults: old tone marks, 25 syllables a sentence, 70 a step") {
  const hocso::WritingRules rules;
  CHECK(rules.tone_marks == ToneMarkStyle::old_style);
  CHECK(rules.sentence_syllables == 25);
  CHECK(rules.step_syllables == 70);
  CHECK(hocso::default_severity("markup-as-text") == Severity::error);
  CHECK(hocso::default_severity("language-plugin-missing") == Severity::error);
  CHECK(hocso::default_severity("step-no-picture") == Severity::warning);
}

// ---- on a lesson ------------------------------------------------------------------------

TEST_CASE("a lesson that follows the rules gets nothing") {
  Content content(kGoodBody);
  CHECK(content.check().empty());
}

TEST_CASE("markup the page would show as typed is an error at the markup") {
  std::string body = good_body_with("![Ô tìm kiếm](screens/b.png)", "![Ô tìm kiếm] (screens/b.png)");
  body.replace(body.find("![Nút Mở](screens/d.png)"), std::string("![Nút Mở](screens/d.png)").size(),
               "![Nút Mở](screens/nút mở.png)");
  // Both steps lose their picture too.
  CHECK(check_body(body) ==
        in_lesson({":23:1: error: '![Ô tìm kiếm] (screens/b.png)' will show as typed, not as a picture: "
                   "remove the space between ] and ( [markup-as-text]",
                   ":35:1: error: '![Nút Mở](screens/nút mở.png)' will show as typed, not as a picture: "
                   "a picture's path cannot hold a space; rename the file without spaces, like "
                   "screens/nút-mở.png [markup-as-text]",
                   ":19:1: warning: step 2 ('Tìm VNeID') has no picture; add a picture of what the "
                   "learner sees, with the thing to tap marked [step-no-picture]",
                   ":31:1: warning: step 4 ('Mở ứng dụng') has no picture; add a picture of what the "
                   "learner sees, with the thing to tap marked [step-no-picture]"}));
}

TEST_CASE("fewer than 4 steps, or more than 8, is a warning") {
  SUBCASE("three") {
    CHECK(check_body(kGoodBody.substr(0, kGoodBody.find("## Mở ứng dụng"))) ==
          in_lesson({":25:1: warning: the lesson has 3 steps; a lesson has 4 to 8 (each `## ` "
                     "heading starts one): split its actions into more steps, or join it with "
                     "another lesson [step-count]"}));
  }
  SUBCASE("nine") {
    std::string body = kGoodBody;
    for (int i = 5; i <= 9; ++i) body += step(fmt::format("Bước phụ {}", i), "Chạm tiếp.", "![Nút](screens/d.png)");
    CHECK(check_body(body) == in_lesson({":61:1: warning: the lesson has 9 steps; a lesson has 4 to 8: split it into "
                                         "two lessons (the second one `requires` the first) [step-count]"}));
  }
}

TEST_CASE("a heading that starts with \"Bước N\" is a warning saying what the viewer would show") {
  CHECK(check_body(good_body_with("## Tìm VNeID", "## BƯỚC 2: Tìm VNeID")) ==
        in_lesson({":19:1: warning: the heading 'BƯỚC 2: Tìm VNeID' starts with a step number; the "
                   "viewer numbers steps itself (it would show 'Bước 2: BƯỚC 2: Tìm VNeID'): write "
                   "only the action, 'Tìm VNeID' [heading-step-number]"}));
}

TEST_CASE("a step with too many words, and a sentence too long, against the pack's limits") {
  const std::string body =
      good_body_with("Gõ chữ VNeID vào ô tìm kiếm.",
                     "Gõ chữ VNeID vào ô tìm kiếm ở trên cùng màn hình rồi chạm vào kính lúp để tìm. Chờ một chút.");
  CHECK(check_body(body, "writing: {sentence_syllables: 12, step_syllables: 20}\n") ==
        in_lesson({":19:1: warning: step 2 ('Tìm VNeID') has 22 words, more than 20 for learners who "
                   "read slowly: split it into two steps (one action each) or shorten it "
                   "[step-too-many-words]",
                   ":21:1: warning: the sentence 'Gõ chữ VNeID vào ô tìm kiếm ở trên cùng màn…' has 19 "
                   "words, more than 12: split it into shorter sentences, one idea each "
                   "[sentence-too-long]"}));
}

TEST_CASE("a long sentence in the front matter is pointed at its value") {
  Content content(kGoodBody, "",
                  "Biết vì sao ngân hàng cần khuôn mặt của bác khớp với thẻ căn cước gắn chip và khi nào phải xác "
                  "thực khuôn mặt ngay.");
  CHECK(content.check() == in_lesson({":4:10: warning: the sentence 'Biết vì sao ngân hàng cần khuôn mặt của bác…' has "
                                      "26 words, more than 25: split it into shorter sentences, one idea each "
                                      "[sentence-too-long]"}));
}

TEST_CASE("tone marks in the other style are warnings at the syllable; the pack chooses the style") {
  const std::string body =
      good_body_with("Chạm vào biểu tượng CH Play.", "Giữ điện thoại cho khoẻ, chạm vào biểu tượng CH Play.");
  SUBCASE("old, the default") {
    CHECK(check_body(body) == in_lesson({":15:20: warning: 'khoẻ' has its tone mark in the new style; this pack writes "
                                         "the old style: 'khỏe' [tone-mark-style]"}));
  }
  SUBCASE("new") { CHECK(check_body(body, "writing: {tone_marks: new}\n").empty()); }
  SUBCASE("turned off") { CHECK(check_body(body, "checks: {tone-mark-style: off}\n").empty()); }
  SUBCASE("raised to an error") {
    const auto reported = check_body(body, "checks: {tone-mark-style: error}\n");
    REQUIRE(reported.size() == 1);
    CHECK(reported[0].starts_with(kFile + ":15:20: error: 'khoẻ' has its tone mark in the new style"));
  }
}

TEST_CASE("a lesson folder that no pack lists is a warning at its lesson.md") {
  Content content(kGoodBody);
  fs::create_directories(content.dir.path / "content/lessons/mo-coi");
  write_bytes(content.dir.path / "content/lessons/mo-coi/lesson.md", "---\nid: mo-coi\n---\n");
  fs::create_directories(content.dir.path / "content/lessons/chi-thu-muc");  // no lesson.md: not a lesson
  Diagnostics diagnostics;
  hocso::check_lesson_folders_listed(content.loaded->pack, diagnostics);
  const auto reported = lines(diagnostics);
  REQUIRE(reported.size() == 1);
  CHECK(reported[0] ==
        "content/lessons/mo-coi/lesson.md:0:0: warning: the lesson folder 'mo-coi' is in no pack: no "
        "file in content/packs lists it, so it is never checked or built; add 'mo-coi' to a pack's "
        "lessons: list, or remove the folder [lesson-not-in-pack]");
  // Listed by another pack of the same content folder: nothing to say.
  write_bytes(content.dir.path / "content/packs/q.yaml",
              "id: q\nversion: 1.0.0\nsource_language: vi\nlanguages: [vi]\nlessons: [mo-coi]\n");
  Diagnostics again;
  hocso::check_lesson_folders_listed(content.loaded->pack, again);
  CHECK(again.all().empty());
}
