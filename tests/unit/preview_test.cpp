// hocso preview's pack in memory (preview/pack_preview.h), its pages'
// additions (preview/preview_page.h) and its site (preview/preview_site.h),
// on a copy of the sample content with the built plugins. The browser side is
// tested in tests/cli/preview.test.sh (Chromium).
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "display_path.h"
#include "pack_preview.h"
#include "plugin_host.h"
#include "preview_page.h"
#include "preview_site.h"
#include "test_files.h"

namespace fs = std::filesystem;
using namespace hocso;
using namespace hocso::preview;
using hocso::test::read_bytes;
using hocso::test::TempDir;
using hocso::test::write_bytes;

namespace {

const fs::path kPlugins = fs::path(HOCSO_BINARY_DIR) / "lib" / "hocso" / "plugins";

std::string page_of(const PackPreview& pack, const std::string& name) {
  const auto content = pack.content();
  auto it = content->entries.find(name);
  REQUIRE(it != content->entries.end());
  return it->second->bytes;
}

SourceChanges changed(std::initializer_list<std::string> paths) {
  SourceChanges changes;
  changes.paths.insert(paths.begin(), paths.end());
  return changes;
}

void replace_in(const fs::path& file, const std::string& from, const std::string& to) {
  std::string text = read_bytes(file);
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  write_bytes(file, text);
}

}  // namespace

