#include "build_inputs.h"

#include <doctest/doctest.h>

#include "test_files.h"

namespace fs = std::filesystem;
using hocso::test::TempDir;
using hocso::test::write_bytes;

namespace {

// A content folder with two lessons, a and b, translated into English, and a
// build's output folder inside it.
struct Content {
  TempDir dir{"hocso-build-inputs"};
  hocso::Pack pack;
  hocso::SourceHashIndex hashes{nullptr};
  std::vector<fs::path> tools;

  Content() {
    const fs::path root = dir.path / "content";
    for (const char* file : {"packs/p.yaml", "lessons/a/lesson.md", "lessons/a/screens/x.png", "lessons/b/lesson.md",
                             "i18n/a.pot", "i18n/en/a.po", "i18n/en/b.po", "i18n/en/ui.po"}) {
      fs::create_directories((root / file).parent_path());
      write_bytes(root / file, file);
    }
    pack.content_root = root;
    pack.pack_file = root / "packs/p.yaml";
    write_bytes(pack.pack_file, "id: p\nversion: 1.0.0\ntitle: P\n");
    pack.to_load = {{"a", {}}, {"b", {}}};
    write_bytes(dir.path / "hocso-tool", "the program");
    tools = {dir.path / "hocso-tool"};
  }
  fs::path operator/(const std::string& name) const { return pack.content_root / name; }
  std::string all() { return build_inputs_digest(pack, tools, {"setting"}, *this / "dist", hashes); }
  std::string lesson(const std::string& id) { return lesson_inputs_digest(pack, id, hashes); }
};

}  // namespace

TEST_CASE("build inputs: a lesson's own files change its digest alone, every other file the build's") {
  Content content;
  const std::string all = content.all(), a = content.lesson("a"), b = content.lesson("b");
  CHECK(a != b);

  SUBCASE("a lesson's text, picture, template and translation are its own") {
    for (const char* file : {"lessons/a/lesson.md", "lessons/a/screens/x.png", "i18n/a.pot", "i18n/en/a.po"}) {
      CAPTURE(file);
      write_bytes(content / file, "edited");
      CHECK(content.lesson("a") != a);
      CHECK(content.lesson("b") == b);
      CHECK(content.all() == all);
    }
  }
  SUBCASE("a new file in a lesson's folder and a recording are its own") {
    fs::create_directories(content / "lessons/a/screens/more");
    write_bytes(content / "lessons/a/screens/more/y.png", "new");
    const std::string with_picture = content.lesson("a");
    CHECK(with_picture != a);
    // A recording of b's: b's digest moves, a's stays (though content/audio/vi now exists).
    fs::create_directories(content / "audio/vi/b");
    write_bytes(content / "audio/vi/b/intro.wav", "sound");
    CHECK(content.lesson("b") != b);
    CHECK(content.lesson("a") == with_picture);
    CHECK(content.all() == all);
  }
  SUBCASE("the pack file, the page labels' catalog, another lesson's folder and the tools are the build's") {
    write_bytes(content / "packs/p.yaml", "edited");
    const std::string after_pack = content.all();
    CHECK(after_pack != all);
    write_bytes(content / "i18n/en/ui.po", "edited");
    const std::string after_labels = content.all();
    CHECK(after_labels != after_pack);
    fs::create_directories(content / "lessons/unlisted");
    write_bytes(content / "lessons/unlisted/lesson.md", "not in the pack");
    const std::string after_unlisted = content.all();
    CHECK(after_unlisted != after_labels);
    write_bytes(content.tools.front(), "another program");
    CHECK(content.all() != after_unlisted);
    CHECK(content.lesson("a") == a);
  }
  SUBCASE("the pack's version is not an input: no page shows it") {
    write_bytes(content / "packs/p.yaml", "id: p\nversion: 1.0.1\ntitle: P\n");
    CHECK(content.all() == all);
    write_bytes(content / "packs/p.yaml", "id: p\nversion: 1.0.1\ntitle: Q\n");
    CHECK(content.all() != all);
  }
  SUBCASE("another pack's version is") {
    write_bytes(content / "packs/other.yaml", "id: o\nversion: 1.0.0\n");
    const std::string with_other = content.all();
    write_bytes(content / "packs/other.yaml", "id: o\nversion: 1.0.1\n");
    CHECK(content.all() != with_other);
  }
  SUBCASE("what the build writes into its output folder is not an input") {
    fs::create_directories(content / "dist");
    write_bytes(content / "dist/p-1.0.0-phone.hocso", "a bundle");
    CHECK(content.all() == all);
  }
  SUBCASE("a setting is an input") {
    CHECK(build_inputs_digest(content.pack, content.tools, {"another setting"}, content / "dist", content.hashes) != all);
  }
}
