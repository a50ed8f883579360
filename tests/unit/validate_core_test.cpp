// Loads the built validate-core plugin the way the host does (Boost.DLL, entry
// point, API version, register_stages) and runs its stage on packs built here:
// a small SourceDocument gives each JSON node its own line, and lesson folders
// with screenshots are made in a temporary directory.

#include <doctest/doctest.h>
#include <pthread.h>
#include <boost/dll/shared_library.hpp>
#include <nlohmann/json.hpp>
#include <vips/vips8>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "hocso/plugin.h"
#include "test_support.h"

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
using hocso::Diagnostic;
using hocso::Location;
using hocso::Severity;

// ---- The plugin, loaded once --------------------------------------------------

class CapturingRegistry final : public hocso::StageRegistry {
 public:
  void add_validate_stage(std::string name, std::string summary,
                          std::unique_ptr<hocso::ValidateStage> stage) override {
    names.push_back(name);
    summaries.push_back(summary);
    stages.push_back(std::move(stage));
  }
  void add_media_stage(std::string name, std::string, std::unique_ptr<hocso::MediaStage>) override {
    names.push_back(name);  // validate-core registers none: a test checks `names`
  }
  void add_localize_stage(std::string name, std::string, std::unique_ptr<hocso::LocalizeStage>) override {
    names.push_back(name);
  }
  void add_language(std::unique_ptr<hocso::LanguageStage> language) override {
    names.push_back("lang-" + language->info().tag);
  }
  void add_audio_stage(std::string name, std::string, std::unique_ptr<hocso::AudioStage>) override {
    names.push_back(name);
  }
  void add_speech_stage(std::string name, std::string, std::unique_ptr<hocso::SpeechStage>) override {
    names.push_back(name);
  }
  std::vector<std::string> names;
  std::vector<std::string> summaries;
  std::vector<std::unique_ptr<hocso::ValidateStage>> stages;
};

struct LoadedPlugin {
  // Declared first so that it is destroyed last: the stages live in the library.
  boost::dll::shared_library library;
  const hocso_plugin_info* info = nullptr;
  CapturingRegistry registry;
};

LoadedPlugin& plugin() {
  static LoadedPlugin loaded = [] {
    LoadedPlugin result;
    const fs::path file = fs::canonical(HOCSO_BINARY_DIR "/lib/hocso/plugins/hocso-validate-core.so");
    result.library.load(file);
    result.info = result.library.get<const hocso_plugin_info*()>(HOCSO_PLUGIN_ENTRY_SYMBOL)();
    REQUIRE(result.info->api_version == HOCSO_PLUGIN_API_VERSION);
    result.info->register_stages(&result.registry);
    return result;
  }();
  return loaded;
}

hocso::ValidateStage& stage() {
  REQUIRE(plugin().registry.stages.size() == 1);
  return *plugin().registry.stages.front();
}

// ---- A SourceDocument whose nodes each sit on their own line --------------------

std::string escape_segment(const std::string& key) {
  std::string out;
  for (char c : key) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return out;
}

// Every member or item takes the next line, in document order, indented two
// columns per level, the way YAML with one key per line looks. The root is at the
// first line, column 1.
class FakeDocument final : public hocso::SourceDocument {
 public:
  FakeDocument(std::string file, const Json& value, int first_line)
      : file_(std::move(file)), json_(value.dump()) {
    positions_[""] = {file_, first_line, 1};
    int line = first_line;
    number(value, "", 0, line);
  }
  const std::string& json() const override { return json_; }
  Location locate(std::string_view json_pointer) const override {
    std::string pointer(json_pointer);
    for (;;) {
      if (auto found = positions_.find(pointer); found != positions_.end()) return found->second;
      const auto slash = pointer.rfind('/');
      if (slash == std::string::npos) return positions_.at("");
      pointer.resize(slash);
    }
  }
  // Keys and values share their place in this fake; tests/cli/bad-input.test.sh
  // checks the real YAML loader's key columns end to end.
  Location locate_key(std::string_view json_pointer) const override { return locate(json_pointer); }

 private:
  void number(const Json& value, const std::string& pointer, int depth, int& line) {
    if (value.is_object()) {
      for (const auto& [key, child] : value.items()) place(child, pointer + "/" + escape_segment(key), depth, line);
    } else if (value.is_array()) {
      for (std::size_t i = 0; i < value.size(); ++i) place(value[i], pointer + "/" + std::to_string(i), depth, line);
    }
  }
  void place(const Json& child, const std::string& pointer, int depth, int& line) {
    positions_[pointer] = {file_, line++, 1 + 2 * depth};
    number(child, pointer, depth + 1, line);
  }

  std::string file_;
  std::string json_;
  std::map<std::string, Location> positions_;
};

// ---- A content folder and a pack view over it ------------------------------------

class CollectingContext final : public hocso::PluginContext {
 public:
  CollectingContext(std::string settings, fs::path data_dir)
      : settings_(std::move(settings)), data_dir_(std::move(data_dir)), plugin_dir_(data_dir_ / "plugins/validate-core") {}
  void report(Diagnostic diagnostic) override { diagnostics.push_back(std::move(diagnostic)); }
  const std::string& settings_json() const override { return settings_; }
  const fs::path& hocso_data_dir() const override { return data_dir_; }
  const fs::path& plugin_data_dir() const override { return plugin_dir_; }
  std::vector<Diagnostic> diagnostics;

 private:
  std::string settings_;
  fs::path data_dir_;
  fs::path plugin_dir_;
};

// What one call of the stage reported. Each call gets its own context (same
// settings), as the host may give, so a stage must not keep one between calls.
template <typename Call>
std::vector<Diagnostic> reported_by(const std::string& settings, const fs::path& data_dir, Call&& call) {
  CollectingContext context(settings, data_dir);
  call(context);
  return std::move(context.diagnostics);
}

// Runs a pack through the stage as the host does: begin_pack, each lesson in
// turn, end_pack.
std::vector<Diagnostic> validate_pack(hocso::ValidateStage& stage, const hocso::PackView& pack,
                                      const std::vector<hocso::LessonView>& lessons, const std::string& settings,
                                      const fs::path& data_dir) {
  std::vector<Diagnostic> all;
  auto add = [&](std::vector<Diagnostic> some) { all.insert(all.end(), some.begin(), some.end()); };
  add(reported_by(settings, data_dir, [&](hocso::PluginContext& context) { stage.begin_pack(pack, context); }));
  for (const hocso::LessonView& lesson : lessons) {
    add(reported_by(settings, data_dir,
                    [&](hocso::PluginContext& context) { stage.validate_lesson(pack, lesson, context); }));
  }
  add(reported_by(settings, data_dir, [&](hocso::PluginContext& context) { stage.end_pack(pack, context); }));
  return all;
}

hocso::SourceReference image(std::string target, std::string alt, int line, int column = 1) {
  return {hocso::SourceReference::Kind::image, std::move(target), std::move(alt), {"", line, column}};
}
hocso::SourceReference link(std::string target, int line, int column = 1) {
  return {hocso::SourceReference::Kind::link, std::move(target), "", {"", line, column}};
}

struct LessonSpec {
  std::string id;
  std::optional<Json> front_matter;
  std::vector<hocso::SourceReference> references;
};

Json valid_pack() {
  return Json::parse(R"({
    "id": "hocso-co-ban", "version": "1.0.0", "title": "Kỹ năng số cơ bản",
    "summary": "Những bài học đầu tiên.", "source_language": "vi", "languages": ["vi", "mtq-Latn-VN"],
    "lessons": ["cai-dat-vneid", "tai-khoan-muc-2"],
    "profiles": {"kiosk": {"max_width": 1280, "format": "webp", "quality": 85},
                 "phone": {"max_width": 720, "format": "webp", "quality": 75, "budget_mb": 60}},
    "plugins": [{"name": "validate-core", "settings": {}}]})");
}

