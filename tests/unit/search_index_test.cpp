#include "search_index.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using hocso::fold_for_search;

TEST_CASE("folding drops Vietnamese diacritics and case, đ becomes d") {
  CHECK(fold_for_search("Kích hoạt") == "kich hoat");
  CHECK(fold_for_search("KÍCH HOẠT") == "kich hoat");
  CHECK(fold_for_search("Đặt mật khẩu") == "dat mat khau");
  CHECK(fold_for_search("đường ƯỚC Ơn") == "duong uoc on");
  // Tone marks typed as separate characters (a + U+0323 dot below, o + U+031B horn).
  CHECK(fold_for_search("hoa\xCC\xA3t o\xCC\x9B") == "hoat o");
  // Tai Viet letters are not Latin: kept as they are.
  CHECK(fold_for_search("\xEA\xAA\xB9\xEA\xAA\x81") == "\xEA\xAA\xB9\xEA\xAA\x81");
}

namespace {
// The JSON argument of the script: "(function (index) {…})(JSON);\n".
nlohmann::json index_of(const std::string& script) {
  const auto start = script.rfind("})(");
  REQUIRE(start != std::string::npos);
  REQUIRE(script.size() > start + 6);
  return nlohmann::json::parse(script.substr(start + 3, script.size() - start - 3 - 3));
}
}  // namespace

TEST_CASE("the index holds each language's lessons and steps with folded keys, and the fold table") {
  hocso::Pack pack;
  pack.languages = {"vi", "en"};
  for (const char* id : {"cai-dat-vneid", "nhan-biet"}) {
    hocso::LessonSummary lesson;
    lesson.id = id;
    pack.lessons.push_back(std::move(lesson));
  }
  hocso::SearchIndex index;
  // Added out of order, as batches and worker threads may: the output is in pack order.
  index.add("en", hocso::search_entry("cai-dat-vneid", "Install and activate VNeID", "", {"Open the app"}));
  index.add("vi", hocso::search_entry("nhan-biet", "Nhận biết lừa đảo", "Cuộc gọi giả", {}));
  index.add("vi", hocso::search_entry("cai-dat-vneid", "Cài đặt và kích hoạt VNeID", "Bước đầu",
                                      {"Tải VNeID", "Chọn Kích hoạt tài khoản"}));
  // English has its own word for the box but not for "found" (Vietnamese then, marked so).
  hocso::LanguageLabels english;
  english.labels[hocso::PageLabel::search] = "Find a lesson";
  const std::map<std::string, hocso::PageLabels> labels{
      {"vi", hocso::PageLabels("vi")},
      {"en", hocso::PageLabels("en", {"en", "vi"}, {{"en", english}}, "", "", "vi")}};
  const std::string script = index.script(pack, labels);
  CHECK(script.rfind("(function (index) {", 0) == 0);
  CHECK(script.find("hocsoSearchIndex") == std::string::npos);  // no global
  const nlohmann::json data = index_of(script);
  const auto& lessons = data.at("lessons");
  REQUIRE(lessons.size() == 3);
  CHECK(lessons[0] == nlohmann::json::parse(
                          R"(["vi","cai-dat-vneid","Cài đặt và kích hoạt VNeID","cai dat va kich hoat vneid buoc dau",)"
                          R"([["Tải VNeID","tai vneid"],["Chọn Kích hoạt tài khoản","chon kich hoat tai khoan"]]])"));
  CHECK(lessons[1][1] == "nhan-biet");
  CHECK(lessons[2][0] == "en");
  // The table folds what a learner types: upper case of letters in the index,
  // other tone marks than the text has, separate combining marks.
  // Grouped by what they fold to.
  const auto& fold = data.at("fold");
  auto folds_to = [&](const std::string& c, const std::string& target) {
    return fold.contains(target) && fold.at(target).get<std::string>().find(c) != std::string::npos;
  };
  CHECK(folds_to("Ạ", "a"));
  CHECK(folds_to("Í", "i"));
  CHECK(folds_to("Đ", "d"));
  CHECK(folds_to("đ", "d"));
  CHECK(folds_to("ỳ", "y"));
  CHECK(folds_to("\xCC\xA3", ""));
  CHECK_FALSE(folds_to("a", "a"));
  CHECK(data.at("labels").at("vi").at("search") == nlohmann::json::parse(R"(["Tìm bài","vi"])"));
  CHECK(data.at("labels").at("en").at("search") == nlohmann::json::parse(R"(["Find a lesson","en"])"));
  CHECK(data.at("labels").at("en").at("found") == nlohmann::json::parse(R"(["Tìm thấy: {n}","vi"])"));
}

TEST_CASE("U+2028 in a title is escaped: it ends a line in ES5 source") {
  hocso::Pack pack;
  pack.languages = {"vi"};
  hocso::LessonSummary lesson;
  lesson.id = "a";
  pack.lessons.push_back(std::move(lesson));
  hocso::SearchIndex index;
  index.add("vi", hocso::search_entry("a", "x\xE2\x80\xA8y", "", {}));
  const std::string script = index.script(pack, {});
  CHECK(script.find("\xE2\x80\xA8") == std::string::npos);
  CHECK(script.find("x\\u2028y") != std::string::npos);
}