TEST_CASE("the pack in memory: pages, what changes need, one lesson read again") {
  TempDir dir("hocso-preview");
  fs::copy(fs::path(HOCSO_SOURCE_DIR) / "content", dir / "content", fs::copy_options::recursive);
  const fs::path lesson = dir / "content/lessons/cai-dat-vneid/lesson.md";
  PluginHost host({kPlugins});
  PackPreview pack(dir / "content/packs/hocso-co-ban.yaml", host, nullptr, 2);

  const RebuildReport first = pack.read_pack();
  CHECK(first.whole_pack);
  CHECK(first.errors == 0);
  CHECK(first.lessons.size() == 14);
  const auto content = pack.content();
  // Every page of a bundle, and the preview's own files.
  for (const char* name : {"index.html", "vi/index.html", "en/index.html", "vi/cai-dat-vneid.html",
                           "en/cai-dat-vneid.html", "vi/cai-dat-vneid.json", "assets/hocso.css", "assets/hocso.js",
                           "assets/search-index.js", "assets/preview.js", "assets/preview.css"})
    CHECK_MESSAGE(content->entries.count(name) == 1, name);
  CHECK(first.changed_pages.size() == 31);  // 3 indexes, 14 lessons in 2 languages
  const std::string page = page_of(pack, "vi/cai-dat-vneid.html");
  CHECK(page.find("<script src=\"../assets/hocso.js\" defer></script>\n<link rel=\"stylesheet\" "
                  "href=\"../assets/preview.css\">\n<script src=\"../assets/preview.js\" defer></script>\n</head>") !=
        std::string::npos);
  CHECK(page.find("<div id=\"hocso-preview\" hidden data-page=\"vi/cai-dat-vneid.html\"") != std::string::npos);
  CHECK(page.find("&quot;file&quot;:&quot;screens/nhap-so-dinh-danh.png&quot;,&quot;overlays&quot;:{&quot;highlight&quot;:[[40,600,460,90]]") !=
        std::string::npos);
  // Its pictures are the source files, by content.
  int pictures = 0;
  for (const auto& [name, file] : content->media)
    if (file.parent_path().filename() == "screens" && file.parent_path().parent_path().filename() == "cai-dat-vneid") {
      ++pictures;
      CHECK(name.starts_with("media/"));
    }
  CHECK(pictures == 7);

  SUBCASE("what a change needs") {
    CHECK(pack.needs(changed({"lessons/cai-dat-vneid/lesson.md"})).lessons == std::set<std::string>{"cai-dat-vneid"});
    CHECK(pack.needs(changed({"lessons/cai-dat-vneid/screens/a.png"})).lessons == std::set<std::string>{"cai-dat-vneid"});
    CHECK(pack.needs(changed({"i18n/en/tai-khoan-muc-2.po"})).lessons == std::set<std::string>{"tai-khoan-muc-2"});
    CHECK(pack.needs(changed({"i18n/en/ui.po"})).pack);
    CHECK(pack.needs(changed({"packs/hocso-co-ban.yaml"})).pack);
    CHECK(!pack.needs(changed({"lessons/cai-dat-vneid/.lesson.md.swp", "lessons/cai-dat-vneid/lesson.md~",
                               "lessons/not-listed/lesson.md", "README.md", "packs/other.yaml", "i18n/en.pot"}))
               .any());
    SourceChanges overflow;
    overflow.overflow = true;
    CHECK(pack.needs(overflow).pack);
  }

  SUBCASE("a step edited: that lesson's pages change, opening at that step") {
    replace_in(lesson, "Ô thứ nhất: nhập số định danh", "Ô thứ nhất: hãy nhập số định danh");
    const RebuildReport again = pack.read_lessons({"cai-dat-vneid"});
    CHECK_FALSE(again.whole_pack);
    CHECK(again.lessons == std::vector<std::string>{"cai-dat-vneid"});
    CHECK(again.errors == 0);
    // The English page shows that step in Vietnamese now: it changed too.
    CHECK(again.changed_pages == std::map<std::string, int>{{"en/cai-dat-vneid.html", 3}, {"vi/cai-dat-vneid.html", 3}});
    CHECK(page_of(pack, "vi/cai-dat-vneid.html").find("hãy nhập số định danh") != std::string::npos);
    CHECK(pack.content()->versions.at("vi/cai-dat-vneid.html") > content->versions.at("vi/cai-dat-vneid.html"));
    CHECK(pack.content()->versions.at("vi/tai-khoan-muc-2.html") == content->versions.at("vi/tai-khoan-muc-2.html"));
    // Saved again unchanged: nothing to reload.
    CHECK(pack.read_lessons({"cai-dat-vneid"}).changed_pages.empty());
  }

  SUBCASE("a title edited: the pages that show it change too") {
    replace_in(lesson, "title: Cài đặt và kích hoạt VNeID", "title: Cài và kích hoạt VNeID");
    const RebuildReport again = pack.read_lessons({"cai-dat-vneid"});
    CHECK(again.changed_pages.count("vi/index.html") == 1);
    CHECK(again.changed_pages.count("vi/tai-khoan-muc-2.html") == 1);  // it requires cai-dat-vneid
    CHECK(again.changed_pages.at("vi/cai-dat-vneid.html") == 0);      // no step changed
    CHECK(page_of(pack, "vi/tai-khoan-muc-2.html").find(">Cài và kích hoạt VNeID</a>") != std::string::npos);
  }

  SUBCASE("a lesson that cannot be read keeps its pages, with its problem") {
    replace_in(lesson, "\nlevel: co-ban\n", "\nlevel: co-ban\nlevel: <b>x</b>\n");
    const RebuildReport again = pack.read_lessons({"cai-dat-vneid"});
    CHECK(again.errors == 1);
    REQUIRE(again.printed.size() == 1);
    CHECK(again.printed[0] == display_path(lesson) +
                                  ":6:1: error: duplicate key \"level\" (first defined on line 5) "
                                  "[yaml-duplicate-key]\nlevel: <b>x</b>\n^");
    const std::string shown = page_of(pack, "vi/cai-dat-vneid.html");
    CHECK(shown.find("level: &lt;b&gt;x&lt;/b&gt;") != std::string::npos);
    CHECK(shown.find("<b>x</b>") == std::string::npos);
    CHECK(shown.find("trang dưới đây là bản trước đó") != std::string::npos);
    CHECK(shown.find("Kích hoạt tài khoản định danh điện tử") != std::string::npos);  // the last good version
    // The lists name it.
    CHECK(page_of(pack, "vi/index.html").find("<li><a href=\"cai-dat-vneid.html\">Cài đặt và kích hoạt VNeID</a>: 1 lỗi</li>") !=
          std::string::npos);
    CHECK(page_of(pack, "index.html").find("<a href=\"vi/cai-dat-vneid.html\">") != std::string::npos);
  }
}

