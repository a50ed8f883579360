#include "markdown.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>

#include "test_support.h"

using hocso::Diagnostic;
using hocso::Diagnostics;
using hocso::MarkdownLimits;
using hocso::ResolvedUrl;
using hocso::SourceReference;
using hocso::test::cpu_seconds;

namespace {

const std::string kFile = "lessons/vneid/lesson.md";

std::unique_ptr<hocso::MarkdownBody> parse(std::string_view text, Diagnostics& diagnostics,
                                           int first_line = 1, const MarkdownLimits& limits = {}) {
  return hocso::parse_markdown(text, kFile, first_line, diagnostics, limits);
}

// "line:col severity [check-id] message" for one diagnostic.
std::string brief(const Diagnostic& d) {
  CHECK(d.where.file == kFile);
  return fmt::format("{}:{} {} [{}] {}", d.where.line, d.where.column, hocso::severity_name(d.severity),
                     d.check_id, d.message);
}

// Every diagnostic, one a line (a string, so that doctest prints it on failure).
std::string briefs(const Diagnostics& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics.all()) out += brief(d) + "\n";
  return out;
}

// The expected lines, joined as briefs() and references_of() join them.
std::string lines(std::initializer_list<std::string> items) {
  std::string out;
  for (const std::string& item : items) out += item + "\n";
  return out;
}

// "kind target|text @line:col" for one reference.
std::string describe(const SourceReference& r) {
  return fmt::format("{} {}|{} @{}:{}", r.kind == SourceReference::Kind::image ? "image" : "link",
                     r.target, r.text, r.where.line, r.where.column);
}

// Every reference of a body that must parse cleanly, one a line.
std::string references_of(std::string_view text, int first_line = 1) {
  Diagnostics diagnostics;
  auto body = parse(text, diagnostics, first_line);
  REQUIRE(body);
  CHECK(briefs(diagnostics) == "");
  std::string out;
  for (const SourceReference& r : body->references()) {
    CHECK(r.where.file == kFile);
    out += describe(r) + "\n";
  }
  return out;
}

std::optional<ResolvedUrl> keep_as_written(const SourceReference& r) { return ResolvedUrl{r.target}; }

// What a lesson build allows: bundle-relative files only.
std::optional<ResolvedUrl> relative_only(const SourceReference& r) {
  const std::string& t = r.target;
  if (t.find(':') != std::string::npos || t.starts_with('/') || t.starts_with('\\')) return std::nullopt;
  return ResolvedUrl{"media/" + t};
}

hocso::RenderedBody render(std::string_view text, const hocso::UrlResolver& resolve = keep_as_written) {
  Diagnostics diagnostics;
  auto body = parse(text, diagnostics);
  REQUIRE(body);
  return hocso::render_markdown(*body, resolve);
}

std::string repeat(std::string_view unit, std::size_t n) {
  std::string out;
  out.reserve(unit.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}

}  // namespace

TEST_CASE("escape_html escapes the five characters that matter in content and attributes") {
  CHECK(hocso::escape_html(R"(<img src=x onerror='alert("&")'>)") ==
        "&lt;img src=x onerror=&#39;alert(&quot;&amp;&quot;)&#39;&gt;");
  CHECK(hocso::escape_html("Đăng nhập VNeID") == "Đăng nhập VNeID");
  CHECK(hocso::escape_html("") == "");
}

TEST_CASE("steps: the intro, then one step per level-2 heading, with file lines") {
  const std::string text =
      "Bài này hướng dẫn *đăng nhập*.\n"   // 1
      "\n"                                 // 2
      "## Bước 1: Mở `VNeID` *ngay*\n"     // 3
      "Chạm vào biểu tượng.\n"             // 4
      "\n"                                 // 5
      "### Lưu ý\n"                        // 6
      "- một\n"                            // 7
      "- hai\n"                            // 8
      "\n"                                 // 9
      "Bước 2: Nhập mật khẩu\n"            // 10
      "---\n"                              // 11
      "Xong.\n";                           // 12
  Diagnostics diagnostics;
  auto body = parse(text, diagnostics, 5);
  REQUIRE(body);
  CHECK(diagnostics.all().empty());
  auto out = hocso::render_markdown(*body, keep_as_written);

  CHECK(out.intro_html == "<p>Bài này hướng dẫn <em>đăng nhập</em>.</p>\n");
  CHECK(out.intro_media.empty());
  REQUIRE(out.steps.size() == 2);
  CHECK(out.steps[0].title == "Bước 1: Mở VNeID ngay");
  CHECK(out.steps[0].title_html == "Bước 1: Mở <code>VNeID</code> <em>ngay</em>");
  CHECK(out.steps[0].html ==
        "<p>Chạm vào biểu tượng.</p>\n<h3>Lưu ý</h3>\n<ul>\n<li>một</li>\n<li>hai</li>\n</ul>\n");
  CHECK(out.steps[0].line == 7);  // body line 3, body starts at file line 5
  CHECK(out.steps[1].title == "Bước 2: Nhập mật khẩu");  // a setext heading is a step too
  CHECK(out.steps[1].html == "<p>Xong.</p>\n");
  CHECK(out.steps[1].line == 14);
}