Json valid_lesson(const std::string& id) {
  Json lesson = Json::parse(R"({
    "id": "", "title": "Cài đặt và kích hoạt VNeID", "summary": "Một câu nói bài học giúp gì.",
    "level": "co-ban", "duration_minutes": 20, "audience": ["nguoi-cao-tuoi", "nguoi-dan"],
    "tags": ["vneid", "dinh-danh"], "requires": [], "objectives": ["Cài VNeID từ CH Play hoặc App Store"],
    "screens": {"screens/kich-hoat.png": {"highlight": [[40, 900, 1000, 140]], "redact": [[40, 300, 1000, 80]],
                                          "label": "Chạm vào đây"}},
    "quiz": [{"question": "Ai được biết mã OTP?", "choices": ["Công an xã", "Chỉ mình tôi", "Người gọi điện"],
              "answer": 1}]})");
  lesson["id"] = id;
  return lesson;
}

// A white picture of `width` × `height` pixels, encoded as `suffix` (".png", ".webp", ".jpg") by libvips.
std::string picture(int width, int height, const char* suffix) {
  static const bool started = VIPS_INIT("validate_core_test") == 0;
  REQUIRE(started);
  void* buffer = nullptr;
  std::size_t size = 0;
  const vips::VImage white = vips::VImage::black(width, height, vips::VImage::option()->set("bands", 3)) + 255;
  white.cast(VIPS_FORMAT_UCHAR).write_to_buffer(suffix, &buffer, &size);
  std::string bytes(static_cast<const char*>(buffer), size);
  g_free(buffer);
  return bytes;
}

void write_file(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

struct Run {
  std::vector<Diagnostic> diagnostics;
  std::unique_ptr<FakeDocument> pack_document;
  std::map<std::string, std::unique_ptr<FakeDocument>> lesson_documents;
  Location pack_at(const std::string& pointer) const { return pack_document->locate(pointer); }
  Location lesson_at(const std::string& id, const std::string& pointer) const {
    return lesson_documents.at(id)->locate(pointer);
  }
};

// Asserts that `run` reported exactly one diagnostic, with this content (defined below).
void check_single(const Run& run, Severity severity, const Location& where, const std::string& message,
                  const std::string& check_id);

// Two valid lessons (the second requires the first and links to it) in a fresh
// temporary content folder. Tests change what they need, then run().
struct Fixture {
  fs::path root;
  Json pack = valid_pack();
  std::optional<std::vector<std::string>> listed;  // default: the pack's `lessons`
  std::vector<LessonSpec> lessons;
  std::string settings = "{}";
  fs::path data_dir = HOCSO_SOURCE_DIR;

  Fixture() {
    std::random_device random;
    root = fs::temp_directory_path() / ("hocso-validate-core-" + std::to_string(random()) + std::to_string(random()));
    fs::create_directories(root / "packs");
    write_file(root / "packs/hocso-co-ban.yaml", "see the test\n");
    lessons.push_back({"cai-dat-vneid", valid_lesson("cai-dat-vneid"),
                       {image("screens/kich-hoat.png", "Nút Kích hoạt", 20), link("#buoc-2", 22)}});
    Json second = valid_lesson("tai-khoan-muc-2");
    second["requires"] = {"cai-dat-vneid"};
    second["screens"] = Json::object();
    lessons.push_back({"tai-khoan-muc-2", second,
                       {link("../cai-dat-vneid/lesson.md", 18), link("../cai-dat-vneid/#buoc-1", 19),
                        image("screens/muc-2.webp", "Màn hình mức 2", 21, 3)}});
    write_file(lesson_folder("cai-dat-vneid") / "lesson.md", "---\n");
    // Real pictures (libvips): validate-core reads their headers.
    write_file(lesson_folder("cai-dat-vneid") / "screens/kich-hoat.png", picture(1080, 1100, ".png"));
    write_file(lesson_folder("tai-khoan-muc-2") / "lesson.md", "---\n");
    write_file(lesson_folder("tai-khoan-muc-2") / "screens/muc-2.webp", picture(540, 1170, ".webp"));
  }
  ~Fixture() {
    std::error_code ignored;
    fs::remove_all(root, ignored);
  }
  Fixture(const Fixture&) = delete;
  Fixture& operator=(const Fixture&) = delete;

  fs::path lesson_folder(const std::string& id) const { return root / "lessons" / id; }
  LessonSpec& lesson(const std::string& id) {
    for (LessonSpec& spec : lessons)
      if (spec.id == id) return spec;
    FAIL("no lesson " << id);
    throw std::logic_error("unreachable");
  }
  Json& front(const std::string& id) { return *lesson(id).front_matter; }

  // The pack's view; its document goes into `result`.
  hocso::PackView pack_view(Run& result) const {
    result.pack_document = std::make_unique<FakeDocument>("packs/hocso-co-ban.yaml", pack, 1);
    hocso::PackView view;
    view.id = pack.value("id", "");
    view.version = pack.contains("version") && pack["version"].is_string() ? pack["version"].get<std::string>() : "";
    view.content_root = root;
    view.pack_path = "packs/hocso-co-ban.yaml";
    view.document = result.pack_document.get();
    if (listed) {
      view.listed_lesson_ids = *listed;
    } else if (pack.contains("lessons") && pack["lessons"].is_array()) {
      for (const Json& id : pack["lessons"])
        if (id.is_string()) view.listed_lesson_ids.push_back(id.get<std::string>());
    }
    return view;
  }

  // One lesson's view; its front matter document (if any) goes into `document`.
  hocso::LessonView lesson_view(const LessonSpec& spec, std::unique_ptr<FakeDocument>& document) const {
    hocso::LessonView lesson;
    lesson.id = spec.id;
    lesson.folder = fs::weakly_canonical(root / "lessons" / spec.id);
    lesson.markdown_path = "lessons/" + spec.id + "/lesson.md";
    if (spec.front_matter) {
      document = std::make_unique<FakeDocument>(lesson.markdown_path, *spec.front_matter, 2);
      lesson.front_matter = document.get();
    }
    lesson.body = "## Bước 1\n";
    lesson.body_first_line = 17;
    lesson.references = spec.references;
    for (hocso::SourceReference& reference : lesson.references) reference.where.file = lesson.markdown_path;
    return lesson;
  }

  Run run() {
    Run result;
    const hocso::PackView view = pack_view(result);
    std::vector<hocso::LessonView> views;
    for (const LessonSpec& spec : lessons) {
      std::unique_ptr<FakeDocument> document;
      views.push_back(lesson_view(spec, document));
      if (document) result.lesson_documents[spec.id] = std::move(document);
    }
    result.diagnostics = validate_pack(stage(), view, views, settings, data_dir);
    return result;
  }

  // Runs the stage and checks it reported exactly one diagnostic, with this
  // content (check_single): at `pointer` of lesson `id`'s front matter, at
  // `pointer` of the pack file, or at `where`.
  // The run is returned for any further checks.
  Run check_lesson(Severity severity, const std::string& id, const std::string& pointer, const std::string& message,
                   const std::string& check_id) {
    Run result = run();
    check_single(result, severity, result.lesson_at(id, pointer), message, check_id);
    return result;
  }
  Run check_pack(Severity severity, const std::string& pointer, const std::string& message,
                 const std::string& check_id) {
    Run result = run();
    check_single(result, severity, result.pack_at(pointer), message, check_id);
    return result;
  }
  Run check_at(Severity severity, const Location& where, const std::string& message, const std::string& check_id) {
    Run result = run();
    check_single(result, severity, where, message, check_id);
    return result;
  }
};

std::string dump(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    out += d.where.file + ":" + std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + ": " +
           (d.severity == Severity::error ? "error" : d.severity == Severity::warning ? "warning" : "note") + ": " +
           d.message + " [" + d.check_id + "]\n";
  }
  return out;
}

bool same_place(const Location& a, const Location& b) {
  return a.file == b.file && a.line == b.line && a.column == b.column;
}

