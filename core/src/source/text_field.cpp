#include "text_field.h"

#include <nlohmann/json.hpp>

#include "model.h"

namespace hocso {

std::string TextField::pointer() const {
  using Pointer = nlohmann::json::json_pointer;
  switch (kind) {
    case Kind::title: return "/title";
    case Kind::summary: return "/summary";
    case Kind::objective: return (Pointer("/objectives") / index).to_string();
    case Kind::screen_label: return (Pointer("/screens") / screen / "label").to_string();
    case Kind::quiz_question: return (Pointer("/quiz") / index / "question").to_string();
    case Kind::quiz_choice: return (Pointer("/quiz") / index / "choices" / choice).to_string();
  }
  return "";
}

void set_text(Lesson& lesson, const TextField& field, std::string text) {
  switch (field.kind) {
    case TextField::Kind::title: lesson.title = std::move(text); return;
    case TextField::Kind::summary: lesson.summary = std::move(text); return;
    case TextField::Kind::objective:
      if (field.index < lesson.objectives.size()) lesson.objectives[field.index] = std::move(text);
      return;
    case TextField::Kind::screen_label: lesson.screen_labels[field.screen] = std::move(text); return;
    case TextField::Kind::quiz_question:
      if (field.index < lesson.quiz.size()) lesson.quiz[field.index].question = std::move(text);
      return;
    case TextField::Kind::quiz_choice:
      if (field.index < lesson.quiz.size() && field.choice < lesson.quiz[field.index].choices.size())
        lesson.quiz[field.index].choices[field.choice] = std::move(text);
      return;
  }
}

}  // namespace hocso