TEST_CASE("the preview's additions to a page") {
  const std::string html = "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<title>&lt;/head&gt;</title>\n</head>\n<body>\n<main>x</main>\n</body>\n</html>\n";
  PreviewParts parts;
  parts.page = "vi/a.html";
  parts.version = 42;
  parts.screens_json = R"({"../media/a.png":{"file":"screens/\"a\".png"}})";
  parts.problems_html = "<details>P</details>\n";
  CHECK(with_preview(html, "../", parts) ==
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<title>&lt;/head&gt;</title>\n"
        "<link rel=\"stylesheet\" href=\"../assets/preview.css\">\n<script src=\"../assets/preview.js\" defer></script>\n"
        "</head>\n<body>\n<div id=\"hocso-preview\" hidden data-page=\"vi/a.html\" data-version=\"42\" "
        "data-screens=\"{&quot;../media/a.png&quot;:{&quot;file&quot;:&quot;screens/\\&quot;a\\&quot;.png&quot;}}\"></div>\n"
        "<details>P</details>\n<main>x</main>\n</body>\n</html>\n");

  ProblemBox box;
  CHECK(problem_box_html(box).empty());
  box.problems.push_back({Severity::error, "a.md:1:1: error: <script>x</script> & more [rule]"});
  box.problems.push_back({Severity::warning, "a.md:2:1: warning: w [rule]"});
  CHECK(problem_box_html(box) ==
        "<details class=\"preview-problems has-errors\" open lang=\"vi\">\n<summary>Bài này có 1 lỗi và 1 cảnh báo</summary>\n"
        "<p>Sửa trong tệp rồi lưu lại: trang sẽ tự tải lại. Gói bài có lỗi thì <code>hocso build</code> chưa làm được "
        "gói.</p>\n<ul class=\"preview-problem-list\">\n"
        "<li class=\"error\"><pre>a.md:1:1: error: &lt;script&gt;x&lt;/script&gt; &amp; more [rule]</pre></li>\n"
        "<li class=\"warning\"><pre>a.md:2:1: warning: w [rule]</pre></li>\n</ul>\n</details>\n");
  CHECK(problem_count_text(0, 2) == "2 cảnh báo");
}

TEST_CASE("the site: its own address only, pages from memory, the reload stream") {
  auto content = std::make_shared<PreviewContent>();
  auto entry = std::make_shared<PreviewEntry>();
  entry->bytes = "<p>hi</p>";
  entry->sha256 = std::string(64, 'a');
  entry->content_type = "text/html; charset=utf-8";
  content->entries["vi/a.html"] = entry;
  content->versions["vi/a.html"] = 7;
  PreviewSite site;
  site.allow_hosts({"127.0.0.1:8710"});
  site.update(content, {});
  serve::RequestLimits limits;
  auto ask = [&](const std::string& target, const std::string& host) {
    serve::http::request_header<> request;
    request.method(serve::http::verb::get);
    request.target(target);
    request.version(11);
    request.set(serve::http::field::host, host);
    return site.answer(request, limits);
  };
  auto answer = ask("/vi/a.html", "127.0.0.1:8710");
  CHECK(answer.plan.head.result() == serve::http::status::ok);
  REQUIRE(answer.bytes);
  CHECK(*answer.bytes == "<p>hi</p>");
  CHECK(ask("/vi/a.html", "evil.example:8710").plan.head.result() == serve::http::status::forbidden);
  CHECK(ask("/vi/b.html", "127.0.0.1:8710").plan.head.result() == serve::http::status::not_found);
  // A page made in version 7 follows the stream; one made before is told to reload at once.
  answer = ask("/hocso-preview/events/vi/a.html/7", "127.0.0.1:8710");
  CHECK(answer.plan.body == serve::BodyKind::events);
  CHECK(answer.events != nullptr);
  CHECK(*answer.bytes == "retry: 1000\n\n");
  answer = ask("/hocso-preview/events/vi/a.html/6", "127.0.0.1:8710");
  CHECK(*answer.bytes == "retry: 1000\n\ndata: {\"pages\":{\"vi/a.html\":0}}\n\n");
  CHECK(ask("/hocso-preview/events/vi/a.html/x7", "127.0.0.1:8710").plan.head.result() == serve::http::status::not_found);
  CHECK(reload_event({{"vi/a.html", 3}, {"index.html", 0}}) == R"({"pages":{"index.html":0,"vi/a.html":3}})");
}