// Asserts that `run` reported exactly one diagnostic, with this content.
void check_single(const Run& run, Severity severity, const Location& where, const std::string& message,
                  const std::string& check_id) {
  INFO(dump(run.diagnostics));
  REQUIRE(run.diagnostics.size() == 1);
  const Diagnostic& d = run.diagnostics.front();
  CHECK(d.severity == severity);
  CHECK(d.message == message);
  CHECK(d.check_id == check_id);
  CHECK(d.where.file == where.file);
  CHECK(d.where.line == where.line);
  CHECK(d.where.column == where.column);
}

// One diagnostic a test expects: its message and, where the test checks them,
// its place and check id.
struct Expected {
  std::string message;
  std::optional<Location> where = std::nullopt;
  std::optional<std::string> check_id = std::nullopt;
};

// Asserts that `run` reported exactly `expected`, in this order.
void check_reported(const Run& run, const std::vector<Expected>& expected) {
  INFO(dump(run.diagnostics));
  REQUIRE(run.diagnostics.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    const Diagnostic& d = run.diagnostics[i];
    CHECK(d.message == expected[i].message);
    if (expected[i].where) CHECK(same_place(d.where, *expected[i].where));
    if (expected[i].check_id) CHECK(d.check_id == *expected[i].check_id);
  }
}

}  // namespace

// ---- Loading --------------------------------------------------------------------

TEST_CASE("the plugin declares the current API version and registers the validate-core stage") {
  const LoadedPlugin& loaded = plugin();
  CHECK(loaded.info->api_version == HOCSO_PLUGIN_API_VERSION);
  CHECK(std::string(loaded.info->name) == "validate-core");
  REQUIRE(loaded.registry.names.size() == 1);
  CHECK(loaded.registry.names.front() == "validate-core");
  CHECK(loaded.registry.summaries.front() == "Checks packs and lessons against hocso's schemas and rules");
}

TEST_CASE("the fake document places each node on its own line") {
  const FakeDocument document("f.yaml", Json::parse(R"({"a": 1, "b": [{"c": 2}]})"), 2);
  CHECK(same_place(document.locate(""), {"f.yaml", 2, 1}));
  CHECK(same_place(document.locate("/a"), {"f.yaml", 2, 1}));
  CHECK(same_place(document.locate("/b"), {"f.yaml", 3, 1}));
  CHECK(same_place(document.locate("/b/0/c"), {"f.yaml", 5, 5}));
  CHECK(same_place(document.locate("/b/0/missing"), {"f.yaml", 4, 3}));
}

// ---- A valid pack ------------------------------------------------------------------

TEST_CASE("a valid pack gives no diagnostics") {
  Fixture fixture;
  check_reported(fixture.run(), {});
}

TEST_CASE("the schemas accept every optional field and the boundary values") {
  Fixture fixture;
  fixture.pack["version"] = "2.10.0-rc.1+build.5";
  fixture.pack["languages"] = {"vi", "blt-Tavt-VN", "ium-Latn-VN", "en"};
  fixture.pack.erase("summary");
  Json& lesson = fixture.front("cai-dat-vneid");
  lesson["duration_minutes"] = 240;
  lesson["level"] = "nang-cao";
  lesson["quiz"][0]["choices"] = {"a", "b", "c", "d", "e", "f"};
  lesson["quiz"][0]["answer"] = 5;
  lesson["screens"]["screens/kich-hoat.png"]["highlight"] = Json::parse("[[0, 0, 1, 1], [20000, 20000, 20000, 20000]]");
  const Run run = fixture.run();
  // The schema takes them all; a rectangle of 20000 pixels does not fit the picture.
  check_single(run, Severity::error, run.lesson_at("cai-dat-vneid", "/screens/screens~1kich-hoat.png/highlight/1"),
               "screens: screens/kich-hoat.png, highlight rectangle 2 [20000, 20000, 20000, 20000] is not inside the "
               "picture screens/kich-hoat.png (1080×1100 pixels): it ends at x = 40000, y = 40000; move it or make it "
               "smaller",
               "overlay-out-of-bounds");
}

// ---- Schema: unknown keys ------------------------------------------------------------

TEST_CASE("an unknown key in the front matter suggests the closest allowed key, at that key") {
  Fixture fixture;
  Json& lesson = fixture.front("cai-dat-vneid");
  lesson["titel"] = "Cài đặt";
  const Run run = fixture.check_lesson(Severity::error, "cai-dat-vneid", "/titel",
                                       "unknown key 'titel' in lesson front matter; did you mean 'title'?", "schema");
  // The valid lesson has 38 nodes on lines 2..38; the added key comes last.
  CHECK(run.diagnostics.front().where.line == 39);
}

TEST_CASE("an unknown nested key names where it is; a far-off key lists the allowed ones") {
  Fixture fixture;
  Json& lesson = fixture.front("cai-dat-vneid");
  lesson["quiz"][0]["choice"] = {"x"};
  lesson["screens"]["screens/kich-hoat.png"]["hightlight"] = Json::array();
  lesson["xyz"] = 1;
  const Run run = fixture.run();
  // In file order.
  check_reported(
      run,
      {{"unknown key 'hightlight' in screens: screens/kich-hoat.png of lesson front matter; did you mean 'highlight'?",
        run.lesson_at("cai-dat-vneid", "/screens/screens~1kich-hoat.png/hightlight")},
       {"unknown key 'choice' in quiz question 1 of lesson front matter; did you mean 'choices'?",
        run.lesson_at("cai-dat-vneid", "/quiz/0/choice")},
       {"unknown key 'xyz' in lesson front matter; allowed keys: audience, duration_minutes, id, level, "
        "objectives, quiz, requires, reviewed, screens, sources, summary, tags, title"}});
  for (const Diagnostic& d : run.diagnostics) CHECK(d.check_id == "schema");
}

TEST_CASE("unknown keys in the pack file, and profile names that are not slugs") {
  Fixture fixture;
  fixture.pack["lesson"] = {"x"};
  fixture.pack["profiles"]["Kiosk"] = {{"max_width", 1280}, {"format", "webp"}};
  const Run run = fixture.run();
  check_reported(run, {{"key 'Kiosk' in profiles of pack file is not allowed: keys here must be lowercase letters a-z, "
                        "digits 0-9 and single hyphens between them, like cai-dat-vneid",
                        run.pack_at("/profiles/Kiosk")},
                       {"unknown key 'lesson' in pack file; did you mean 'lessons'?", run.pack_at("/lesson")}});
}

// ---- Schema: types and values --------------------------------------------------------

TEST_CASE("wrong types say what was expected, at the offending node") {
  Fixture fixture;
  Json& lesson = fixture.front("cai-dat-vneid");
  lesson["duration_minutes"] = "hai mươi";
  lesson["objectives"] = "Cài VNeID";
  lesson["title"] = nullptr;
  lesson["quiz"][0]["answer"] = 1.5;
  const Run run = fixture.run();
  check_reported(run, {{"title: expected text, got nothing", run.lesson_at("cai-dat-vneid", "/title")},
                       {"duration_minutes: expected a whole number, got text 'hai mươi'",
                        run.lesson_at("cai-dat-vneid", "/duration_minutes")},
                       {"objectives: expected a list, got text 'Cài VNeID'"},
                       {"quiz question 1, answer: expected a whole number, got 1.5",
                        run.lesson_at("cai-dat-vneid", "/quiz/0/answer")}});
}

