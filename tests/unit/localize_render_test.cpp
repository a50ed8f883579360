// Translated lessons and the pages made from them: localize_lessons() with the
// real translate-po plugin, render_lesson() with the localization facts, and a
// profile's whole bundle (check, localize, render, package, read back).
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "bundle_builder.h"
#include "hashing.h"
#include "hocso/bundle_reader.h"
#include "lesson_stream.h"
#include "localize.h"
#include "pack_loader.h"
#include "plugin_host.h"
#include "render.h"
#include "signing.h"
#include "stage_runner.h"
#include "test_files.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace hocso;
using namespace hocso::test;  // TempDir, write_bytes, kPlugins, PackWithPlugins
using Json = nlohmann::ordered_json;

namespace {

const std::string kLesson = std::string(R"(---
id: demo
title: Tiêu đề
summary: Tóm tắt
)") + kSampleLessonFields + R"(objectives:
  - Mục tiêu một
  - Mục tiêu hai
screens:
  screens/a.png:
    highlight: [[1, 1, 4, 4]]
    label: Chạm vào đây
quiz:
  - question: Câu hỏi?
    choices:
      - Đúng
      - Sai
    answer: 0
---

Lời mở đầu.

## Bước một

Đoạn một.

![Ảnh màn hình](screens/a.png)

## Bước hai

Đoạn hai.
)";

// English: the title, one objective, the label, the question and one choice,
// the intro and all of step 1; the summary is fuzzy; step 2's paragraph and the
// other texts are missing.
const std::string kEnglish = R"po(msgid ""
msgstr ""
"Language: en\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

msgctxt "demo"
msgid "Tiêu đề"
msgstr "Title"

#, fuzzy
msgctxt "demo"
msgid "Tóm tắt"
msgstr "Summary"

msgctxt "demo"
msgid "Mục tiêu một"
msgstr "Objective one"

msgctxt "demo"
msgid "Chạm vào đây"
msgstr "Tap here"

msgctxt "demo"
msgid "Câu hỏi?"
msgstr "Question?"

msgctxt "demo"
msgid "Sai"
msgstr "Wrong"

msgctxt "demo"
msgid "Lời mở đầu."
msgstr "Opening words."

msgctxt "demo"
msgid "Bước một"
msgstr "Step one"

msgctxt "demo"
msgid "Đoạn một."
msgstr "Paragraph one."

msgctxt "demo"
msgid "![Ảnh màn hình](screens/a.png)"
msgstr "![Screenshot](screens/a.png)"

msgctxt "demo"
msgid "Bước hai"
msgstr "Step two"
)po";

// A content folder with one pack in vi, en and mtq-Latn-VN (no catalog of its
// own: it falls back to en, then vi) and the demo lesson.
struct Content {
  TempDir dir{"hocso-localize"};
  fs::path pack_file;
  Content() {
    const fs::path root = dir / "content";
    fs::create_directories(root / "packs");
    fs::create_directories(root / "lessons" / "demo" / "screens");
    fs::create_directories(root / "i18n" / "en");
    pack_file = root / "packs" / "demo.yaml";
    write_bytes(pack_file,
                "id: demo-pack\nversion: 1.0.0\ntitle: Gói thử\nsummary: Một bài\nsource_language: vi\n"
                "languages: [vi, en, mtq-Latn-VN]\nlessons:\n  - demo\n"
                "profiles:\n  phone: {max_width: 720, format: webp, quality: 75}\n");
    write_bytes(root / "lessons" / "demo" / "lesson.md", kLesson);
    fs::copy_file(fs::path(HOCSO_SOURCE_DIR) / "content" / "lessons" / "cai-dat-vneid" / "screens" / "tim-ung-dung.png",
                  root / "lessons" / "demo" / "screens" / "a.png");
    write_bytes(root / "i18n" / "en" / "demo.po", kEnglish);
  }
};

