#pragma once
// A translatable front-matter text of a lesson, named by what it is: where a
// translation is written (set_text) and what a page marks when the text is
// shown in another language. Its RFC 6901 pointer is only for messages and the
// records a bundle carries.

#include <compare>
#include <cstddef>
#include <string>

namespace hocso {

struct Lesson;

struct TextField {
  enum class Kind { title, summary, objective, screen_label, quiz_question, quiz_choice };
  Kind kind = Kind::title;
  std::size_t index = 0;   // objective i; quiz question q (of its question or choice)
  std::size_t choice = 0;  // quiz_choice: choice c of question `index`
  std::string screen;      // screen_label: the `screens:` entry name ("screens/a.png")

  static TextField title() { return {Kind::title, 0, 0, {}}; }
  static TextField summary() { return {Kind::summary, 0, 0, {}}; }
  static TextField objective(std::size_t i) { return {Kind::objective, i, 0, {}}; }
  static TextField screen_label(std::string screen) { return {Kind::screen_label, 0, 0, std::move(screen)}; }
  static TextField quiz_question(std::size_t q) { return {Kind::quiz_question, q, 0, {}}; }
  static TextField quiz_choice(std::size_t q, std::size_t c) { return {Kind::quiz_choice, q, c, {}}; }

  auto operator<=>(const TextField&) const = default;

  // Where it is in the front matter, as an RFC 6901 pointer ("/title",
  // "/screens/screens~1a.png/label", "/quiz/0/choices/1").
  std::string pointer() const;
};

// Writes `text` into `field` of `lesson` (a translated copy); a field the
// lesson does not have (an objective past its last) is left alone.
void set_text(Lesson& lesson, const TextField& field, std::string text);

}  // namespace hocso