TEST_CASE("sources and reviewed: a good list and date pass, each mistake is an error at its node") {
  Fixture fixture;
  Json& lesson = fixture.front("cai-dat-vneid");
  lesson["sources"] = Json::parse(R"([{"title": "Nghị định về định danh điện tử", "document": "Nghị định 69/2024/NĐ-CP"},
                                     {"title": "Cổng dịch vụ công quốc gia", "url": "https://dichvucong.gov.vn/"}])");
  lesson["reviewed"] = "2025-02-28";
  CHECK(fixture.run().diagnostics.empty());

  lesson["sources"][1].erase("title");
  lesson["sources"][0]["url"] = "dichvucong.gov.vn";
  lesson["sources"][0]["tittle"] = "x";
  lesson["reviewed"] = "2025-02-30";
  const Run run = fixture.run();
  check_reported(run, {{"source 1, url: expected a whole https:// or http:// address, only one you have opened "
                        "yourself; got 'dichvucong.gov.vn'",
                        run.lesson_at("cai-dat-vneid", "/sources/0/url")},
                       {"unknown key 'tittle' in source 1 of lesson front matter; did you mean 'title'?"},
                       {"missing required key 'title' in source 2 of lesson front matter",
                        run.lesson_at("cai-dat-vneid", "/sources/1"), "schema"},
                       {"reviewed: '2025-02-30' is not a day of the calendar written YYYY-MM-DD, like 2026-12-02",
                        run.lesson_at("cai-dat-vneid", "/reviewed"), "reviewed-date"}});
}

TEST_CASE("reviewed: other shapes, a day to come, and a number") {
  Fixture fixture;
  Json& lesson = fixture.front("cai-dat-vneid");
  for (const char* bad : {"2/12/2025", "2025-2-1", "2025-13-01", "20250-01-01", "2025-02-29"}) {
    lesson["reviewed"] = bad;
    const Run run = fixture.run();
    INFO(bad, dump(run.diagnostics));
    check_single(run, Severity::error, run.lesson_at("cai-dat-vneid", "/reviewed"),
                 std::string("reviewed: '") + bad + "' is not a day of the calendar written YYYY-MM-DD, like 2026-12-02",
                 "reviewed-date");
  }
  lesson["reviewed"] = "2024-02-29";  // a leap day
  CHECK(fixture.run().diagnostics.empty());
  lesson["reviewed"] = "2999-01-01";
  const Run future = fixture.run();
  check_single(future, Severity::error, future.lesson_at("cai-dat-vneid", "/reviewed"),
               "reviewed: '2999-01-01' is later than today; write the day the facts were checked", "reviewed-date");
  lesson["reviewed"] = 2025;
  const Run number = fixture.run();
  check_single(number, Severity::error, number.lesson_at("cai-dat-vneid", "/reviewed"),
               "reviewed: expected text, got 2025", "schema");
}

TEST_CASE("a front matter that is not a mapping") {
  Fixture fixture;
  fixture.lesson("cai-dat-vneid").front_matter = Json::array({"id", "title"});
  fixture.check_at(Severity::error, {"lessons/cai-dat-vneid/lesson.md", 2, 1},
                   "lesson front matter: expected a mapping (key: value), got a list", "schema");
}

TEST_CASE("values out of range, not in the list, too long, too many, repeated") {
  Fixture fixture;
  Json& lesson = fixture.front("cai-dat-vneid");
  lesson["duration_minutes"] = 300;
  lesson["level"] = "de";
  lesson["title"] = std::string(201, 'a');
  lesson["summary"] = "";
  lesson["tags"] = {"vneid", "dinh-danh", "vneid"};
  lesson["objectives"] = Json::array();
  lesson["quiz"][0]["choices"] = {"Chỉ mình tôi"};
  lesson["quiz"][0]["answer"] = 0;
  lesson["screens"]["screens/kich-hoat.png"]["redact"] = Json::parse("[[40, 300, 1000], [1, 2, 3, 4, 5], [0, -1, 0, 4]]");
  const Run run = fixture.run();
  INFO(dump(run.diagnostics));
  const std::vector<std::string> expected{
      "title: expected at most 200 characters, got 201",
      "summary: must not be empty",
      "level: expected one of co-ban, trung-binh, nang-cao; got 'de'",
      "duration_minutes: expected a whole number from 1 to 240, got 300",
      "tag 3: 'vneid' repeats tag 1; list each once",
      "objectives: expected 1 to 10 items, got 0",
      "screens: screens/kich-hoat.png, redact rectangle 1: expected exactly 4 items, got 3",
      "screens: screens/kich-hoat.png, redact rectangle 2: expected exactly 4 items, got 5",
      "screens: screens/kich-hoat.png, redact rectangle 3, y: expected a whole number from 0 to 20000, got -1",
      "screens: screens/kich-hoat.png, redact rectangle 3, w: expected a whole number from 1 to 20000, got 0",
      "quiz question 1, choices: expected 2 to 6 items, got 1",
  };
  std::vector<std::string> messages;
  for (const Diagnostic& d : run.diagnostics) messages.push_back(d.message);
  CHECK(messages == expected);
  for (const Diagnostic& d : run.diagnostics) CHECK(d.check_id == "schema");
  CHECK(same_place(run.diagnostics[4].where, run.lesson_at("cai-dat-vneid", "/tags/2")));
  CHECK(same_place(run.diagnostics[9].where, run.lesson_at("cai-dat-vneid", "/screens/screens~1kich-hoat.png/redact/2/2")));
}

TEST_CASE("a missing required key is reported at the mapping that lacks it") {
  Fixture fixture;
  fixture.front("cai-dat-vneid").erase("summary");
  fixture.front("cai-dat-vneid")["quiz"][0].erase("answer");
  const Run run = fixture.run();
  check_reported(run, {{"missing required key 'summary' in lesson front matter",
                        Location{"lessons/cai-dat-vneid/lesson.md", 2, 1}},
                       {"missing required key 'answer' in quiz question 1 of lesson front matter",
                        run.lesson_at("cai-dat-vneid", "/quiz/0")}});
}

TEST_CASE("a misspelt required key is one error at the misspelling, saying it is required") {
  Fixture fixture;
  Json& lesson = fixture.front("cai-dat-vneid");
  lesson["sumary"] = lesson["summary"];
  lesson.erase("summary");
  fixture.check_lesson(Severity::error, "cai-dat-vneid", "/sumary",
                       "unknown key 'sumary' in lesson front matter; did you mean 'summary', which is required?",
                       "schema");
}

TEST_CASE("quiz questions and choices are numbered from 1 in messages") {
  Fixture fixture;
  fixture.front("cai-dat-vneid")["quiz"][0]["choices"][1] = 5;
  fixture.check_lesson(Severity::error, "cai-dat-vneid", "/quiz/0/choices/1",
                       "quiz question 1, choice 2: expected text, got 5", "schema");
}

TEST_CASE("language tags are BCP 47-ish and must include the source language") {
  Fixture fixture;
  fixture.pack["languages"] = {"VI", "mtq-latn-vn"};
  const Run run = fixture.run();
  const std::string tag_words =
      "expected a BCP 47 language tag: a 2-3 letter lowercase language code, optionally a 4-letter script and "
      "a region, like vi, mtq-Latn-VN or blt-Tavt-VN; got ";
  check_reported(
      run, {{"languages must include the source language 'vi'", run.pack_at("/languages"), "languages-missing-source"},
            {"language 1: " + tag_words + "'VI'"},
            {"language 2: " + tag_words + "'mtq-latn-vn'", run.pack_at("/languages/1")}});
}

// ---- Pack version ---------------------------------------------------------------------

TEST_CASE("a version that is not semver gets one friendly message") {
  Fixture fixture;
  std::string version;
  Json value;
  SUBCASE("too short (pattern and minLength both fail)") { value = "1.0"; version = "'1.0'"; }
  SUBCASE("leading zero") { value = "01.0.0"; version = "'01.0.0'"; }
  SUBCASE("a YAML number") { value = 1.5; version = "1.5"; }
  fixture.pack["version"] = value;
  fixture.check_pack(Severity::error, "/version",
                     "version " + version +
                         " is not a semantic version: write MAJOR.MINOR.PATCH (semver 2.0.0), like 1.0.0 or 1.1.0-rc.1",
                     "pack-version");
}