// The localize stage (translate-po, built beside this test) and the chains:
// en falls back to vi, mtq-Latn-VN to en then vi.
LocalizeOptions options_with(PluginHost& host) {
  LocalizeOptions options;
  LocalizeStageEntry* entry = host.find_localize_stage("translate-po");
  REQUIRE(entry);
  LocalizeStageChoice choice;
  choice.stage = entry->stage.get();
  choice.name = entry->name;
  choice.plugin_file = entry->plugin->file.string();
  options.stage = choice;
  options.fallbacks["en"] = {"vi"};
  options.fallbacks["mtq-Latn-VN"] = {"en", "vi"};
  return options;
}

struct Localized : PackWithPlugins<Content> {
  std::optional<Lesson> lesson;
  LocalizedLessons localized;
  std::map<std::string, PageLabels> labels;  // by page language; en's from lang-en's labels.yaml

  Localized() {
    auto loaded = load_lessons(*pack, 0, 1, diagnostics, 1);
    REQUIRE(loaded.size() == 1);
    REQUIRE(loaded[0]);
    lesson = std::move(loaded[0]);
    auto result = localize_lessons(*pack, {&*lesson}, options_with(host), diagnostics);
    INFO(diagnostics.error_count());
    REQUIRE(result);
    localized = std::move(*result);
    LocalizeOptions options = options_with(host);
    options.languages["en"].plugin_data_dir = fs::path(HOCSO_SOURCE_DIR) / "plugins" / "lang-en";
    auto page_labels = localize_page_labels(*pack, options, diagnostics);
    REQUIRE(page_labels);
    labels = std::move(*page_labels);
  }
  const LocalizedLesson& in(const std::string& lang) const { return localized.at({lang, "demo"}); }
};

MediaResolver fixed_media() {
  return [](const Lesson&, const SourceReference& ref) -> std::optional<MediaFile> {
    if (ref.target != "screens/a.png") return std::nullopt;
    return MediaFile{"media/aaaa.webp", 10, 4, 3};
  };
}

// The page of `lang` for the demo lesson, as the build makes it.
RenderedLesson render_page(const Localized& l, const std::string& lang) {
  if (lang == l.pack->source_language) return render_lesson(*l.pack, *l.lesson, l.labels.at(lang), fixed_media());
  const LocalizedLesson& localized = l.in(lang);
  return render_lesson(*l.pack, *localized.lesson, l.labels.at(lang), fixed_media(), {}, {}, &localized.shown);
}

// What localization decided, as plain values (the intro and each step; each
// front-matter text by its pointer; the freshness records).
std::vector<std::string> unit_languages(const LocalizedLesson& l) {
  std::vector<std::string> out;
  for (const auto& u : l.shown.units) out.push_back(u.language);
  return out;
}
std::vector<std::string> unit_hashes(const LocalizedLesson& l) {
  std::vector<std::string> out;
  for (const auto& u : l.shown.units) out.push_back(u.source_sha256);
  return out;
}
std::map<std::string, std::string> field_languages(const LocalizedLesson& l) {
  std::map<std::string, std::string> out;
  for (const auto& f : l.shown.fields) out[f.field.pointer()] = f.language;
  return out;
}
Json freshness_records(const LocalizedLesson& l) {
  Json out = Json::array();
  for (const auto& f : l.shown.fields)
    out.push_back(Json{{"field", f.field.pointer()}, {"lang", f.language}, {"source_sha256", f.source_sha256}});
  return out;
}
Coverage coverage(const LocalizedLesson& l) { return l.shown.coverage; }

std::string between(const std::string& text, const std::string& from, const std::string& to) {
  const auto a = text.find(from);
  REQUIRE_MESSAGE(a != std::string::npos, from);
  const auto b = text.find(to, a + from.size());
  REQUIRE_MESSAGE(b != std::string::npos, to);
  return text.substr(a, b + to.size() - a);
}

}  // namespace

