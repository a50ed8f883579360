#include "segments.h"

#include <fmt/format.h>

#include "markdown.h"
#include "step_fit.h"

namespace hocso {

namespace {

class SegmentCollector {
 public:
  explicit SegmentCollector(const Lesson& lesson) : lesson_(lesson) {}

  void front_matter(const TextField& field) {
    if (!lesson_.front_matter) return;
    const std::string pointer = field.pointer();
    const auto& value = lesson_.front_matter->value();
    const nlohmann::ordered_json::json_pointer ptr(pointer);
    if (!value.contains(ptr) || !value.at(ptr).is_string()) return;
    const std::string& text = value.at(ptr).get_ref<const std::string&>();
    if (text.find_first_not_of(" \t\n") == std::string::npos) return;
    LessonSegment s;
    s.segment = {lesson_.id, text, lesson_.front_matter->locate(pointer)};
    s.origin = LessonSegment::Origin::front_matter;
    s.field = field;
    segments_.push_back(std::move(s));
  }

  // The number of elements of the sequence at `pointer` (0 when it is not one).
  std::size_t count(const std::string& pointer) const {
    if (!lesson_.front_matter) return 0;
    const auto& value = lesson_.front_matter->value();
    const nlohmann::ordered_json::json_pointer ptr(pointer);
    return value.contains(ptr) && value.at(ptr).is_array() ? value.at(ptr).size() : 0;
  }

  void body() {
    if (!lesson_.markdown) return;
    std::size_t index = 0;
    bool in_step = false;
    for (const auto& block : markdown_blocks(*lesson_.markdown)) {
      const bool step_heading = block.kind == MarkdownBlock::Kind::heading && block.level == 2;
      in_step = in_step || step_heading;
      LessonSegment s;
      s.segment = {lesson_.id, block.text, {lesson_.markdown_path, block.line, 1}};
      s.block = index++;
      s.block_kind = block.kind;
      s.heading_level = block.level;
      s.list_item = block.list_item;
      s.in_step = in_step;
      segments_.push_back(std::move(s));
    }
  }

  std::vector<LessonSegment> take() {
    for (LessonSegment& s : segments_) s.segment.context = segment_context(lesson_.id, segment_role(s));
    return std::move(segments_);
  }

 private:
  const Lesson& lesson_;
  std::vector<LessonSegment> segments_;
};

}  // namespace

std::vector<LessonSegment> lesson_segments(const Lesson& lesson) {
  SegmentCollector collect(lesson);
  collect.front_matter(TextField::title());
  collect.front_matter(TextField::summary());
  for (std::size_t i = 0; i < collect.count("/objectives"); ++i) collect.front_matter(TextField::objective(i));
  if (lesson.front_matter) {
    const auto& screens = lesson.front_matter->value().value("screens", nlohmann::ordered_json());
    if (screens.is_object())
      for (const auto& [name, screen] : screens.items())
        if (screen.is_object()) collect.front_matter(TextField::screen_label(name));
    const auto& quiz = lesson.front_matter->value().value("quiz", nlohmann::ordered_json());
    if (quiz.is_array())
      for (std::size_t q = 0; q < quiz.size(); ++q) {
        collect.front_matter(TextField::quiz_question(q));
        const auto& choices = quiz[q].is_object() ? quiz[q].value("choices", nlohmann::ordered_json()) : nlohmann::ordered_json();
        if (choices.is_array())
          for (std::size_t c = 0; c < choices.size(); ++c) collect.front_matter(TextField::quiz_choice(q, c));
      }
  }
  collect.body();
  return collect.take();
}

SegmentRole segment_role(const LessonSegment& s) {
  if (s.origin == LessonSegment::Origin::front_matter) {
    switch (s.field.kind) {
      case TextField::Kind::title: return SegmentRole::title;
      case TextField::Kind::summary: return SegmentRole::summary;
      case TextField::Kind::objective: return SegmentRole::objective;
      case TextField::Kind::screen_label: return SegmentRole::picture_label;
      case TextField::Kind::quiz_question: return SegmentRole::quiz_question;
      case TextField::Kind::quiz_choice: return SegmentRole::quiz_choice;
    }
  }
  if (s.block_kind == MarkdownBlock::Kind::heading) return SegmentRole::heading;
  return s.list_item ? SegmentRole::list_item : SegmentRole::paragraph;
}

std::vector<std::vector<std::size_t>> body_units(const Lesson& lesson, const std::vector<LessonSegment>& segments) {
  const auto blocks = markdown_blocks(*lesson.markdown);
  std::vector<std::size_t> unit_of(blocks.size());
  std::size_t units = 1;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    if (blocks[i].kind == MarkdownBlock::Kind::heading && blocks[i].level == 2) ++units;
    unit_of[i] = units - 1;
  }
  std::vector<std::vector<std::size_t>> unit_segments(units);
  for (std::size_t i = 0; i < segments.size(); ++i)
    if (segments[i].origin == LessonSegment::Origin::body) unit_segments[unit_of[segments[i].block]].push_back(i);
  return unit_segments;
}

