#pragma once
// hocso preview's additions to the viewer's pages: its own script and style
// (assets/preview.js, preview.css: no bundle has them), the box listing the
// page's problems, and the data its script needs (the page's name and
// version, the pictures' overlays for the rectangle picker). Everything that
// comes from the sources goes in escaped (escape_html): no markup or script
// from a lesson, a catalog or a diagnostic reaches a page as such.

#include <cstdint>
#include <string>
#include <vector>

#include "hocso/diagnostic.h"

namespace hocso::preview {

// One diagnostic as the terminal shows it (compiler style, with its source
// line and caret).
struct ShownProblem {
  Severity severity = Severity::error;
  std::string text;
};

// A lesson named in an index's problem box, with its own count.
struct LessonWithProblems {
  std::string href;   // "vi/cai-dat-vneid.html", relative to the page
  std::string title;
  int errors = 0, warnings = 0;
};

struct ProblemBox {
  enum class Kind { lesson, pack } kind = Kind::lesson;
  std::vector<ShownProblem> problems;
  std::vector<LessonWithProblems> lessons;  // pack: the lessons that have problems
  // A lesson whose last read failed: what the page shows is the read before
  // (`stale`), or nothing (`missing`).
  bool stale = false, missing = false;
};

// The box, or "" when it has nothing to say.
std::string problem_box_html(const ProblemBox& box);

struct PreviewParts {
  std::string page;            // the page's entry name: "vi/cai-dat-vneid.html"
  std::uint64_t version = 0;   // the generation its content last changed in
  std::string screens_json = "{}";  // the pictures' overlays, by picture URL (preview.js reads it)
  std::string problems_html;   // problem_box_html()
};

// `html` (a page as render.h makes it; its assets at `assets`, "../" or "")
// with the preview's additions: its stylesheet and script after the
// viewer's, then at the start of the body its data and the problem box.
std::string with_preview(const std::string& html, const std::string& assets, const PreviewParts& parts);

// A page for a lesson that could not be read and has no earlier pages: its id,
// a way back to the list, and room for the problem box.
std::string unreadable_lesson_page(const std::string& lang, const std::string& lesson_id);

// "1 lỗi và 2 cảnh báo", "1 lỗi", "2 cảnh báo" ("" for none).
std::string problem_count_text(int errors, int warnings);

}  // namespace hocso::preview