TEST_CASE("steps: no level-2 heading means everything is intro; a heading first means no intro") {
  auto only_intro = render("Một đoạn.\n\n### Nhỏ\n");
  CHECK(only_intro.intro_html == "<p>Một đoạn.</p>\n<h3>Nhỏ</h3>\n");
  CHECK(only_intro.steps.empty());

  auto no_intro = render("## Duy nhất\n");
  CHECK(no_intro.intro_html == "");
  REQUIRE(no_intro.steps.size() == 1);
  CHECK(no_intro.steps[0].title == "Duy nhất");
  CHECK(no_intro.steps[0].html == "");
}

TEST_CASE("a level-1 heading in the body is a warning and stays in its section") {
  Diagnostics diagnostics;
  auto body = parse("## Bước 1\n\n# Tiêu đề lớn\nchữ\n", diagnostics, 3);
  REQUIRE(body);
  CHECK(briefs(diagnostics) ==
        lines({"5:1 warning [heading-level] a level-1 heading in the lesson body: "
                                 "the title comes from the front matter, and steps start with `## `"}));
  auto out = hocso::render_markdown(*body, keep_as_written);
  REQUIRE(out.steps.size() == 1);
  CHECK(out.steps[0].html == "<h1>Tiêu đề lớn</h1>\n<p>chữ</p>\n");
}

TEST_CASE("a level-1 heading opening the body is the title repeated: left out, no warning") {
  Diagnostics diagnostics;
  auto body = parse("# Tiêu đề\n\nMở đầu.\n\n## Bước 1\n\nchữ\n", diagnostics, 3);
  REQUIRE(body);
  CHECK(diagnostics.all().empty());
  auto out = hocso::render_markdown(*body, keep_as_written);
  CHECK(out.intro_html == "<p>Mở đầu.</p>\n");
  REQUIRE(out.steps.size() == 1);
  CHECK(out.steps[0].html == "<p>chữ</p>\n");
}

TEST_CASE("references: kinds, targets, alt text, file lines and code-point columns") {
  // '[' is byte 23 but code point 19 on line 1; '!' is code point 49.
  const std::string text =
      "Xin chào, hãy bấm [Đăng nhập](bai-2.md) rồi xem ![Màn hình *đăng* `nhập`](screens/login.png).\n"
      "\n"
      "Tự động: <https://dichvucong.gov.vn>\n";
  CHECK(references_of(text, 10) ==
        lines({
            "link bai-2.md| @10:19",
            "image screens/login.png|Màn hình đăng nhập @10:49",
            "link https://dichvucong.gov.vn| @12:10",
        }));
}

TEST_CASE("references: cmark 0.30.2's inline positions are corrected") {
  SUBCASE("continuation lines of a list item keep their indentation") {
    CHECK(references_of("1. Mở ứng dụng,\n"
                        "   rồi bấm [Đăng nhập](a.md)\n"
                        "2. Nhìn ![ảnh](b.png)\n") ==
          lines({"link a.md| @2:12", "image b.png|ảnh @3:9"}));
  }
  SUBCASE("block quote continuation, lazy and indented lines") {
    CHECK(references_of("> Cảnh báo\n"
                        ">    lừa đảo [x](a.md)\n"
                        "lười [y](b.md)\n"
                        "\n"
                        "đoạn\n"
                        "\t  thụt [z](c.md)\n") ==
          lines({"link a.md| @2:14", "link b.md| @3:6", "link c.md| @6:9"}));
  }
  SUBCASE("an image whose alt text spans lines is located where it starts") {
    CHECK(references_of("Xem ![Màn hình\nđăng nhập](a.png) nhé\n", 4) ==
          lines({"image a.png|Màn hình đăng nhập @4:5"}));
  }
  SUBCASE("a paragraph right after a link reference definition") {
    CHECK(references_of("[r]: screens/r.png\n"
                        "  Xem [ảnh][r] và ![nữa][r]\n") ==
          lines({"link screens/r.png| @2:7", "image screens/r.png|nữa @2:19"}));
  }
  SUBCASE("a multi-line setext heading") {
    CHECK(references_of("Tiêu đề\n  dòng hai [x](a.md)\n---\n") ==
          lines({"link a.md| @2:12"}));
  }
}

