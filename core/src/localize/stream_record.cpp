#include "stream_record.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "build_inputs.h"
#include "hashing.h"
#include "message_language.h"
#include "parallel.h"

namespace hocso {

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

constexpr std::string_view kKind = "stream-record";
// Bump when the record's meaning changes: older records are then ignored.
// The text: a first line {"format": N, "context": "..."}, then a line a lesson,
// its id, a tab and lesson_json(); a lesson recalled unchanged is written
// again as the line it was read from.
constexpr int kFormat = 3;

// Every field of the types below is written and read through the
// NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE lines further down. A field added to one
// of these types must be added there too, or a recalled lesson would lack it:
// the sizes are checked where they are known (libstdc++ on x86-64).
#if defined(__GLIBCXX__) && defined(__x86_64__) && _GLIBCXX_USE_CXX11_ABI && !defined(_GLIBCXX_DEBUG)
static_assert(sizeof(Location) == 40, "a field added to Location: record it here");
static_assert(sizeof(LessonSummary) == 312, "a field added to LessonSummary: record it here");
static_assert(sizeof(TextField) == 56, "a field added to TextField: record it here");
static_assert(sizeof(ShownUnit) == 64 && sizeof(ShownField) == 120, "a field added: record it here");
static_assert(sizeof(LessonLocalization) == 64 && sizeof(Coverage) == 12, "a field added: record it here");
static_assert(sizeof(Diagnostic) == 112, "a field added to Diagnostic: record it here");
#endif

// A value the record holds that no type may have (an enum out of range):
// the record is of another shape and every lesson is read.
void check_recalled(const RecalledLesson& lesson) {
  const auto in_range = [](auto value, auto last) { return value >= decltype(value){} && value <= last; };
  for (const auto& d : lesson.diagnostics)
    if (!in_range(d.severity, Severity::error)) throw std::invalid_argument("a diagnostic of no known severity");
  for (const auto& [language, translation] : lesson.translations)
    for (const auto& f : translation.shown.fields)
      if (!in_range(f.field.kind, TextField::Kind::quiz_choice)) throw std::invalid_argument("a text field of no known kind");
}

}  // namespace

// nlohmann's to_json/from_json of the recorded types: found by argument-
// dependent lookup, so in namespace hocso. Nothing else in hocso converts these
// types to JSON (one definition each).
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Location, file, line, column)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Diagnostic, severity, where, message, check_id)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(LessonSummary, id, folder, markdown_path, listed_at, source_sha256,
                                   body_first_line, title, summary, level, duration_minutes, requires_ids)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TextField, kind, index, choice, screen)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ShownUnit, language, source_sha256)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ShownField, field, language, source_sha256)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Coverage, translated, fuzzy, missing)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(LessonLocalization, units, fields, coverage)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(LocalizedSummary, lesson, shown)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(RecalledLesson, inputs, summary, translations, diagnostics, excerpts, memos)

namespace {

Json lesson_json(const RecalledLesson& lesson) { return lesson; }

RecalledLesson lesson_from(const Json& j) {
  auto lesson = j.get<RecalledLesson>();
  check_recalled(lesson);
  return lesson;
}

}  // namespace

std::string recalled_lesson_json(const RecalledLesson& lesson) { return lesson_json(lesson).dump(); }

std::optional<RecalledLesson> recalled_lesson_from_json(std::string_view text) {
  const Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  try {
    return lesson_from(j);
  } catch (const std::exception&) {  // nlohmann's, or a value out of range
    return std::nullopt;
  }
}

StreamRecord::StreamRecord(const Pack& pack, const StreamRecordSetup& setup, const std::vector<const Profile*>& fit)
    : pack_(pack), cache_(setup.cache), sources_(setup.cache) {
  if (!cache_) return;
  std::error_code ec;
  key_ = to_hex(sha256(fmt::format("hocso stream record\n{}\n{}", fs::absolute(pack.pack_file, ec).string(),
                                   setup.purpose)));
  // What every lesson's read depends on besides its own files.
  std::vector<std::string> settings{
      "stream record", "hocso " HOCSO_VERSION, "purpose " + setup.purpose,
      "pack " + fs::absolute(pack.pack_file, ec).string() + " " + pack.version,
      "current folder " + fs::current_path(ec).string(), "messages " + message_language(),
      fmt::format("day {}", std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())
                                .time_since_epoch()
                                .count())};
  for (const Profile* profile : fit) settings.push_back("fit " + profile->name);
  std::vector<fs::path> tools = setup.tools;
  if (fs::path catalog = message_catalog(); !catalog.empty()) tools.push_back(std::move(catalog));
  context_ = build_inputs_digest(pack, tools, settings, setup.out_dir, sources_);

  const std::optional<std::string> text = cache_->find(kKind, key_);
  if (!text) return;
  const std::string_view all = *text;
  const std::size_t first_end = all.find('\n');
  const Json head = Json::parse(all.substr(0, first_end), nullptr, /*allow_exceptions=*/false);
  if (first_end == std::string_view::npos || !head.is_object() || head.value("format", 0) != kFormat ||
      head.value("context", "") != context_)
    return;
  std::vector<std::string_view> lines;
  for (std::size_t at = first_end + 1; at < all.size();) {
    const std::size_t end = std::min(all.find('\n', at), all.size());
    lines.push_back(all.substr(at, end - at));
    at = end + 1;
  }
  // Parsing is most of the time a record takes to read: on every core.
  std::vector<std::optional<RecalledLesson>> parsed(lines.size());
  parallel_for(lines.size(), std::max(1u, std::thread::hardware_concurrency()), [&](std::size_t i) {
    const std::size_t tab = lines[i].find('\t');
    if (tab != std::string_view::npos) parsed[i] = recalled_lesson_from_json(lines[i].substr(tab + 1));
  });
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!parsed[i]) {  // a record of another shape: every lesson is read
      found_.clear();
      return;
    }
    const std::string id(lines[i].substr(0, lines[i].find('\t')));
    found_.insert_or_assign(id, Found{std::move(*parsed[i]), std::string(lines[i])});
  }
}

std::string StreamRecord::inputs_of(const std::string& id) {
  return cache_ ? lesson_inputs_digest(pack_, id, sources_) : std::string();
}

const RecalledLesson* StreamRecord::find(const std::string& id, const std::string& inputs) const {
  auto it = found_.find(id);
  if (it == found_.end() || inputs.empty() || it->second.lesson.inputs != inputs || it->second.lesson.summary.id != id)
    return nullptr;
  return &it->second.lesson;
}

void StreamRecord::keep(const std::string& id, const RecalledLesson& lesson, bool recalled) {
  if (!cache_) return;
  if (recalled) {
    const auto it = found_.find(id);
    if (it != found_.end() && &it->second.lesson == &lesson) {  // its line as read
      kept_.push_back(it->second.line);
      ++kept_recalled_;
      return;
    }
  }
  kept_.push_back(id + '\t' + lesson_json(lesson).dump());
}

void StreamRecord::save() {
  if (!cache_) return;
  sources_.save();
  if (kept_recalled_ == kept_.size() && kept_.size() == found_.size()) return;  // the record it read, unchanged
  std::string text = Json{{"format", kFormat}, {"context", context_}}.dump();
  std::size_t size = text.size() + 1;
  for (const auto& line : kept_) size += line.size() + 1;
  text.reserve(size);
  for (const auto& line : kept_) (text += '\n') += line;
  text += '\n';
  cache_->store(kKind, key_, text);
}

}  // namespace hocso