TEST_CASE("localize_lessons translates each field, falls back step by step and counts coverage") {
  Localized l;
  CHECK(l.diagnostics.error_count() == 0);
  REQUIRE(l.localized.size() == 2);  // en and mtq-Latn-VN; vi is the lesson itself
  const LocalizedLesson& en = l.in("en");
  REQUIRE(en.lesson);
  CHECK(en.lesson->id == "demo");
  CHECK(en.lesson->title == "Title");
  CHECK(en.lesson->summary == "Tóm tắt");  // fuzzy: not used
  CHECK(en.lesson->objectives == std::vector<std::string>{"Objective one", "Mục tiêu hai"});
  REQUIRE(en.lesson->quiz.size() == 1);
  CHECK(en.lesson->quiz[0].question == "Question?");
  CHECK(en.lesson->quiz[0].choices == std::vector<std::string>{"Đúng", "Wrong"});
  CHECK(en.lesson->quiz[0].answer == 0);
  CHECK(en.lesson->screen_labels == std::map<std::string, std::string>{{"screens/a.png", "Tap here"}});
  CHECK(en.lesson->level == "co-ban");
  CHECK(en.lesson->duration_minutes == 5);
  CHECK(en.lesson->tags == std::vector<std::string>{"thu"});
  // The body: the intro and step 1 are complete in English; step 2 is not, so
  // all of it (its translated heading too) is shown in Vietnamese.
  CHECK(unit_languages(en) == std::vector<std::string>{"en", "en", "vi"});
  CHECK(unit_hashes(en) ==
        std::vector<std::string>{to_hex(sha256("Lời mở đầu.\n\n")),
                                 to_hex(sha256("Bước một\n\nĐoạn một.\n\n![Ảnh màn hình](screens/a.png)\n\n")),
                                 to_hex(sha256("Bước hai\n\nĐoạn hai.\n\n"))});
  const std::string body = en.lesson->markdown->text();
  CHECK(body.find("Opening words.") != std::string::npos);
  CHECK(body.find("## Step one") != std::string::npos);
  CHECK(body.find("![Screenshot](screens/a.png)") != std::string::npos);
  CHECK(body.find("## Bước hai") != std::string::npos);
  CHECK(body.find("Step two") == std::string::npos);
  CHECK(field_languages(en) == std::map<std::string, std::string>{{"/title", "en"},
                                                                 {"/summary", "vi"},
                                                                 {"/objectives/0", "en"},
                                                                 {"/objectives/1", "vi"},
                                                                 {"/screens/screens~1a.png/label", "en"},
                                                                 {"/quiz/0/question", "en"},
                                                                 {"/quiz/0/choices/0", "vi"},
                                                                 {"/quiz/0/choices/1", "en"}});
  REQUIRE(freshness_records(en).size() == 8);
  CHECK(freshness_records(en)[1] == Json{{"field", "/summary"}, {"lang", "vi"}, {"source_sha256", to_hex(sha256("Tóm tắt"))}});
  CHECK(coverage(en).translated == 10);
  CHECK(coverage(en).fuzzy == 1);
  CHECK(coverage(en).missing == 3);

  // mtq-Latn-VN has no catalog: English where English is complete, else Vietnamese.
  const LocalizedLesson& mtq = l.in("mtq-Latn-VN");
  CHECK(mtq.lesson->title == "Title");
  CHECK(unit_languages(mtq) == std::vector<std::string>{"en", "en", "vi"});
  CHECK(field_languages(mtq).at("/title") == "en");
  CHECK(field_languages(mtq).at("/summary") == "vi");
  CHECK(coverage(mtq).translated == 0);
  CHECK(coverage(mtq).missing == 14);
}