// ---- Ids ------------------------------------------------------------------------------

// The lesson id must equal the folder name; an invalid front matter id is one
// lesson-id-invalid, not also a schema error or a mismatch.
TEST_CASE("a front matter id other than the folder name is one error at the id") {
  struct Case {
    std::string folder, id, message, check_id;
  };
  for (const Case& c : std::vector<Case>{
           {"tai-khoan-muc-2", "tai-khoan-muc-hai",
            "lesson id 'tai-khoan-muc-hai' does not match its folder name 'tai-khoan-muc-2'; rename the folder "
            "or change the id",
            "lesson-id-mismatch"},
           {"cai-dat-vneid", "Cai-Dat-VNeID",
            "lesson id 'Cai-Dat-VNeID' is not valid: use lowercase letters a-z, digits 0-9 and single hyphens, "
            "like cai-dat-vneid",
            "lesson-id-invalid"}}) {
    CAPTURE(c.id);
    Fixture fixture;
    fixture.front(c.folder)["id"] = c.id;
    fixture.check_lesson(Severity::error, c.folder, "/id", c.message, c.check_id);
  }
}

TEST_CASE("a listed lesson id that is a path is refused and never followed") {
  Fixture fixture;
  fixture.pack["lessons"] = {"cai-dat-vneid", "../../etc", "tai-khoan-muc-2", "a--b"};
  // A lesson folder the host should never have loaded: validate-core must not look into it.
  fixture.lessons.push_back({"/etc", std::nullopt, {image("passwd.png", "x", 3)}});
  const Run run = fixture.run();
  check_reported(run, {{"lesson id '../../etc' is not valid: it is a folder name, never a path; use lowercase "
                        "letters a-z, digits 0-9 and single hyphens, like cai-dat-vneid",
                        run.pack_at("/lessons/1"), "lesson-id-invalid"},
                       {"lesson id 'a--b' is not valid: use lowercase letters a-z, digits 0-9 and single hyphens, "
                        "like cai-dat-vneid",
                        run.pack_at("/lessons/3"), "lesson-id-invalid"},
                       {"lesson id '/etc' is not valid: it is a folder name, never a path; use lowercase letters "
                        "a-z, digits 0-9 and single hyphens, like cai-dat-vneid",
                        Location{"lessons//etc/lesson.md", 0, 0}, "lesson-id-invalid"}});
}

TEST_CASE("a lesson listed twice is reported at the repeat") {
  Fixture fixture;
  fixture.pack["lessons"] = {"cai-dat-vneid", "tai-khoan-muc-2", "cai-dat-vneid"};
  const Run run =
      fixture.check_pack(Severity::error, "/lessons/2",
                         "lesson 'cai-dat-vneid' is listed twice in the pack (first on line 10); list each lesson once",
                         "lesson-listed-twice");
  CHECK(run.pack_at("/lessons/0").line == 10);
}

TEST_CASE("a repeat after an item that is not text is located at its own item") {
  Fixture fixture;
  fixture.pack["lessons"] = Json::parse(R"(["cai-dat-vneid", 5, "tai-khoan-muc-2", "cai-dat-vneid"])");
  const Run run = fixture.run();  // the host lists the text items only
  check_reported(run, {{"lesson 2: expected text, got 5", run.pack_at("/lessons/1")},
                       {"lesson 'cai-dat-vneid' is listed twice in the pack (first on line 10); list each lesson once",
                        run.pack_at("/lessons/3"), "lesson-listed-twice"}});
}

// ---- requires --------------------------------------------------------------------------

TEST_CASE("requires must name lessons of the pack") {
  Fixture fixture;
  fixture.front("tai-khoan-muc-2")["requires"] = {"cai-dat-vneid", "bai-khong-co"};
  fixture.check_lesson(Severity::error, "tai-khoan-muc-2", "/requires/1",
                       "requires 'bai-khong-co', which is not a lesson of this pack", "requires-unknown");
}

TEST_CASE("a lesson that requires a later one is a warning at the entry") {
  Json third = valid_lesson("nhan-biet-lua-dao");
  third["screens"] = Json::object();
  Fixture fixture;
  fixture.lessons.push_back({"nhan-biet-lua-dao", third, {}});
  fixture.pack["lessons"].push_back("nhan-biet-lua-dao");
  fixture.front("tai-khoan-muc-2")["requires"] = {"cai-dat-vneid", "nhan-biet-lua-dao"};
  fixture.check_lesson(
      Severity::warning, "tai-khoan-muc-2", "/requires/1",
      "requires 'nhan-biet-lua-dao', which comes later in the pack; learners take lessons in pack order: list "
      "'nhan-biet-lua-dao' before 'tai-khoan-muc-2' in the pack's lessons:",
      "requires-later");
}

// The diagnostics of `run` without those of `check_id`.
void drop_check(Run& run, const std::string& check_id) {
  std::erase_if(run.diagnostics, [&](const Diagnostic& d) { return d.check_id == check_id; });
}

TEST_CASE("a requires cycle is reported once with its path") {
  Fixture fixture;
  SUBCASE("two lessons") {
    fixture.front("cai-dat-vneid")["requires"] = {"tai-khoan-muc-2"};
    Run run = fixture.run();
    drop_check(run, "requires-later");  // cai-dat-vneid comes first: tests below
    check_single(run, Severity::error, run.lesson_at("tai-khoan-muc-2", "/requires/0"),
                 "lessons require each other in a cycle: cai-dat-vneid → tai-khoan-muc-2 → cai-dat-vneid; remove one "
                 "of these requires",
                 "requires-cycle");
  }
  SUBCASE("a lesson that requires itself") {
    fixture.front("cai-dat-vneid")["requires"] = {"cai-dat-vneid"};
    fixture.check_lesson(
        Severity::error, "cai-dat-vneid", "/requires/0",
        "lessons require each other in a cycle: cai-dat-vneid → cai-dat-vneid; remove one of these requires",
        "requires-cycle");
  }
  SUBCASE("three lessons, entered from a lesson outside the cycle") {
    Json third = valid_lesson("nhan-biet-lua-dao");
    third["screens"] = Json::object();
    third["requires"] = {"tai-khoan-muc-2"};
    fixture.lessons.push_back({"nhan-biet-lua-dao", third, {}});
    fixture.pack["lessons"].push_back("nhan-biet-lua-dao");
    Json fourth = valid_lesson("bai-bon");
    fourth["screens"] = Json::object();
    fourth["requires"] = {"nhan-biet-lua-dao"};
    fixture.lessons.insert(fixture.lessons.begin(), {"bai-bon", fourth, {}});
    fixture.pack["lessons"].push_back("bai-bon");
    fixture.front("cai-dat-vneid")["requires"] = {"nhan-biet-lua-dao"};
    Run run = fixture.run();
    drop_check(run, "requires-later");
    check_single(run, Severity::error, run.lesson_at("cai-dat-vneid", "/requires/0"),
                 "lessons require each other in a cycle: nhan-biet-lua-dao → tai-khoan-muc-2 → cai-dat-vneid → "
                 "nhan-biet-lua-dao; remove one of these requires",
                 "requires-cycle");
  }
}

