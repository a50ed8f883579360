#pragma once
// The writer's rule that one step fits one screen ([step-too-long]): the
// viewer shows a step's heading, its text, its picture and Previous/Next
// together, so a step's text has a budget of characters that depends on the
// screen the profile is for and on whether the step has a picture
// (docs/writers.md, "One step, one screen").

#include <cstddef>
#include <string>

#include "diagnostics.h"
#include "model.h"

namespace hocso {

// A label drawn on a picture (`screens: {…: {label: …}}`) is one or two short
// lines over the screenshot: longer ones cover the app's screen and shrink on a
// phone. Translations longer than this (and than their source) are warned
// about [label-too-long]; the translators' catalogs say so beside each label.
inline constexpr std::size_t kPictureLabelMaxCharacters = 40;

struct StepBudget {
  std::size_t with_picture = 0;     // characters of text beside or above a picture
  std::size_t without_picture = 0;  // characters of text alone on the screen
};

// The budget for a profile whose pictures are `max_width` pixels wide (0 when
// the profile does not say): up to 1000 a phone (360×640, text above the
// picture), wider a landscape tablet or kiosk (the picture beside the text).
StepBudget step_budget(int max_width);
// The budget for `profile`, from its `max_width` as far as the pack says.
StepBudget step_budget(const Profile& profile);

// Warns [step-too-long] at each step of `lesson` (as shown in `lang`: the
// source or a translation) whose text is over `budget`, naming the lesson
// file, the step's line, number and title, the language and the profile, at
// the severity the pack sets (`severities`).
void check_step_fit(const Lesson& lesson, const std::string& lang, const StepBudget& budget, const std::string& profile,
                    const CheckSeverities& severities, Diagnostics& diagnostics);

}  // namespace hocso