TEST_CASE("summary_of a translation keeps its title, summary, their languages and coverage") {
  Localized l;
  const LocalizedSummary summary = summary_of(l.in("en"));
  CHECK(summary.lesson.id == "demo");
  CHECK(summary.lesson.title == "Title");
  CHECK(summary.lesson.summary == "Tóm tắt");
  CHECK(summary.lesson.requires_ids.empty());
  std::map<std::string, std::string> languages;
  for (const auto& f : summary.shown.fields) languages[f.field.pointer()] = f.language;
  CHECK(languages == std::map<std::string, std::string>{{"/title", "en"}, {"/summary", "vi"}});
  CHECK(summary.shown.coverage.translated == 10);
}

TEST_CASE("a translated copy carries every field of its lesson, its texts translated") {
  Localized l;
  const Lesson& source = *l.lesson;
  const Lesson& en = *l.in("en").lesson;
  // Carried as they are (the copy is of the whole lesson, not field by field).
  CHECK(en.id == source.id);
  CHECK(en.folder == source.folder);
  CHECK(en.markdown_path == source.markdown_path);
  CHECK(en.listed_at.line == source.listed_at.line);
  CHECK(en.listed_at.file == source.listed_at.file);
  CHECK(en.source_sha256 == source.source_sha256);
  CHECK_FALSE(en.source_sha256.empty());
  CHECK(en.body_first_line == source.body_first_line);
  CHECK(en.level == source.level);
  CHECK(en.duration_minutes == source.duration_minutes);
  CHECK(en.requires_ids == source.requires_ids);
  CHECK(en.tags == source.tags);
  CHECK(en.quiz.size() == source.quiz.size());
  CHECK(en.quiz[0].answer == source.quiz[0].answer);
  // Translated through their typed targets, falling back text by text.
  CHECK(en.title == "Title");
  CHECK(en.summary == "Tóm tắt");  // fuzzy: not used
  CHECK(en.objectives == std::vector<std::string>{"Objective one", "Mục tiêu hai"});
  CHECK(en.quiz[0].question == "Question?");
  CHECK(en.quiz[0].choices == std::vector<std::string>{"Đúng", "Wrong"});
  CHECK(en.screen_labels == std::map<std::string, std::string>{{"screens/a.png", "Tap here"}});
  // Its own body; the source's front matter (the source texts) is not carried.
  REQUIRE(en.markdown);
  CHECK(en.markdown->text().find("Paragraph one.") != std::string::npos);
  CHECK(source.markdown->text().find("Đoạn một.") != std::string::npos);
  CHECK(en.front_matter == nullptr);
  REQUIRE(source.front_matter);
}

