#include "segments.h"

#include "markdown.h"

namespace hocso {

namespace {

class SegmentCollector {
 public:
  explicit SegmentCollector(const Lesson& lesson) : lesson_(lesson) {}

  void front_matter(const std::string& pointer) {
    if (!lesson_.front_matter) return;
    const auto& value = lesson_.front_matter->value();
    const nlohmann::ordered_json::json_pointer ptr(pointer);
    if (!value.contains(ptr) || !value.at(ptr).is_string()) return;
    const std::string& text = value.at(ptr).get_ref<const std::string&>();
    if (text.find_first_not_of(" \t\n") == std::string::npos) return;
    LessonSegment s;
    s.segment = {lesson_.id, text, lesson_.front_matter->locate(pointer)};
    s.origin = LessonSegment::Origin::front_matter;
    s.pointer = pointer;
    segments_.push_back(std::move(s));
  }

  // Calls front_matter() for each element of the sequence at `pointer` + `/i` + `suffix`.
  void each(const std::string& pointer, const std::string& suffix = "") {
    const auto& value = lesson_.front_matter ? lesson_.front_matter->value() : nlohmann::ordered_json();
    const nlohmann::ordered_json::json_pointer ptr(pointer);
    if (!value.contains(ptr) || !value.at(ptr).is_array()) return;
    for (std::size_t i = 0; i < value.at(ptr).size(); ++i) front_matter(pointer + "/" + std::to_string(i) + suffix);
  }

  void body() {
    if (!lesson_.markdown) return;
    std::size_t index = 0;
    for (const auto& block : markdown_blocks(*lesson_.markdown)) {
      LessonSegment s;
      s.segment = {lesson_.id, block.text, {lesson_.markdown_path, block.line, 1}};
      s.block = index++;
      segments_.push_back(std::move(s));
    }
  }

  std::vector<LessonSegment> take() { return std::move(segments_); }

 private:
  const Lesson& lesson_;
  std::vector<LessonSegment> segments_;
};

// A JSON pointer reference token: `~` and `/` escaped (RFC 6901).
std::string pointer_token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

}  // namespace

std::vector<LessonSegment> lesson_segments(const Lesson& lesson) {
  SegmentCollector collect(lesson);
  collect.front_matter("/title");
  collect.front_matter("/summary");
  collect.each("/objectives");
  if (lesson.front_matter) {
    const auto& screens = lesson.front_matter->value().value("screens", nlohmann::ordered_json());
    if (screens.is_object())
      for (const auto& [name, screen] : screens.items())
        if (screen.is_object()) collect.front_matter("/screens/" + pointer_token(name) + "/label");
    const auto& quiz = lesson.front_matter->value().value("quiz", nlohmann::ordered_json());
    if (quiz.is_array())
      for (std::size_t q = 0; q < quiz.size(); ++q) {
        const std::string base = "/quiz/" + std::to_string(q);
        collect.front_matter(base + "/question");
        collect.each(base + "/choices");
      }
  }
  collect.body();
  return collect.take();
}

std::string segment_reference_file(const Pack& pack, const Lesson& lesson) {
  return (lesson.folder / "lesson.md")
      .lexically_relative(std::filesystem::weakly_canonical(pack.content_root).parent_path())
      .generic_string();
}

}  // namespace hocso
