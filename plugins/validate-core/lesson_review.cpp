#include "lesson_review.h"

#include <optional>
#include <string>

#include <fmt/format.h>

#include "hocso/messages.h"
#include "json_pointer.h"
#include "message_text.h"

namespace validate_core {

using hocso::N_;

namespace {

// "YYYY-MM-DD" as a calendar day; nullopt for any other shape or a day that
// does not exist.
std::optional<std::chrono::year_month_day> parse_day(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (int i = 0; i < lengths[p]; ++i) {
      const char c = text[starts[p] + i];
      if (c < '0' || c > '9') return std::nullopt;
      parts[p] = parts[p] * 10 + (c - '0');
    }
  }
  const std::chrono::year_month_day day{std::chrono::year{parts[0]}, std::chrono::month{static_cast<unsigned>(parts[1])},
                                        std::chrono::day{static_cast<unsigned>(parts[2])}};
  if (!day.ok()) return std::nullopt;
  return day;
}

}  // namespace

void check_reviewed_date(const hocso::LessonView& lesson, const nlohmann::json& front_matter,
                         std::chrono::sys_days today, Findings& findings) {
  const nlohmann::json* reviewed = node_at(front_matter, "/reviewed");
  if (!reviewed || !reviewed->is_string()) return;
  const std::string& text = reviewed->get_ref<const std::string&>();
  const std::optional<std::chrono::year_month_day> day = parse_day(text);
  const char* message = nullptr;
  if (!day) message = N_("reviewed: {value} is not a day of the calendar written YYYY-MM-DD, like 2026-12-02");
  else if (std::chrono::sys_days{*day} > today)
    message = N_("reviewed: {value} is later than today; write the day the facts were checked");
  else
    return;
  findings.error(lesson.front_matter->locate("/reviewed"),
                 fmt::format(fmt::runtime(hocso::_(message)), fmt::arg("value", in_quotes(text))), "reviewed-date");
  findings.claim(lesson.front_matter, "/reviewed");
}

}  // namespace validate_core