TEST_CASE("render_lesson marks what falls back: lang attributes, the fallback class and notes") {
  Localized l;
  const RenderedLesson page = render_page(l, "en");
  const std::string& html = page.html;
  // The notes are in the page's language (English has fallback_note_in) and name the language shown.
  const std::string quiet_note = "<p class=\"fallback-note quiet\">Not translated yet; shown in Tiếng Việt.</p>\n";
  CHECK(html.find("<html lang=\"en\">") != std::string::npos);
  CHECK(html.find("<h1>Title</h1>\n") != std::string::npos);
  CHECK(html.find("<p class=\"summary fallback\" lang=\"vi\">Tóm tắt</p>\n" + quiet_note) != std::string::npos);
  // The cover is one screen: one note for its title, summary, objectives and introduction.
  CHECK(between(html, "<section class=\"objectives\">", "</section>") ==
        "<section class=\"objectives\">\n<h2>You will learn</h2>\n<ul>\n<li>Objective one</li>\n"
        "<li class=\"fallback\" lang=\"vi\">Mục tiêu hai</li>\n</ul>\n</section>");
  CHECK(between(html, "<h1>", "<ol class=\"steps\">").find("fallback-note") ==
        between(html, "<h1>", "<ol class=\"steps\">").rfind("fallback-note"));
  CHECK(html.find("<section class=\"intro\">\n<p>Opening words.</p>\n</section>") != std::string::npos);
  CHECK(between(html, "<li class=\"step\" id=\"buoc-1\">", "</li>").find("Step one") != std::string::npos);
  const std::string step2 = to_hex(sha256("Bước hai\n\nĐoạn hai.\n\n"));
  CHECK(html.find("<li class=\"step fallback\" id=\"buoc-2\" lang=\"vi\" data-source-sha256=\"" + step2 +
                  "\">\n<p class=\"fallback-note\">Not translated yet; shown in Tiếng Việt.</p>\n"
                  "<h2><span class=\"step-number\">Step 2:</span> Bước hai</h2>\n<p>Đoạn hai.</p>\n</li>") !=
        std::string::npos);
  CHECK(between(html, "<div class=\"question\" id=\"cau-1\"", "</div>") ==
        "<div class=\"question\" id=\"cau-1\" data-answer=\"0\">\n<p>Question?</p>\n<ol type=\"A\">\n"
        "<li class=\"fallback\" lang=\"vi\">Đúng</li>\n<li>Wrong</li>\n</ol>\n" +
            quiet_note + "<details><summary>Show the answer</summary><p class=\"fallback\" lang=\"vi\">Đúng</p></details>\n</div>");

  const Json doc = Json::parse(page.json);
  CHECK(doc["title"] == "Title");
  CHECK(doc["intro_freshness"] ==
        Json{{"shown_lang", "en"}, {"source_sha256", to_hex(sha256("Lời mở đầu.\n\n"))}, {"fallback", false}});
  REQUIRE(doc["steps"].size() == 2);
  CHECK(doc["steps"][0]["shown_lang"] == "en");
  CHECK(doc["steps"][0]["fallback"] == false);
  CHECK(doc["steps"][1]["shown_lang"] == "vi");
  CHECK(doc["steps"][1]["fallback"] == true);
  CHECK(doc["steps"][1]["source_sha256"] == step2);
  CHECK(doc["front_matter_freshness"] == freshness_records(l.in("en")));
  CHECK(doc["coverage"] == Json{{"translated", 10}, {"fuzzy", 1}, {"missing", 3}});
  CHECK(page.json.back() == '\n');

  // A page in another fallback language notes that language (in English).
  const RenderedLesson mtq = render_page(l, "mtq-Latn-VN");
  CHECK(mtq.html.find("<html lang=\"mtq-Latn-VN\">") != std::string::npos);
  CHECK(mtq.html.find("<h1 class=\"fallback\" lang=\"en\">Title</h1>\n") != std::string::npos);
  CHECK(mtq.html.find("<h1 class=\"fallback\" lang=\"en\">Title</h1>\n<p class=\"summary fallback\" lang=\"vi\">Tóm tắt</p>\n"
                      "<p class=\"fallback-note quiet\" lang=\"en\">Not translated yet; shown in English.</p>\n") !=
        std::string::npos);
  CHECK(mtq.html.find("<section class=\"intro fallback\" lang=\"en\">\n<p>Opening words.</p>") != std::string::npos);
  // One note on the cover, one on each step.
  const auto notes = [](const std::string& text) {
    std::size_t n = 0;
    for (auto at = text.find("class=\"fallback-note"); at != std::string::npos; at = text.find("class=\"fallback-note", at + 1)) ++n;
    return n;
  };
  CHECK(notes(between(mtq.html, "<h1", "<ol class=\"steps\">")) == 1);
  CHECK(notes(between(mtq.html, "<li class=\"step fallback\" id=\"buoc-1\"", "</li>")) == 1);
  CHECK(mtq.html.find("<li class=\"step fallback\" id=\"buoc-1\" lang=\"en\"") != std::string::npos);
}

TEST_CASE("a source-language page has no fallback marks and no freshness") {
  Localized l;
  const RenderedLesson page = render_page(l, "vi");
  CHECK(page.html.find("<h1>Tiêu đề</h1>") != std::string::npos);
  CHECK(page.html.find("fallback") == std::string::npos);
  CHECK(page.html.find("<li class=\"step\" id=\"buoc-2\">\n<h2><span class=\"step-number\">Bước 2:</span> Bước hai</h2>") !=
        std::string::npos);
  const Json doc = Json::parse(page.json);
  CHECK(!doc.contains("intro_freshness"));
  CHECK(!doc.contains("coverage"));
  CHECK(!doc["steps"][0].contains("shown_lang"));
}