TEST_CASE("references: targets are decoded so that both spellings name the same file") {
  CHECK(references_of("![a](<screens/màn hình.png>) ![b](screens/m%C3%A0n%20h%C3%ACnh.png)\n") ==
        lines({"image screens/màn hình.png|a @1:1",
                                 "image screens/màn hình.png|b @1:30"}));
  // Entities and backslash escapes are cmark's; a decoded control character or
  // invalid UTF-8 keeps the target as written.
  CHECK(references_of("[a](x&amp;y\\).md) [b](bad%00.png) [c](bad%C3.png)\n") ==
        lines({"link x&y).md| @1:1", "link bad%00.png| @1:19",
                                 "link bad%C3.png| @1:35"}));
}

TEST_CASE("references: images inside links count; links inside alt text do not") {
  CHECK(references_of("[![logo](l.png)](trang.md) ![a [b](c.md) d](e.png)\n") ==
        lines({"link trang.md| @1:1", "image l.png|logo @1:2",
                                 "image e.png|a b d @1:28"}));
}

TEST_CASE("raw HTML blocks, inline HTML and comments are refused where they are") {
  Diagnostics diagnostics;
  auto body = parse("Chào\n"                              // 8
                    "\n"                                  // 9
                    "<div onclick=\"x()\">hộp</div>\n"    // 10
                    "\n"                                  // 11
                    "Đây là <span>chữ</span>\n"           // 12
                    "- mục\n"                             // 13
                    "  tiếp   <b>đậm</b>\n"               // 14
                    "\n"                                  // 15
                    "  <!-- ghi chú -->\n",               // 16
                    diagnostics, 8);
  CHECK(body == nullptr);
  const std::string msg = "raw HTML (HTML comments too) is not allowed in a lesson; write Markdown";
  CHECK(briefs(diagnostics) == lines({
                                   "10:1 error [raw-html] " + msg,
                                   "12:8 error [raw-html] " + msg,
                                   "12:17 error [raw-html] " + msg,
                                   "14:10 error [raw-html] " + msg,
                                   "14:16 error [raw-html] " + msg,
                                   "16:3 error [raw-html] " + msg,
                               }));
}

TEST_CASE("raw HTML: the first ten are located, then one error gives the count") {
  Diagnostics diagnostics;
  CHECK(parse(repeat("<b>x\n", 25), diagnostics) == nullptr);
  std::string expected;
  for (int line = 1; line <= 10; ++line)
    expected += fmt::format("{}:1 error [raw-html] raw HTML (HTML comments too) is not allowed in a "
                            "lesson; write Markdown\n",
                            line);
  expected += "11:1 error [raw-html] 15 more raw HTML elements in this lesson body\n";
  CHECK(briefs(diagnostics) == expected);
}

TEST_CASE("autolinks are links, not HTML") {
  auto out = render("<https://vneid.gov.vn> và <hotro@example.vn>\n");
  CHECK(out.intro_html ==
        "<p><a href=\"https://vneid.gov.vn\">https://vneid.gov.vn</a> và "
        "<a href=\"mailto:hotro@example.vn\">hotro@example.vn</a></p>\n");
}