TEST_CASE("lessons one at a time: a requires cycle is found only at end_pack, and the next pack starts clean") {
  hocso::ValidateStage& core = stage();
  Fixture cyclic;
  cyclic.front("cai-dat-vneid")["requires"] = {"tai-khoan-muc-2"};  // and tai-khoan-muc-2 requires cai-dat-vneid
  Run run;
  const hocso::PackView view = cyclic.pack_view(run);
  auto call = [&](auto&& work) { return reported_by(cyclic.settings, cyclic.data_dir, work); };

  std::vector<Diagnostic> before_end = call([&](hocso::PluginContext& context) { core.begin_pack(view, context); });
  for (const LessonSpec& spec : cyclic.lessons) {
    std::unique_ptr<FakeDocument> document;  // gone, with the view, after the call
    const hocso::LessonView lesson = cyclic.lesson_view(spec, document);
    for (Diagnostic& d : call([&](hocso::PluginContext& context) { core.validate_lesson(view, lesson, context); }))
      before_end.push_back(std::move(d));
  }
  {
    INFO(dump(before_end));  // only the order, found lesson by lesson
    REQUIRE(before_end.size() == 1);
    CHECK(before_end[0].check_id == "requires-later");
  }

  const std::vector<Diagnostic> at_end = call([&](hocso::PluginContext& context) { core.end_pack(view, context); });
  INFO(dump(at_end));
  REQUIRE(at_end.size() == 1);
  CHECK(at_end[0].severity == Severity::error);
  CHECK(at_end[0].check_id == "requires-cycle");
  CHECK(at_end[0].message ==
        "lessons require each other in a cycle: cai-dat-vneid → tai-khoan-muc-2 → cai-dat-vneid; remove one of "
        "these requires");
  // Located while its lesson was shown: the same place a new copy of that front matter gives.
  const FakeDocument copy("lessons/tai-khoan-muc-2/lesson.md", cyclic.front("tai-khoan-muc-2"), 2);
  CHECK(same_place(at_end[0].where, copy.locate("/requires/0")));

  // The same stage object, a second pack without the cycle: nothing left over.
  Fixture plain;
  check_reported(plain.run(), {});
}

// ---- Images -----------------------------------------------------------------------------

TEST_CASE("images must be existing regular files inside the lesson folder") {
  Fixture fixture;
  const fs::path folder = fixture.lesson_folder("cai-dat-vneid");
  fs::create_directories(folder / "screens/thu-muc.png");
  write_file(fixture.root / "lessons/secret.png", "outside");
  auto& references = fixture.lesson("cai-dat-vneid").references;
  references = {image("screens/khong-co.png", "a", 30), image("../secret.png", "b", 31),
                image("screens/../../secret.png", "c", 32), image("/etc/passwd.png", "d", 33),
                image("https://example.com/a.png", "e", 34), image("screens/a.gif", "f", 35),
                image("screens/thu-muc.png", "g", 36), image("screens/kich-hoat.png", "", 37, 5),
                image("C:\\anh.png", "h", 38), image("./screens/../screens/kich-hoat.png", "i", 39)};
  const Run run = fixture.run();
  INFO(dump(run.diagnostics));
  const std::vector<std::pair<std::string, std::string>> expected{
      {"image 'screens/khong-co.png' does not exist in the lesson folder", "image-missing"},
      {"image '../secret.png' points outside the lesson folder", "path-outside-lesson"},
      {"image 'screens/../../secret.png' points outside the lesson folder", "path-outside-lesson"},
      {"image '/etc/passwd.png' must be a file inside the lesson folder, written as a relative path like "
       "screens/NAME.png",
       "path-outside-lesson"},
      {"image 'https://example.com/a.png' must be a file inside the lesson folder, written as a relative path "
       "like screens/NAME.png",
       "path-outside-lesson"},
      {"image 'screens/a.gif' must be a .png, .jpg, .jpeg or .webp file", "image-format"},
      {"image 'screens/thu-muc.png' is not a regular file", "image-missing"},
      {"image 'screens/kich-hoat.png' has no alt text; describe what it shows, for learners who cannot see it",
       "image-alt-missing"},
      {"image 'C:\\anh.png' must be a file inside the lesson folder, written as a relative path like "
       "screens/NAME.png",
       "path-outside-lesson"},
  };
  REQUIRE(run.diagnostics.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CHECK(run.diagnostics[i].message == expected[i].first);
    CHECK(run.diagnostics[i].check_id == expected[i].second);
    CHECK(run.diagnostics[i].severity == Severity::error);
  }
  CHECK(same_place(run.diagnostics[0].where, {"lessons/cai-dat-vneid/lesson.md", 30, 1}));
  CHECK(same_place(run.diagnostics[7].where, {"lessons/cai-dat-vneid/lesson.md", 37, 5}));
}

TEST_CASE("symbolic links are never followed: not to an image, not through a folder") {
  Fixture fixture;
  const fs::path folder = fixture.lesson_folder("cai-dat-vneid");
  write_file(fixture.root / "outside/anh.png", "outside");
  fs::create_symlink(fixture.root / "outside/anh.png", folder / "screens/link.png");
  fs::create_directory_symlink(fixture.root / "outside", folder / "screens/linked-folder");
  fs::create_symlink(folder / "screens/kich-hoat.png", folder / "screens/inside-link.png");
  fixture.lesson("cai-dat-vneid").references = {
      image("screens/kich-hoat.png", "Nút Kích hoạt", 20), image("screens/link.png", "a", 30),
      image("screens/linked-folder/anh.png", "b", 31), image("screens/inside-link.png", "c", 32)};
  const Run run = fixture.run();
  INFO(dump(run.diagnostics));
  REQUIRE(run.diagnostics.size() == 3);
  CHECK(run.diagnostics[0].message ==
        "image 'screens/link.png' goes through a symbolic link ('screens/link.png'); hocso never follows links");
  CHECK(run.diagnostics[1].message ==
        "image 'screens/linked-folder/anh.png' goes through a symbolic link ('screens/linked-folder'); hocso never "
        "follows links");
  CHECK(run.diagnostics[2].message ==
        "image 'screens/inside-link.png' goes through a symbolic link ('screens/inside-link.png'); hocso never "
        "follows links");
  for (const Diagnostic& d : run.diagnostics) CHECK(d.check_id == "path-symlink");
  CHECK(same_place(run.diagnostics[1].where, {"lessons/cai-dat-vneid/lesson.md", 31, 1}));
}

TEST_CASE("a lesson folder that is a symbolic link is reported and not looked into") {
  Fixture fixture;
  fs::rename(fixture.lesson_folder("tai-khoan-muc-2"), fixture.root / "elsewhere");
  fs::create_directory_symlink(fixture.root / "elsewhere", fixture.lesson_folder("tai-khoan-muc-2"));
  fixture.lesson("tai-khoan-muc-2").references.push_back(image("screens/khong-co.png", "x", 40));
  fixture.check_at(Severity::error, {"lessons/tai-khoan-muc-2/lesson.md", 0, 0},
                   "'lessons/tai-khoan-muc-2' is a symbolic link; hocso never follows links in content",
                   "path-symlink");
}

TEST_CASE("screens: keys must name images inside the lesson folder, located at the key") {
  Fixture fixture;
  Json& screens = fixture.front("cai-dat-vneid")["screens"];
  screens["screens/khong-co.png"] = {{"label", "x"}};
  screens["../../secret.png"] = {{"label", "y"}};
  const Run run = fixture.run();
  check_reported(run, {{"overlay image 'screens/khong-co.png' does not exist in the lesson folder",
                        run.lesson_at("cai-dat-vneid", "/screens/screens~1khong-co.png"), "image-missing"},
                       {"overlay image '../../secret.png' points outside the lesson folder",
                        run.lesson_at("cai-dat-vneid", "/screens/..~1..~1secret.png"), "path-outside-lesson"}});
}

TEST_CASE("a lesson whose front matter did not load still has its body checked") {
  Fixture fixture;
  fixture.lesson("tai-khoan-muc-2").front_matter.reset();
  fixture.lesson("tai-khoan-muc-2").references.push_back(image("screens/khong-co.png", "x", 40, 2));
  fixture.check_at(Severity::error, {"lessons/tai-khoan-muc-2/lesson.md", 40, 2},
                   "image 'screens/khong-co.png' does not exist in the lesson folder", "image-missing");
}

// ---- Pictures: overlays, unused files, names ----------------------------------------------

