// The rules hocso and its plugins share, each in one place: the language
// fallback chain, image paths inside a lesson folder, image types, "did you mean".
#include <doctest/doctest.h>

#include <filesystem>

#include "fallback_chain.h"
#include "hocso/lesson_files.h"
#include "hocso/suggest.h"
#include "test_files.h"

namespace fs = std::filesystem;
using namespace hocso;
using State = LessonPathLookup::State;

TEST_CASE("the fallback chain: the language, its declared fallbacks, the source language last, each once") {
  const DeclaredFallbacks declared{{"en", {"vi"}}, {"mtq-Latn-VN", {"vi", "en", "en"}}, {"vi", {}}};
  CHECK(fallback_chain("en", declared, "vi") == std::vector<std::string>{"en", "vi"});
  CHECK(fallback_chain("mtq-Latn-VN", declared, "vi") == std::vector<std::string>{"mtq-Latn-VN", "en", "vi"});
  CHECK(fallback_chain("tyz", declared, "vi") == std::vector<std::string>{"tyz", "vi"});
  CHECK(fallback_chain("vi", declared, "vi") == std::vector<std::string>{"vi"});
}

TEST_CASE("an image path must stay inside the lesson folder and never pass a link") {
  test::TempDir dir("hocso-paths");
  fs::create_directories(dir / "screens/en");
  fs::create_directories(dir / "elsewhere");
  test::write_bytes(dir / "screens/a.png", "x");
  test::write_bytes(dir / "elsewhere/b.png", "x");
  fs::create_directory_symlink(dir / "elsewhere", dir / "screens/linked");
  fs::create_symlink(dir / "screens/a.png", dir / "screens/en/a.png");

  auto state = [&](std::string_view target) { return look_up_lesson_path(dir.path, target).state; };
  CHECK(state("screens/a.png") == State::file);
  CHECK(look_up_lesson_path(dir.path, "screens/./x/../a.png").relative == "screens/a.png");
  CHECK(state("screens/./x/../a.png") == State::file);
  for (const char* bad : {"", "/etc/passwd", "https://x/a.png", "data:image/png;base64,AA", "c:a.png", "screens\\a.png"})
    CHECK_MESSAGE(state(bad) == State::not_relative, bad);
  for (const char* out : {"../a.png", "screens/../../a.png", ".", "screens/.."}) CHECK_MESSAGE(state(out) == State::outside, out);
  CHECK(state("screens/linked/b.png") == State::link);
  CHECK(look_up_lesson_path(dir.path, "screens/linked/b.png").link == "screens/linked");
  CHECK(state("screens/en/a.png") == State::link);
  CHECK(state("screens/none.png") == State::absent);
  CHECK(state("screens/a.png/x.png") == State::absent);
  CHECK(state("screens") == State::not_a_file);
}

TEST_CASE("an image's type is read from its first bytes and must match its extension") {
  CHECK(sniff_image(std::string_view("\x89PNG\r\n\x1a\n....", 12)) == ImageKind::png);
  CHECK(sniff_image("\xff\xd8\xff\xe0") == ImageKind::jpeg);
  CHECK(sniff_image(std::string_view("RIFF\x10\0\0\0WEBPVP8 ", 16)) == ImageKind::webp);
  CHECK(sniff_image("GIF89a") == std::nullopt);
  CHECK(sniff_image("\x89PNG") == std::nullopt);
  CHECK(image_extension_fits("a.JPEG", ImageKind::jpeg));
  CHECK(!image_extension_fits("a.png", ImageKind::jpeg));
  CHECK(std::string(image_extension(ImageKind::jpeg)) == "jpg");
}

TEST_CASE("did you mean: at most 2 edits (a swap is one) and fewer than half the word") {
  const std::vector<std::string> names{"validate-core", "translate-po", "screenshots", "title", "tags"};
  CHECK(closest_match("validate-cor", names) == "validate-core");
  CHECK(closest_match("screenshot", names) == "screenshots");
  CHECK(closest_match("titel", names) == "title");  // one swap
  CHECK(closest_match("tag", names) == "tags");
  CHECK(closest_match("ab", names) == "");
  CHECK(closest_match("zzzz", names) == "");
  CHECK(edit_distance("titel", "title") == 1);
  CHECK(edit_distance("", "abc") == 3);
}
