#include "front_matter.h"

#include <doctest/doctest.h>

#include "yaml_document.h"

using namespace hocso;

namespace {

void check_one_error(const Diagnostics& diagnostics, int line, int column,
                     const std::string& message, const std::string& check_id) {
  auto all = diagnostics.all();
  REQUIRE(all.size() == 1);
  CHECK(all[0].where.file == "lessons/a/lesson.md");
  CHECK(all[0].where.line == line);
  CHECK(all[0].where.column == column);
  CHECK(all[0].message == message);
  CHECK(all[0].check_id == check_id);
}

// `text` is refused as a lesson file with one error at 1:1.
void check_refused_at_1_1(const char* text, const std::string& message, const std::string& check_id) {
  CAPTURE(text);
  Diagnostics diagnostics;
  CHECK_FALSE(split_front_matter(text, "lessons/a/lesson.md", diagnostics).has_value());
  check_one_error(diagnostics, 1, 1, message, check_id);
}

}  // namespace

TEST_CASE("front matter and body are split with their line numbers") {
  Diagnostics diagnostics;
  auto split = split_front_matter("---\nid: a\ntitle: Xin chào\n---\n# Bước 1\nMở ứng dụng.\n",
                                  "lessons/a/lesson.md", diagnostics);
  CHECK(diagnostics.all().empty());
  REQUIRE(split.has_value());
  CHECK(split->yaml == "id: a\ntitle: Xin chào\n");
  CHECK(split->yaml_first_line == 2);
  CHECK(split->body == "# Bước 1\nMở ứng dụng.\n");
  CHECK(split->body_first_line == 5);
}

TEST_CASE(
    "the front matter may close with `...`, trailing blanks are ignored, the body may be empty") {
  Diagnostics diagnostics;
  auto dots = split_front_matter("--- \nid: a\n...\t\nbody", "lessons/a/lesson.md", diagnostics);
  REQUIRE(dots.has_value());
  CHECK(dots->yaml == "id: a\n");
  CHECK(dots->body == "body");
  CHECK(dots->body_first_line == 4);

  auto at_end = split_front_matter("---\nid: a\n---", "lessons/a/lesson.md", diagnostics);
  REQUIRE(at_end.has_value());
  CHECK(at_end->yaml == "id: a\n");
  CHECK(at_end->body == "");
  CHECK(at_end->body_first_line == 4);

  auto empty = split_front_matter("---\n---\nbody\n", "lessons/a/lesson.md", diagnostics);
  REQUIRE(empty.has_value());
  CHECK(empty->yaml == "");
  CHECK(empty->body == "body\n");
  CHECK(empty->body_first_line == 3);
  CHECK(diagnostics.all().empty());
}

TEST_CASE("a file without front matter is refused at 1:1") {
  for (const char* text : {"# Bước 1\n", "", "----\nid: a\n---\n", "\n---\nid: a\n---\n"}) {
    check_refused_at_1_1(text,
                         "the file must start with YAML front matter: a line `---`, the fields (id, "
                         "title, ...), then a closing line `---`",
                         "front-matter-missing");
  }
}

TEST_CASE("front matter that is never closed is refused at its opening line") {
  for (const char* text :
       {"---\nid: a\ntitle: b\n# Bước 1\n", "---\n", "---", "---\nid: a\n----\n"}) {
    check_refused_at_1_1(text,
                         "the front matter that starts here is not closed; add a line `---` after its "
                         "last field",
                         "front-matter-unterminated");
  }
}

TEST_CASE("positions in the front matter are lines of the whole file") {
  Diagnostics diagnostics;
  auto split = split_front_matter("---\nid: a\nquiz:\n  - answer: 2\n---\nbody\n",
                                  "lessons/a/lesson.md", diagnostics);
  REQUIRE(split.has_value());
  auto document =
      parse_yaml(split->yaml, "lessons/a/lesson.md", split->yaml_first_line, diagnostics);
  REQUIRE(document != nullptr);
  Location answer = document->locate("/quiz/0/answer");
  CHECK(answer.file == "lessons/a/lesson.md");
  CHECK(answer.line == 4);
  CHECK(answer.column == 13);
  CHECK(document->locate("").line == 2);
}