TEST_CASE("rendering uses what the resolver returns, and drops what it refuses") {
  const std::string text =
      "[a](javascript:alert(1)) [b](VBScript:msgbox) [c](data:text/html,<script>x</script>) "
      "[**đậm** d](https://lua-dao.example) ![e](//evil.example/x.png) ![f *g*](http://evil.example/y.png) "
      "[h](bai-2.md) ![i](screens/a.png)\n";

  SUBCASE("kept as written: cmark's safe mode still blanks script URLs") {
    auto out = render(text, keep_as_written);
    CHECK(out.intro_html ==
          "<p><a href=\"\">a</a> <a href=\"\">b</a> <a href=\"\">c</a> "
          "<a href=\"https://lua-dao.example\"><strong>đậm</strong> d</a> "
          "<img src=\"//evil.example/x.png\" alt=\"e\" loading=\"lazy\" /> "
          "<img src=\"http://evil.example/y.png\" alt=\"f g\" loading=\"lazy\" /> "
          "<a href=\"bai-2.md\">h</a> <img src=\"screens/a.png\" alt=\"i\" loading=\"lazy\" /></p>\n");
  }
  SUBCASE("dropped: links keep their text, images become their alt text") {
    auto out = render(text, relative_only);
    CHECK(out.intro_html ==
          "<p>a b c <strong>đậm</strong> d e f g <a href=\"media/bai-2.md\">h</a> "
          "<img src=\"media/screens/a.png\" alt=\"i\" loading=\"lazy\" /></p>\n");
    for (const char* bad : {"javascript", "vbscript", "VBScript", "data:", "//evil", "http:", "https:"})
      CHECK_MESSAGE(out.intro_html.find(bad) == std::string::npos, bad);
    REQUIRE(out.intro_media.size() == 1);
    CHECK(out.intro_media[0].url == "media/screens/a.png");
  }
}

TEST_CASE("event-handler attempts in alt text, titles and resolved URLs come out escaped") {
  auto out = render(R"(![x" onerror="alert(1)](a.png 't" onload="y') [l](b.md "z' onmouseover='w"))" "\n",
                    [](const SourceReference& r) -> std::optional<ResolvedUrl> {
                      if (r.kind == SourceReference::Kind::image) return ResolvedUrl{R"(m.png" onerror="q)"};
                      return ResolvedUrl{r.target};
                    });
  CHECK(out.intro_html ==
        "<p><img src=\"m.png%22%20onerror=%22q\" alt=\"x&quot; onerror=&quot;alert(1)\" "
        "title=\"t&quot; onload=&quot;y\" loading=\"lazy\" /> "
        "<a href=\"b.md\" title=\"z' onmouseover='w\">l</a></p>\n");
  CHECK(out.intro_html.find("\" onerror=") == std::string::npos);
  CHECK(out.intro_html.find("\" onload=") == std::string::npos);
}

TEST_CASE("images get width, height and lazy loading; media lists follow the sections") {
  const std::string text =
      "![Trang chủ](home.png)\n"
      "\n"
      "## Bước 1 ![biểu tượng](icon.png)\n"
      "![Màn hình đăng nhập](login.png) ![bỏ](drop.png) ![chỉ rộng](wide.png)\n";
  auto out = render(text, [](const SourceReference& r) -> std::optional<ResolvedUrl> {
    if (r.target == "drop.png") return std::nullopt;
    if (r.target == "wide.png") return ResolvedUrl{"media/w.webp", 800, 0};
    return ResolvedUrl{"media/" + r.target, 640, 480};
  });
  CHECK(out.intro_html ==
        "<p><img src=\"media/home.png\" alt=\"Trang chủ\" width=\"640\" height=\"480\" loading=\"lazy\" /></p>\n");
  REQUIRE(out.intro_media.size() == 1);
  CHECK(out.intro_media[0].alt == "Trang chủ");
  REQUIRE(out.steps.size() == 1);
  CHECK(out.steps[0].title == "Bước 1 biểu tượng");
  CHECK(out.steps[0].title_html ==
        "Bước 1 <img src=\"media/icon.png\" alt=\"biểu tượng\" width=\"640\" height=\"480\" loading=\"lazy\" />");
  CHECK(out.steps[0].html ==
        "<p><img src=\"media/login.png\" alt=\"Màn hình đăng nhập\" width=\"640\" height=\"480\" "
        "loading=\"lazy\" /> bỏ <img src=\"media/w.webp\" alt=\"chỉ rộng\" width=\"800\" "
        "loading=\"lazy\" /></p>\n");
  const auto& media = out.steps[0].media;
  REQUIRE(media.size() == 3);
  CHECK(media[0].url == "media/icon.png");
  CHECK(media[1].url == "media/login.png");
  CHECK(media[1].alt == "Màn hình đăng nhập");
  CHECK(media[1].width == 640);
  CHECK(media[1].height == 480);
  CHECK(media[2].url == "media/w.webp");
  CHECK(media[2].height == 0);
}