TEST_CASE_FIXTURE(PackWithPlugins<Content>,
                  "a profile's bundle holds every language's pages with their marks, and the manifest their coverage") {
  BuildOptions options;
  options.out_dir = content.dir / "dist";
  // As `hocso build` does: the language plugins' chains (mtq-Latn-VN: vi) for
  // the first read and the later ones alike.
  options.localize = localize_options(*pack, host);
  options.media_stage = choose_media_stage(*pack, host);
  REQUIRE(options.media_stage);
  options.media.fallbacks = options.localize.fallbacks;
  PackBuild build(*pack, options, diagnostics);
  LessonStream stream(*pack, host, options.localize, diagnostics, 1, {.fit = build.profiles(), .record = {}});
  while (const LocalizedBatch* batch = stream.next()) build.batch(*batch, stream.summaries());
  LocalizedSummaries translations = stream.finish();
  const signing::KeyPair keys = signing::generate_key_pair();
  REQUIRE(build.finish(translations, keys.secret_key));
  for (const auto& d : diagnostics.all()) INFO(d.message);
  CHECK(diagnostics.error_count() == 0);
  const auto built = build.publish();
  REQUIRE(built.size() == 1);
  CHECK(built[0].path == options.out_dir / "demo-pack-1.0.0-phone.hocso");

  const BundleReader reader = BundleReader::open(built[0].path, {signing::format_public_key(keys.public_key)});
  REQUIRE(reader.ok());
  for (const char* entry : {"index.html", "vi/index.html", "vi/demo.html", "vi/demo.json", "en/index.html",
                            "en/demo.html", "en/demo.json", "mtq-Latn-VN/demo.html", "assets/hocso.css",
                            "assets/hocso.js", "manifest.json"})
    CHECK_MESSAGE(reader.find(entry), entry);
  const std::string en = *reader.read("en/demo.html");
  CHECK(en.find("<h1>Title</h1>") != std::string::npos);
  CHECK(en.find("<li class=\"step fallback\" id=\"buoc-2\" lang=\"vi\"") != std::string::npos);
  CHECK(en.find("<img src=\"../media/") != std::string::npos);
  const Json en_json = Json::parse(*reader.read("en/demo.json"));
  CHECK(en_json["steps"][1]["fallback"] == true);
  CHECK(en_json["coverage"]["translated"] == 10);
  CHECK(reader.read("en/index.html")->find("<a href=\"demo.html\">Title</a>") != std::string::npos);
  CHECK(reader.read("mtq-Latn-VN/index.html")->find("<a href=\"demo.html\" class=\"fallback\" lang=\"vi\">Tiêu đề</a>") !=
        std::string::npos);

  const Json manifest = Json::parse(reader.manifest_json());
  CHECK(manifest["profile"] == "phone");
  REQUIRE(manifest["languages"].size() == 3);
  CHECK(manifest["languages"][0]["coverage"] == 1.0);
  CHECK(manifest["languages"][1]["tag"] == "en");
  CHECK(manifest["languages"][1]["coverage"] == 0.714);  // 10 of 14 segments
  CHECK(manifest["languages"][2]["coverage"] == 0.0);
  CHECK(manifest["lessons"][0] == Json{{"id", "demo"}, {"title", "Tiêu đề"}, {"level", "co-ban"}, {"requires", Json::array()}});
}