std::string unit_source_text(const std::vector<LessonSegment>& segments, const std::vector<std::size_t>& unit) {
  std::string text;
  for (std::size_t i : unit) text += segments[i].segment.text + "\n\n";
  return text;
}

std::string segment_context(const std::string& lesson_id, SegmentRole role) {
  const char* word = "paragraph";
  switch (role) {
    case SegmentRole::title: word = "title"; break;
    case SegmentRole::summary: word = "summary"; break;
    case SegmentRole::objective: word = "objective"; break;
    case SegmentRole::picture_label: word = "label"; break;
    case SegmentRole::quiz_question: word = "quiz-question"; break;
    case SegmentRole::quiz_choice: word = "quiz-choice"; break;
    case SegmentRole::heading: word = "heading"; break;
    case SegmentRole::paragraph: word = "paragraph"; break;
    case SegmentRole::list_item: word = "list-item"; break;
  }
  return lesson_id + "|" + word;
}

// In Vietnamese, which every translator of a pack reads (the lessons are
// written in it), then in English.
std::string segment_role_comment(const LessonSegment& s, const Lesson&) {
  if (s.origin == LessonSegment::Origin::front_matter) {
    switch (s.field.kind) {
      case TextField::Kind::title:
        return "Tên bài học / Title of the lesson";
      case TextField::Kind::summary:
        return "Tóm tắt bài học, hiện trong danh sách bài / Summary of the lesson, shown in the list of lessons";
      case TextField::Kind::objective:
        return "Một mục tiêu của bài: người học sẽ làm được gì / One of the lesson's objectives: what the learner "
               "will be able to do";
      case TextField::Kind::screen_label:
        return fmt::format("Nhãn vẽ trên hình: nhiều nhất {0} ký tự / Label drawn on a picture: at most {0} characters",
                           kPictureLabelMaxCharacters);
      case TextField::Kind::quiz_question:
        return "Một câu hỏi kiểm tra / A quiz question";
      case TextField::Kind::quiz_choice:
        return "Một câu trả lời để chọn của câu hỏi kiểm tra / A choice of a quiz question";
    }
  }
  if (s.block_kind == MarkdownBlock::Kind::heading)
    return s.heading_level == 2
               ? "Tiêu đề của một bước: việc người học làm ở bước đó / Heading of a step: what the learner does in it"
               : "Tiêu đề nhỏ trong một bước / Heading inside a step";
  if (s.in_step)
    return s.list_item ? "Một ý trong danh sách của một bước / List item of a step"
                       : "Đoạn văn của một bước / Paragraph of a step";
  return s.list_item ? "Một ý trong danh sách ở phần mở đầu của bài / List item of the lesson's introduction"
                     : "Đoạn văn ở phần mở đầu của bài / Paragraph of the lesson's introduction";
}

std::string segment_reference_file(const Pack& pack, const Lesson& lesson) {
  return (lesson.folder / "lesson.md")
      .lexically_relative(std::filesystem::weakly_canonical(pack.content_root).parent_path())
      .generic_string();
}

}  // namespace hocso