TEST_CASE("a body renders the same every time, and differently for another resolver") {
  Diagnostics diagnostics;
  auto body = parse("[a](x.md) ![b](y.png)\n", diagnostics);
  REQUIRE(body);
  auto first = hocso::render_markdown(*body, relative_only);
  auto second = hocso::render_markdown(*body, relative_only);
  auto dropped = hocso::render_markdown(*body, [](const SourceReference&) { return std::optional<ResolvedUrl>{}; });
  CHECK(first.intro_html == second.intro_html);
  CHECK(first.intro_html ==
        "<p><a href=\"media/x.md\">a</a> <img src=\"media/y.png\" alt=\"b\" loading=\"lazy\" /></p>\n");
  CHECK(dropped.intro_html == "<p>a b</p>\n");
  CHECK(body->references().size() == 2);
}

TEST_CASE("the size cap is checked before parsing") {
  MarkdownLimits limits;
  limits.max_bytes = 64;
  Diagnostics diagnostics;
  CHECK(parse(std::string(64, 'a'), diagnostics, 1, limits) != nullptr);
  CHECK(diagnostics.all().empty());
  CHECK(parse(std::string(65, 'a'), diagnostics, 7, limits) == nullptr);
  CHECK(briefs(diagnostics) == lines({
                                   "7:0 error [markdown-too-large] the lesson body is 65 bytes; "
                                   "the limit is 64 bytes"}));
  CHECK(MarkdownLimits{}.max_bytes == 64 * 1024);
}

TEST_CASE("the nesting cap: block quotes and lists deeper than max_nesting") {
  SUBCASE("16 block quotes pass, 17 do not") {
    Diagnostics diagnostics;
    CHECK(parse(repeat(">", 16) + " sâu\n", diagnostics) != nullptr);
    CHECK(parse(repeat(">", 17) + " sâu\n", diagnostics, 3) == nullptr);
    CHECK(briefs(diagnostics) ==
          lines({"3:17 error [markdown-too-deep] block quotes and lists nest 17 "
                                   "levels deep; the limit is 16"}));
  }
  SUBCASE("lists nested by indentation count too") {
    std::string text;
    for (int i = 0; i < 4; ++i) text += std::string(static_cast<std::size_t>(2 * i), ' ') + "- mục\n";
    MarkdownLimits limits;
    limits.max_nesting = 3;
    Diagnostics diagnostics;
    CHECK(parse(text, diagnostics, 1, limits) == nullptr);
    CHECK(briefs(diagnostics) ==
          lines({"4:7 error [markdown-too-deep] block quotes and lists nest 4 "
                                   "levels deep; the limit is 3"}));
  }
  SUBCASE("a prefix too wide to be parsed is refused before cmark runs") {
    Diagnostics diagnostics;
    CHECK(parse("chào\n" + repeat("- ", 65) + "x\n", diagnostics) == nullptr);
    CHECK(briefs(diagnostics) ==
          lines({"2:1 error [markdown-too-deep] this line starts with more than 128 "
                                   "columns of indentation, `>` and list markers; nesting this deep "
                                   "is refused (limit: 16 levels of block quotes and lists)"}));
  }
  SUBCASE("a long thematic break or numbers are not nesting") {
    Diagnostics diagnostics;
    CHECK(parse(repeat("-", 300) + "\n\n" + repeat("1", 300) + ". x\n\n" + repeat("=", 300) + "\n",
                diagnostics) != nullptr);
    CHECK(diagnostics.all().empty());
  }
}

TEST_CASE("50,000 nested block quotes are refused in well under a second") {
  struct Case {
    std::string text;
    const char* check_id;
  };
  for (const Case& c : {Case{repeat(">", 50000) + "a", "markdown-too-deep"},
                        Case{repeat("> ", 50000) + "a", "markdown-too-large"}}) {
    double start = cpu_seconds();
    Diagnostics diagnostics;
    CHECK(parse(c.text, diagnostics) == nullptr);
    CHECK(cpu_seconds() - start < 0.5);
    REQUIRE(diagnostics.all().size() == 1);
    CHECK(diagnostics.all()[0].check_id == c.check_id);
  }
}