TEST_CASE("a flat rectangle is one error saying how to write it, at the list") {
  Fixture fixture;
  fixture.front("cai-dat-vneid")["screens"]["screens/kich-hoat.png"]["highlight"] = {40, 510, 220, 190};
  fixture.check_lesson(
      Severity::error, "cai-dat-vneid", "/screens/screens~1kich-hoat.png/highlight",
      "screens: screens/kich-hoat.png, highlight: a rectangle goes inside a list of rectangles, even when "
      "there is only one: write highlight: [[40, 510, 220, 190]]",
      "overlay-invalid");
}

TEST_CASE("an overlay must fit every language's version of its picture") {
  Fixture fixture;
  // The English version is shorter: the highlight [40, 900, 1000, 140] ends at y = 1040 (the redaction fits).
  write_file(fixture.lesson_folder("cai-dat-vneid") / "screens/en/kich-hoat.png", picture(1080, 1000, ".png"));
  fixture.check_lesson(
      Severity::error, "cai-dat-vneid", "/screens/screens~1kich-hoat.png/highlight/0",
      "screens: screens/kich-hoat.png, highlight rectangle 1 [40, 900, 1000, 140] is not inside the picture "
      "screens/en/kich-hoat.png (1080×1000 pixels): it ends at x = 1040, y = 1040; move it or make it smaller",
      "overlay-out-of-bounds");
}

TEST_CASE("an overlay's picture that is no image is said at its key") {
  Fixture fixture;
  write_file(fixture.lesson_folder("cai-dat-vneid") / "screens/kich-hoat.png", "not a picture");
  fixture.lesson("cai-dat-vneid").references.clear();  // only the overlay reads it
  fixture.front("cai-dat-vneid")["screens"]["screens/kich-hoat.png"].erase("label");
  Run run = fixture.run();
  drop_check(run, "overlay-unused");
  drop_check(run, "screenshot-unused");
  check_single(run, Severity::error, run.lesson_at("cai-dat-vneid", "/screens/screens~1kich-hoat.png"),
               "overlay image 'screens/kich-hoat.png' is not a PNG, JPEG or WebP image", "image-format");
}

TEST_CASE("a picture whose content is not what its name says is an error at the step that shows it") {
  Fixture fixture;
  write_file(fixture.lesson_folder("tai-khoan-muc-2") / "screens/muc-2.webp", picture(540, 1170, ".png"));
  fixture.check_at(Severity::error, {"lessons/tai-khoan-muc-2/lesson.md", 21, 3},
                   "image 'screens/muc-2.webp' has a file name extension that does not match its content",
                   "image-format");
}

TEST_CASE("a language's version of a picture is checked like the picture, at the step that shows it") {
  Fixture fixture;
  write_file(fixture.lesson_folder("tai-khoan-muc-2") / "screens/en/muc-2.webp", "not a picture");
  fixture.check_at(Severity::error, {"lessons/tai-khoan-muc-2/lesson.md", 21, 3},
                   "image 'screens/en/muc-2.webp', a language's version of 'screens/muc-2.webp', is not a PNG, JPEG or "
                   "WebP image",
                   "image-format");
}

TEST_CASE("pictures no step shows, overlays on them, and file names with a space are warnings") {
  Fixture fixture;
  const fs::path folder = fixture.lesson_folder("cai-dat-vneid");
  write_file(folder / "screens/cu.png", picture(10, 10, ".png"));
  write_file(folder / "screens/en/cu.png", picture(10, 10, ".png"));
  write_file(folder / "screens/en/kich-hoat.png", picture(1080, 1100, ".png"));  // used: its picture is shown
  write_file(folder / "screens/ghi-chu.txt", "not a picture: left alone");
  write_file(folder / "screens/màn hình.png", picture(10, 10, ".png"));
  write_file(folder / "screens/anh 2.png", picture(10, 10, ".png"));
  fixture.front("cai-dat-vneid")["screens"]["screens/cu.png"] = {{"label", "Cũ"}};
  fixture.lesson("cai-dat-vneid").references.push_back(image("screens/anh 2.png", "Ảnh hai", 24, 3));
  const Run run = fixture.run();
  INFO(dump(run.diagnostics));
  const std::vector<std::tuple<std::string, int, std::string, std::string>> expected{
      {"lessons/cai-dat-vneid/screens/cu.png", 0,
       "the picture 'screens/cu.png' is not shown by any step: show it with ![what it shows](screens/cu.png) or delete "
       "the file",
       "screenshot-unused"},
      {"lessons/cai-dat-vneid/screens/en/cu.png", 0,
       "the picture 'screens/en/cu.png' replaces screens/cu.png in one language, but no step shows screens/cu.png: "
       "show it or delete the file",
       "screenshot-unused"},
      {"lessons/cai-dat-vneid/screens/màn hình.png", 0,
       "the file name 'screens/màn hình.png' has a space, which breaks a picture's Markdown: rename the file without "
       "spaces, like screens/màn-hình.png, and write that name in the lesson",
       "file-name-space"},
      {"lessons/cai-dat-vneid/lesson.md", 24,
       "the file name 'screens/anh 2.png' has a space, which breaks a picture's Markdown: rename the file without "
       "spaces, like screens/anh-2.png, and write that name in the lesson",
       "file-name-space"},
  };
  std::vector<Diagnostic> files;
  for (const Diagnostic& d : run.diagnostics)
    if (d.check_id != "overlay-unused") files.push_back(d);
  REQUIRE(files.size() == expected.size());
  for (const auto& [file, line, message, check_id] : expected) {
    const auto found =
        std::find_if(files.begin(), files.end(), [&](const Diagnostic& d) { return d.message == message; });
    REQUIRE(found != files.end());
    CHECK(found->where.file == file);
    CHECK(found->where.line == line);
    CHECK(found->check_id == check_id);
    CHECK(found->severity == Severity::warning);
  }
  const auto unused = std::find_if(run.diagnostics.begin(), run.diagnostics.end(),
                                   [](const Diagnostic& d) { return d.check_id == "overlay-unused"; });
  REQUIRE(unused != run.diagnostics.end());
  CHECK(unused->severity == Severity::warning);
  CHECK(unused->message ==
        "screens: 'screens/cu.png' draws on a picture that no step shows; show the picture with ![what it "
        "shows](screens/cu.png) or remove this entry");
  CHECK(same_place(unused->where, run.lesson_at("cai-dat-vneid", "/screens/screens~1cu.png")));
}

TEST_CASE("a misspelt picture name gets \"did you mean\", in screens: and in the body") {
  Fixture fixture;
  Json& screens = fixture.front("cai-dat-vneid")["screens"];
  screens["screens/kich-hoat.pgn"] = screens["screens/kich-hoat.png"];
  screens.erase("screens/kich-hoat.png");
  fixture.lesson("cai-dat-vneid").references.push_back(image("screens/kich-hot.png", "Nút", 26));
  Run run = fixture.run();
  drop_check(run, "overlay-unused");
  INFO(dump(run.diagnostics));
  REQUIRE(run.diagnostics.size() == 2);
  CHECK(run.diagnostics[0].message ==
        "overlay image 'screens/kich-hoat.pgn' does not exist in the lesson folder; did you mean "
        "'screens/kich-hoat.png'?");
  CHECK(run.diagnostics[0].check_id == "image-missing");
  CHECK(same_place(run.diagnostics[0].where, run.lesson_at("cai-dat-vneid", "/screens/screens~1kich-hoat.pgn")));
  CHECK(run.diagnostics[1].message ==
        "image 'screens/kich-hot.png' does not exist in the lesson folder; did you mean 'screens/kich-hoat.png'?");
  CHECK(run.diagnostics[1].where.line == 26);
}

// ---- Links --------------------------------------------------------------------------------