namespace {

// Test-only words (no Mường is invented here): what a ui.po of mtq-Latn-VN says.
constexpr const char* kMuongLabels = R"(msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: mtq-Latn-VN\n"
"Plural-Forms: nplurals=1; plural=0;\n"

msgctxt "ui"
msgid "Bước"
msgstr "TEST-step"

msgctxt "ui"
msgid "{n} phút"
msgstr "{n} TEST-minutes"

msgctxt "pack:demo-pack"
msgid "Gói thử"
msgstr "TEST-pack-title"
)";

std::map<std::string, PageLabels> labels_again(Localized& l, Diagnostics& diagnostics) {
  LocalizeOptions options = options_with(l.host);
  options.languages["en"].plugin_data_dir = fs::path(HOCSO_SOURCE_DIR) / "plugins" / "lang-en";
  auto labels = localize_page_labels(*l.pack, options, diagnostics);
  return labels ? std::move(*labels) : std::map<std::string, PageLabels>{};
}

}  // namespace

TEST_CASE("every page's header names its language and switches to the same page in the pack's others") {
  Localized l;
  const std::map<std::string, std::string> names{{"vi", "Tiếng Việt"}, {"en", "English"}, {"mtq-Latn-VN", "TEST-Mường"}};
  const LocalizedLesson& lesson = l.in("mtq-Latn-VN");
  const std::string page =
      render_lesson(*l.pack, *lesson.lesson, l.labels.at("mtq-Latn-VN"), fixed_media(), {}, {}, &lesson.shown, names).html;
  CHECK(page.find("<details class=\"switch-language\">\n<summary><span class=\"page-language\">TEST-Mường</span></summary>\n"
                  "<ul>\n<li><a href=\"../vi/demo.html\" lang=\"vi\" hreflang=\"vi\">Tiếng Việt</a></li>\n"
                  "<li><a href=\"../en/demo.html\" lang=\"en\" hreflang=\"en\">English</a></li>\n</ul>\n</details>\n</nav>") !=
        std::string::npos);
  const std::string index = render_language_index(*l.pack, l.labels.at("en"), {}, {}, names);
  CHECK(index.find("<summary><span class=\"page-language\">English</span></summary>") != std::string::npos);
  CHECK(index.find("<li><a href=\"../mtq-Latn-VN/index.html\" lang=\"mtq-Latn-VN\" hreflang=\"mtq-Latn-VN\">TEST-Mường</a></li>") !=
        std::string::npos);
}

TEST_CASE("page labels come from the page language's ui.po, else along its chain, marked with their lang") {
  Localized l;
  // No ui.po and no labels of its own: mtq-Latn-VN shows its first fallback's
  // (en, from lang-en's labels.yaml), each marked lang="en"; vi and en none.
  const std::string before = render_page(l, "mtq-Latn-VN").html;
  CHECK(before.find("<nav><a href=\"index.html\" lang=\"en\">← All lessons</a>\n<details class=\"switch-language\">") !=
        std::string::npos);
  CHECK(before.find("<span class=\"step-number\" lang=\"en\">Step 1:</span>") != std::string::npos);
  CHECK(before.find("<p class=\"meta\"><span lang=\"en\">Basic</span> · <span lang=\"en\">5 minutes</span></p>") !=
        std::string::npos);
  CHECK(before.find(" data-next=\"Next step →\" data-next-lang=\"en\"") != std::string::npos);
  const std::string en = render_page(l, "en").html;
  CHECK(en.find("lang=\"en\"", en.find("</head>")) == std::string::npos);
  CHECK(en.find(" data-next=\"Next step →\" data-right") != std::string::npos);
  CHECK(render_page(l, "vi").html.find(" data-next=\"Bước tiếp →\" data-right") != std::string::npos);

  // With content/i18n/mtq-Latn-VN/ui.po, its labels (and the pack's title) show, unmarked.
  fs::create_directories(l.content.dir / "content" / "i18n" / "mtq-Latn-VN");
  write_bytes(l.content.dir / "content" / "i18n" / "mtq-Latn-VN" / "ui.po", kMuongLabels);
  Diagnostics diagnostics;
  l.labels = labels_again(l, diagnostics);
  CHECK(diagnostics.error_count() == 0);
  const std::string after = render_page(l, "mtq-Latn-VN").html;
  CHECK(after.find("<span class=\"step-number\">TEST-step 1:</span>") != std::string::npos);
  CHECK(after.find("<p class=\"meta\"><span lang=\"en\">Basic</span> · 5 TEST-minutes</p>") != std::string::npos);
  CHECK(after.find(" data-step=\"TEST-step\" data-previous") != std::string::npos);
  const std::string index = render_language_index(*l.pack, l.labels.at("mtq-Latn-VN"));
  CHECK(index.find("<title>TEST-pack-title</title>") != std::string::npos);
  CHECK(index.find("<h1>TEST-pack-title</h1>") != std::string::npos);
  CHECK(render_language_index(*l.pack, l.labels.at("en")).find("<h1 lang=\"vi\">Gói thử</h1>") != std::string::npos);

  // A translation that drops a placeholder cannot be shown: an error at its line.
  std::string broken = kMuongLabels;
  broken.replace(broken.find("{n} TEST-minutes"), 16, "TEST-minutes");
  write_bytes(l.content.dir / "content" / "i18n" / "mtq-Latn-VN" / "ui.po", broken);
  Diagnostics refused;
  labels_again(l, refused);
  REQUIRE(refused.error_count() == 1);
  CHECK(refused.all()[0].check_id == "label-placeholder");
  CHECK(refused.all()[0].where.line == 12);
  CHECK(refused.all()[0].where.file.find("mtq-Latn-VN/ui.po") != std::string::npos);
}

