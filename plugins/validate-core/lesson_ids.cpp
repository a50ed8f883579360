#include "lesson_ids.h"

#include <algorithm>
#include <map>
#include <vector>

#include <fmt/format.h>

#include "hocso/messages.h"
#include "json_pointer.h"
#include "message_text.h"

namespace validate_core {

namespace {

constexpr std::size_t kMaxIdLength = 64;

hocso::Location pack_location(const hocso::PackView& pack, const std::string& pointer) {
  if (pack.document) return pack.document->locate(pointer);
  return {pack.pack_path, 0, 0};
}

}  // namespace

bool is_reserved_device_name(std::string_view id) {
  for (std::string_view name : {"con", "prn", "aux", "nul"})
    if (id == name) return true;
  return id.size() == 4 && (id.starts_with("com") || id.starts_with("lpt")) && id[3] >= '1' && id[3] <= '9';
}

bool is_valid_id(std::string_view id) {
  if (is_reserved_device_name(id)) return false;
  if (id.empty() || id.size() > kMaxIdLength || id.front() == '-' || id.back() == '-') return false;
  char previous = '\0';
  for (char c : id) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!allowed || (c == '-' && previous == '-')) return false;
    previous = c;
  }
  return true;
}

std::string invalid_lesson_id_message(std::string_view id) {
  // The same messages as the host's pack loader: the two reports merge into one.
  const char* message =
      is_reserved_device_name(id)
          ? hocso::N_("lesson id {id} is not valid: Windows keeps this name for a device (con, prn, aux, nul, "
                      "com1-com9, lpt1-lpt9), so a bundle unzipped there would lose the lesson; choose another id")
      : id.find_first_of("/\\") != std::string_view::npos || id == "." || id == ".."
          ? hocso::N_("lesson id {id} is not valid: it is a folder name, never a path; use lowercase letters a-z, "
                      "digits 0-9 and single hyphens, like cai-dat-vneid")
          : hocso::N_("lesson id {id} is not valid: use lowercase letters a-z, digits 0-9 and single hyphens, like "
                      "cai-dat-vneid");
  return fmt::format(fmt::runtime(hocso::_(message)), fmt::arg("id", in_quotes(id)));
}

namespace {

// The pointer of each listed id: the host lists only the text items of
// `lessons:`, so the k-th listed id is the k-th text item, not always item k.
std::vector<std::string> listed_pointers(const hocso::PackView& pack, const nlohmann::json* pack_document) {
  std::vector<std::string> pointers;
  const nlohmann::json* list = pack_document ? node_at(*pack_document, "/lessons") : nullptr;
  for (std::size_t i = 0; list && list->is_array() && i < list->size(); ++i) {
    const nlohmann::json& item = (*list)[i];
    const std::size_t k = pointers.size();
    if (item.is_string() && k < pack.listed_lesson_ids.size() && item == pack.listed_lesson_ids[k])
      pointers.push_back(child_pointer("/lessons", i));
  }
  if (pointers.size() != pack.listed_lesson_ids.size()) {  // a host that lists differently
    pointers.clear();
    for (std::size_t i = 0; i < pack.listed_lesson_ids.size(); ++i) pointers.push_back(child_pointer("/lessons", i));
  }
  return pointers;
}

}  // namespace

void check_listed_lessons(const hocso::PackView& pack, const nlohmann::json* pack_document,
                          Findings& findings, std::set<std::string>& invalid_ids) {
  const std::vector<std::string> pointers = listed_pointers(pack, pack_document);
  std::map<std::string, std::size_t> first_listed;
  for (std::size_t i = 0; i < pack.listed_lesson_ids.size(); ++i) {
    const std::string& id = pack.listed_lesson_ids[i];
    const std::string& pointer = pointers[i];
    if (!is_valid_id(id)) {
      if (invalid_ids.insert(id).second) {
        findings.error(pack_location(pack, pointer), invalid_lesson_id_message(id), "lesson-id-invalid");
      }
      findings.claim(pack.document, pointer);
      continue;
    }
    auto [first, inserted] = first_listed.emplace(id, i);
    if (!inserted) {
      const hocso::Location first_at = pack_location(pack, pointers[first->second]);
      std::string message = "lesson '" + id + "' is listed twice in the pack";
      if (first_at.line > 0) message += " (first on line " + std::to_string(first_at.line) + ")";
      findings.error(pack_location(pack, pointer), message + "; list each lesson once", "lesson-listed-twice");
      findings.claim(pack.document, pointer);
    }
  }
}

void check_front_matter_id(const hocso::LessonView& lesson, const nlohmann::json& front_matter,
                           Findings& findings) {
  const nlohmann::json* id = node_at(front_matter, "/id");
  if (!id || !id->is_string()) return;  // missing or not text: the schema check says so
  const std::string& value = id->get_ref<const std::string&>();
  if (!is_valid_id(value)) {
    findings.error(lesson.front_matter->locate("/id"), invalid_lesson_id_message(value), "lesson-id-invalid");
    findings.claim(lesson.front_matter, "/id");
  } else if (value != lesson.id) {
    findings.error(lesson.front_matter->locate("/id"),
                   "lesson id '" + value + "' does not match its folder name '" + lesson.id +
                       "'; rename the folder or change the id",
                   "lesson-id-mismatch");
  }
}

void check_source_language_listed(const hocso::PackView& pack, const nlohmann::json& pack_document,
                                  Findings& findings) {
  const nlohmann::json* source = node_at(pack_document, "/source_language");
  const nlohmann::json* languages = node_at(pack_document, "/languages");
  if (!source || !source->is_string() || !languages || !languages->is_array()) return;
  if (std::find(languages->begin(), languages->end(), *source) != languages->end()) return;
  findings.error(pack_location(pack, "/languages"),
                 "languages must include the source language " + in_quotes(source->get<std::string>()),
                 "languages-missing-source");
}

}  // namespace validate_core