TEST_CASE("links: lessons of the pack and anchors pass, https warns, everything else is refused") {
  Fixture fixture;
  fixture.lesson("cai-dat-vneid").references = {
      image("screens/kich-hoat.png", "Nút Kích hoạt", 20),
      link("#buoc-1", 30),
      link("../tai-khoan-muc-2/lesson.md#buoc-2", 31),
      link("../tai-khoan-muc-2/", 32),
      link("../bai-khong-co/lesson.md", 33),
      link("https://dichvucong.gov.vn", 34, 7),
      link("http://dichvucong.gov.vn", 35),
      link("javascript:alert(1)", 36),
      link("data:text/html,x", 37),
      link("file:///etc/passwd", 38),
      link("//evil.example/x", 39),
      link("/etc/passwd", 40),
      link("khac.md", 41),
      link("../../x/lesson.md", 42),
      link("", 43),
      link("mailto:a@b.vn", 44),
  };
  const Run run = fixture.run();
  INFO(dump(run.diagnostics));
  const std::string allowed =
      "; link to another lesson as ../ID/lesson.md, to a #section of this lesson, or to an https:// address";
  const std::vector<std::tuple<int, Severity, std::string, std::string>> expected{
      {33, Severity::error, "link '../bai-khong-co/lesson.md' goes to lesson 'bai-khong-co', which is not in this pack",
       "link-unknown-lesson"},
      {34, Severity::warning,
       "external link 'https://dichvucong.gov.vn' cannot be opened offline; the bundle shows it as text with its "
       "address",
       "link-external"},
      {35, Severity::error, "link 'http://dichvucong.gov.vn' is not allowed: use https:// instead", "link-unsafe"},
      {36, Severity::error, "link 'javascript:alert(1)' is not allowed" + allowed, "link-unsafe"},
      {37, Severity::error, "link 'data:text/html,x' is not allowed" + allowed, "link-unsafe"},
      {38, Severity::error, "link 'file:///etc/passwd' is not allowed" + allowed, "link-unsafe"},
      {39, Severity::error, "link '//evil.example/x' is not allowed" + allowed, "link-unsafe"},
      {40, Severity::error, "link '/etc/passwd' is not allowed" + allowed, "link-unsafe"},
      {41, Severity::error, "link 'khac.md' is not allowed" + allowed, "link-unsafe"},
      {42, Severity::error, "link '../../x/lesson.md' is not allowed" + allowed, "link-unsafe"},
      {43, Severity::error, "link has no target" + allowed, "link-unsafe"},
      {44, Severity::error, "link 'mailto:a@b.vn' is not allowed" + allowed, "link-unsafe"},
  };
  REQUIRE(run.diagnostics.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Diagnostic& d = run.diagnostics[i];
    CHECK(d.where.line == std::get<0>(expected[i]));
    CHECK(d.severity == std::get<1>(expected[i]));
    CHECK(d.message == std::get<2>(expected[i]));
    CHECK(d.check_id == std::get<3>(expected[i]));
  }
  CHECK(same_place(run.diagnostics[1].where, {"lessons/cai-dat-vneid/lesson.md", 34, 7}));
}

TEST_CASE("a link to a picture is refused with \"did you mean\" the picture") {
  Fixture fixture;
  fixture.lesson("cai-dat-vneid").references.push_back(link("screens/kich-hoat.png", 25, 1));
  fixture.check_at(
      Severity::error, {"lessons/cai-dat-vneid/lesson.md", 25, 1},
      "link 'screens/kich-hoat.png' goes to a picture, and a link cannot show one; did you mean the picture "
      "![what it shows](screens/kich-hoat.png)? Put a ! before the [",
      "link-to-image");
}

// ---- Quiz ---------------------------------------------------------------------------------

TEST_CASE("a quiz answer must index one of the choices") {
  Fixture fixture;
  int answer = 0;
  SUBCASE("just past the last choice") { answer = 3; }
  SUBCASE("past the schema's maximum too: still one message") { answer = 7; }
  SUBCASE("negative") { answer = -1; }
  fixture.front("cai-dat-vneid")["quiz"][0]["answer"] = answer;
  fixture.check_lesson(
      Severity::error, "cai-dat-vneid", "/quiz/0/answer",
      "quiz question 1: answer " + std::to_string(answer) +
          " is not one of its 3 choices; answer counts from 0: write 0 for choice 1, up to 2 for choice 3",
      "quiz-answer-range");
}

// ---- Settings -------------------------------------------------------------------------------

TEST_CASE("settings: {} is accepted, unknown keys are warnings at the key") {
  Fixture fixture;
  fixture.pack["plugins"][0]["settings"] = {{"strict", true}};
  fixture.settings = R"({"strict": true})";
  fixture.check_pack(Severity::warning, "/plugins/0/settings/strict",
                     "validate-core has no setting 'strict'; it is ignored", "settings-unknown-key");
}

// ---- Robustness -------------------------------------------------------------------------------

TEST_CASE("without its schemas the stage says so and still runs the other checks") {
  Fixture fixture;
  fixture.data_dir = fixture.root / "no-such-data";
  fixture.front("cai-dat-vneid")["titel"] = "x";  // a schema problem: not found without the schema
  fixture.front("tai-khoan-muc-2")["id"] = "khac";
  const Run run = fixture.run();
  INFO(dump(run.diagnostics));
  REQUIRE(run.diagnostics.size() == 3);
  CHECK(run.diagnostics[0].check_id == "schema-unavailable");
  CHECK(run.diagnostics[0].message == "cannot read the JSON Schema " + (fixture.data_dir / "schemas/pack.schema.json").string());
  CHECK(run.diagnostics[0].where.file == (fixture.data_dir / "schemas/pack.schema.json").string());
  CHECK(run.diagnostics[1].check_id == "schema-unavailable");
  CHECK(run.diagnostics[2].check_id == "lesson-id-mismatch");
}

namespace {

void* call_function(void* function) {
  reinterpret_cast<void (*)()>(function)();
  return nullptr;
}

// AddressSanitizer's frames are several times larger (redzones around every
// local): the same recursion needs a larger stack there. The normal build
// keeps the real bound.
#if defined(__SANITIZE_ADDRESS__)
constexpr std::size_t kStackScale = 8;
#else
constexpr std::size_t kStackScale = 1;
#endif

// Runs `body` on a thread with a small stack, as a host's worker thread might be.
void run_on_small_stack(std::size_t stack_bytes, void (*body)()) {
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setstacksize(&attributes, stack_bytes * kStackScale);
  pthread_t thread;
  const int created = pthread_create(&thread, &attributes, &call_function, reinterpret_cast<void*>(body));
  pthread_attr_destroy(&attributes);
  REQUIRE(created == 0);
  pthread_join(thread, nullptr);
}

std::vector<Diagnostic> huge_values_result;

}  // namespace

TEST_CASE("huge ids and keys cannot overflow the stack through std::regex (512 KiB thread)") {
  stage();  // load the plugin on the main thread
  run_on_small_stack(512 * 1024, [] {
    Fixture fixture;
    fixture.pack["id"] = std::string(200000, 'a');                 // matches the pattern: deepest regex work
    fixture.pack["profiles"][std::string(100000, 'k')] = {{"max_width", 720}, {"format", "webp"}};
    fixture.front("cai-dat-vneid")["tags"] = {std::string(100000, 'x') + "-"};
    huge_values_result = fixture.run().diagnostics;
  });
  INFO(dump(huge_values_result));
  REQUIRE(huge_values_result.size() == 3);
  CHECK(huge_values_result[0].message == "id: expected at most 64 characters, got 200000");
  CHECK(huge_values_result[1].message ==
        "key '" + std::string(60, 'k') +
            "…' in profiles of pack file is not allowed: keys here must be lowercase letters a-z, digits 0-9 and "
            "single hyphens between them, like cai-dat-vneid");
  CHECK(huge_values_result[2].message == "tag 1: expected at most 60 characters, got 100001");
}

TEST_CASE("a realistic pack is validated quickly") {
  Fixture fixture;
  const double start = hocso::test::cpu_seconds();
  for (int i = 0; i < 5; ++i) CHECK(fixture.run().diagnostics.empty());
  CHECK(hocso::test::cpu_seconds() - start < 2.0);
}
