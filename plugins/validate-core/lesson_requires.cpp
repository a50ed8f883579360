#include "lesson_requires.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "json_pointer.h"
#include "lesson_ids.h"
#include "hocso/messages.h"

namespace validate_core {

LessonRequires read_requires(const hocso::LessonView& lesson, const nlohmann::json& front_matter) {
  LessonRequires result;
  result.id = lesson.id;
  const nlohmann::json* list = node_at(front_matter, "/requires");
  if (!list || !list->is_array()) return result;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const nlohmann::json& entry = (*list)[i];
    if (!entry.is_string() || !is_valid_id(entry.get_ref<const std::string&>())) continue;
    result.required_ids.push_back(entry.get<std::string>());
    result.where.push_back(lesson.front_matter->locate(child_pointer("/requires", i)));
  }
  return result;
}

std::string requires_memo(const LessonRequires& lesson) {
  nlohmann::json where = nlohmann::json::array();
  for (const auto& w : lesson.where) where.push_back({w.file, w.line, w.column});
  return nlohmann::json{{"id", lesson.id}, {"requires", lesson.required_ids}, {"where", where}}.dump();
}

std::optional<LessonRequires> requires_from_memo(std::string_view memo) {
  const nlohmann::json j = nlohmann::json::parse(memo, nullptr, false);
  try {
    LessonRequires lesson{j.at("id").get<std::string>(), j.at("requires").get<std::vector<std::string>>(), {}};
    for (const auto& w : j.at("where"))
      lesson.where.push_back({w.at(0).get<std::string>(), w.at(1).get<int>(), w.at(2).get<int>()});
    if (lesson.where.size() != lesson.required_ids.size()) return std::nullopt;
    return lesson;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

void check_requires_known(const LessonRequires& lesson, const std::set<std::string>& pack_lesson_ids,
                          Findings& findings) {
  for (std::size_t i = 0; i < lesson.required_ids.size(); ++i) {
    const std::string& required = lesson.required_ids[i];
    if (pack_lesson_ids.count(required)) continue;
    findings.error(lesson.where[i],
                   "requires '" + required + "', which is not a lesson of this pack", "requires-unknown");
  }
}

void check_requires_order(const LessonRequires& lesson, const std::vector<std::string>& listed, Findings& findings) {
  const auto own = std::find(listed.begin(), listed.end(), lesson.id);
  if (own == listed.end()) return;
  for (std::size_t i = 0; i < lesson.required_ids.size(); ++i) {
    const std::string& required = lesson.required_ids[i];
    if (std::find(own + 1, listed.end(), required) == listed.end() || std::find(listed.begin(), own, required) != own)
      continue;  // earlier (or unknown, or itself: the other checks say so)
    findings.warning(lesson.where[i],
                     fmt::format(fmt::runtime(hocso::_("requires '{required}', which comes later in the pack; "
                                                       "learners take lessons in pack order: list '{required}' "
                                                       "before '{lesson}' in the pack's lessons:")),
                                 fmt::arg("required", required), fmt::arg("lesson", lesson.id)),
                     "requires-later");
  }
}

void check_requires_cycles(const std::vector<LessonRequires>& lessons, Findings& findings) {
  std::map<std::string, std::size_t> index_of;
  for (std::size_t i = 0; i < lessons.size(); ++i) index_of.emplace(lessons[i].id, i);

  // Iterative depth-first search; a "grey" lesson is on the current path, so an
  // edge to one closes a cycle.
  enum class Mark { unvisited, on_path, done };
  std::vector<Mark> mark(lessons.size(), Mark::unvisited);
  struct Frame {
    std::size_t lesson;
    std::size_t next_edge = 0;
  };
  for (std::size_t start = 0; start < lessons.size(); ++start) {
    if (mark[start] != Mark::unvisited) continue;
    std::vector<Frame> path{{start}};
    mark[start] = Mark::on_path;
    while (!path.empty()) {
      Frame& frame = path.back();
      const LessonRequires& lesson = lessons[frame.lesson];
      if (frame.next_edge == lesson.required_ids.size()) {
        mark[frame.lesson] = Mark::done;
        path.pop_back();
        continue;
      }
      const std::size_t edge = frame.next_edge++;
      auto target = index_of.find(lesson.required_ids[edge]);
      if (target == index_of.end()) continue;  // unknown: reported by check_requires_known
      const std::size_t next = target->second;
      if (mark[next] == Mark::unvisited) {
        mark[next] = Mark::on_path;
        path.push_back({next});
      } else if (mark[next] == Mark::on_path) {
        std::string cycle;
        bool in_cycle = false;
        for (const Frame& step : path) {
          in_cycle = in_cycle || step.lesson == next;
          if (in_cycle) cycle += lessons[step.lesson].id + " → ";
        }
        cycle += lessons[next].id;
        findings.error(lesson.where[edge],
                       "lessons require each other in a cycle: " + cycle + "; remove one of these requires",
                       "requires-cycle");
      }
    }
  }
}

}  // namespace validate_core
