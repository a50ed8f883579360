#include "step_fit.h"

#include <fmt/format.h>

#include "markdown.h"
#include "schema_limits.h"
#include "hocso/messages.h"

namespace hocso {

StepBudget step_budget(int max_width) {
  // Phone, 360×640 at 18 px: about 36 characters a line, and 530 px between
  // the top row and the bottom bar; a heading of two lines and a picture at
  // least 200 px high leave about nine lines of text.
  if (max_width <= 1000) return {320, 560};
  // Landscape 1280×800 (18 px) and kiosk 1920×1080 (26 px): the text column is
  // half the width, about 65 characters a line and 20 lines.
  return {1100, 1100};
}

StepBudget step_budget(const Profile& profile) {
  int max_width = 0;
  if (profile.settings.is_object())
    if (auto w = profile.settings.find("max_width"); w != profile.settings.end() && w->is_number_integer())
      max_width = w->get<int>();
  return step_budget(max_width);
}

void check_step_fit(const Lesson& lesson, const std::string& lang, const StepBudget& budget, const std::string& profile,
                    const CheckSeverities& severities, Diagnostics& diagnostics) {
  if (!lesson.markdown) return;
  struct Step {
    int line = 0;
    std::string title;
    std::size_t characters = 0;
    bool picture = false;
  };
  std::vector<Step> steps;
  for (const auto& block : markdown_blocks(*lesson.markdown)) {
    if (block.kind == MarkdownBlock::Kind::heading && block.level == 2) {
      steps.push_back({block.line, block.text, 0, false});
      continue;
    }
    if (steps.empty()) continue;  // the intro has a screen of its own
    const ShownMarkdown shown = shown_markdown_text(block.text);
    steps.back().picture = steps.back().picture || shown.images;
    steps.back().characters += code_points(shown.text);
  }
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& step = steps[i];
    const std::size_t limit = step.picture ? budget.with_picture : budget.without_picture;
    if (step.characters <= limit) continue;
    severities.report(diagnostics, {lesson.markdown_path, step.line, 1},
                      fmt::format(fmt::runtime(step.picture
                                                   ? _("step {number} (\"{heading}\") has {count} characters of text "
                                                       "in {lang}, more than fit on one screen of the '{profile}' "
                                                       "profile beside its picture ({limit}): split it into two steps "
                                                       "or shorten it")
                                                   : _("step {number} (\"{heading}\") has {count} characters of text "
                                                       "in {lang}, more than fit on one screen of the '{profile}' "
                                                       "profile ({limit}): split it into two steps or shorten it")),
                                  fmt::arg("number", i + 1), fmt::arg("heading", step.title),
                                  fmt::arg("count", step.characters), fmt::arg("lang", lang),
                                  fmt::arg("profile", profile), fmt::arg("limit", limit)),
                      "step-too-long");
  }
}

}  // namespace hocso