TEST_CASE("cmark 0.30.2's slow inputs at exactly max_bytes finish in bounded time") {
  const std::size_t size = MarkdownLimits{}.max_bytes;
  auto exactly = [&](std::string text) {
    text.resize(size, '\n');
    return text;
  };
  const std::size_t n = size / 2;
  struct Case {
    const char* name;
    std::string text;
    const char* refusal;  // message part of the first error, or "" when accepted
  };
  const char* kByGuard = "columns of indentation";  // refused before cmark runs
  const char* kByWalk = "levels deep";              // parsed by cmark, then refused
  const Case cases[] = {
      // CVE-2023-24824 (cmark-gfm GHSA-66g8-4hjf-77xh): `-` and `>` runs.
      {"empty lines in nested lists", exactly(repeat("- ", n / 2) + "x"), kByGuard},
      {"empty lines in nested lists in a quote",
       exactly("> " + repeat("- ", n / 2) + "x\n" + repeat(">\n", n / 2)), kByGuard},
      {"emphasis in a deep quote", exactly(repeat(">", n) + repeat("a*", n)), kByGuard},
      {"dash lines", exactly(repeat("-\n", n)), ""},
      {"dash runs", exactly(repeat(repeat("- ", 20) + "a\n", n)), kByWalk},
      {"nesting just under the guard, blank lines", exactly(repeat("- ", 64) + "x" + repeat("\n", size)),
       kByWalk},
      {"emphasis just under the guard", exactly(repeat(">", 128) + repeat("a*", size)), kByWalk},
      // cmark issue 457: unclosed HTML comments (not HTML, so accepted as text).
      {"unclosed <!--", exactly("a" + repeat("<!--", size)), ""},
      // cmark issue 431: deeply nested inlines.
      {"nested inlines", exactly(repeat("*", n - 1) + "a" + repeat("*", n)), ""},
      // Quadratic in 0.30.2 and the reason the cap is 128 KiB.
      {"![[]() repeated", exactly(repeat("![[]()", size)), ""},
  };
  for (const Case& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    REQUIRE(c.text.size() == size);
    Diagnostics diagnostics;
    double start = cpu_seconds();
    auto body = parse(c.text, diagnostics);
    CHECK(cpu_seconds() - start < 2.0);
    if (*c.refusal) {
      CHECK(body == nullptr);
      REQUIRE(!diagnostics.all().empty());
      CHECK(diagnostics.all()[0].check_id == "markdown-too-deep");
      CHECK(diagnostics.all()[0].message.find(c.refusal) != std::string::npos);
    } else {
      REQUIRE(body != nullptr);
      start = cpu_seconds();
      auto out = hocso::render_markdown(*body, relative_only);
      CHECK(cpu_seconds() - start < 2.0);
      CHECK(!out.intro_html.empty());
    }
  }
}

TEST_CASE("dropping a link keeps an image inside it; links in alt text never become links") {
  auto out = render("[![logo](l.png)](https://ngoai.example) ![a [b](javascript:x) d](e.png)\n\n"
                    "## Xem [trang](https://ngoai.example) và [bài 2](bai-2.md)\n",
                    relative_only);
  CHECK(out.intro_html ==
        "<p><img src=\"media/l.png\" alt=\"logo\" loading=\"lazy\" /> "
        "<img src=\"media/e.png\" alt=\"a b d\" loading=\"lazy\" /></p>\n");
  REQUIRE(out.steps.size() == 1);
  CHECK(out.steps[0].title == "Xem trang và bài 2");
  CHECK(out.steps[0].title_html == "Xem trang và <a href=\"media/bai-2.md\">bài 2</a>");
}

TEST_CASE("an empty body parses and renders to nothing") {
  Diagnostics diagnostics;
  auto body = parse("", diagnostics);
  REQUIRE(body);
  CHECK(body->references().empty());
  auto out = hocso::render_markdown(*body, keep_as_written);
  CHECK(out.intro_html == "");
  CHECK(out.steps.empty());
}

TEST_CASE("shown_markdown_text: the words a reader sees, for the step-fit budget") {
  // Marks, link targets and an image's alt text are not shown; code spans are.
  const auto shown = hocso::shown_markdown_text(
      "Chạm nút **Đi tiếp** hoặc [bài khác](../x/lesson.md) và gõ `VNeID`.\n"
      "![Một màn hình dài dài](screens/a.png)");
  CHECK(shown.text == "Chạm nút Đi tiếp hoặc bài khác và gõ VNeID. ");
  CHECK(shown.images);
  const auto plain = hocso::shown_markdown_text("Không có *ảnh*.");
  CHECK(plain.text == "Không có ảnh.");
  CHECK_FALSE(plain.images);
}