TEST_CASE("the page labels compiled in from core/viewer/page-labels.yaml: each in PageLabel's place") {
  const auto& specs = page_label_specs();
  for (std::size_t i = 0; i < specs.size(); ++i) {
    CAPTURE(i);
    CHECK(static_cast<std::size_t>(specs[i].label) == i);
    CHECK(!specs[i].msgid.empty());
    CHECK(specs[i].comment.find(" / ") != std::string::npos);  // Vietnamese, then English
  }
  const auto& next = specs[static_cast<std::size_t>(PageLabel::next)];
  CHECK(next.key == "next");
  CHECK(next.msgid == "Bước tiếp →");
  CHECK(next.comment == "Nút của trình xem: bước tiếp theo / Viewer button: the next step");
  const auto& minutes = specs[static_cast<std::size_t>(PageLabel::minutes)];
  CHECK(minutes.key == "minutes");
  CHECK(minutes.msgid == "{n} phút");
  CHECK(specs.back().key == "machine_voice");
}

TEST_CASE("a language plugin's labels.yaml: only known labels, with their placeholders, else file:line:col") {
  TempDir dir{"hocso-labels"};
  write_bytes(dir / "labels.yaml", "step: Step\nminutes: minutes\nnext_page: Next\n");
  Diagnostics diagnostics;
  CHECK(!read_language_labels(dir / "labels.yaml", "labels.yaml", diagnostics));
  REQUIRE(diagnostics.error_count() == 2);
  CHECK(diagnostics.all()[0].message == "the label 'minutes' must keep the placeholders of \"{n} phút\"");
  CHECK(diagnostics.all()[0].where.line == 2);
  CHECK(diagnostics.all()[0].where.column == 10);
  CHECK(diagnostics.all()[1].message == "'next_page' is not a page label");
  CHECK(diagnostics.all()[1].where.line == 3);
  CHECK(diagnostics.all()[1].check_id == "language-labels");
  Diagnostics fine;
  const auto english = read_language_labels(fs::path(HOCSO_SOURCE_DIR) / "plugins" / "lang-en" / "labels.yaml",
                                            "labels.yaml", fine);
  REQUIRE(english);
  CHECK(english->size() == page_label_specs().size());
  CHECK(english->at(PageLabel::next) == "Next step →");
}
