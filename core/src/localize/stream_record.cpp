#include "stream_record.h"

#include <chrono>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "build_inputs.h"
#include "hashing.h"
#include "message_language.h"

namespace hocso {

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

constexpr std::string_view kKind = "stream-record";
constexpr int kFormat = 1;  // bump when the record's meaning changes: older records are then ignored

// Every field of the records below is written and read here. A field added to
// one of these types must be added here too, or a recalled lesson would lack
// it: the sizes are checked where they are known (libstdc++ on x86-64).
#if defined(__GLIBCXX__) && defined(__x86_64__) && _GLIBCXX_USE_CXX11_ABI && !defined(_GLIBCXX_DEBUG)
static_assert(sizeof(Location) == 40, "a field added to Location: record it here");
static_assert(sizeof(LessonSummary) == 312, "a field added to LessonSummary: record it here");
static_assert(sizeof(TextField) == 56, "a field added to TextField: record it here");
static_assert(sizeof(ShownUnit) == 64 && sizeof(ShownField) == 120, "a field added: record it here");
static_assert(sizeof(LessonLocalization) == 64 && sizeof(Coverage) == 12, "a field added: record it here");
static_assert(sizeof(Diagnostic) == 112, "a field added to Diagnostic: record it here");
#endif

Json location_json(const Location& l) { return Json::array({l.file, l.line, l.column}); }
Location location_from(const Json& j) { return {j.at(0).get<std::string>(), j.at(1).get<int>(), j.at(2).get<int>()}; }

Json summary_json(const LessonSummary& s) {
  return Json{{"id", s.id},
              {"folder", s.folder.string()},
              {"markdown_path", s.markdown_path},
              {"listed_at", location_json(s.listed_at)},
              {"source_sha256", s.source_sha256},
              {"body_first_line", s.body_first_line},
              {"title", s.title},
              {"summary", s.summary},
              {"level", s.level},
              {"duration_minutes", s.duration_minutes},
              {"requires_ids", s.requires_ids}};
}

LessonSummary summary_from(const Json& j) {
  LessonSummary s;
  s.id = j.at("id").get<std::string>();
  s.folder = j.at("folder").get<std::string>();
  s.markdown_path = j.at("markdown_path").get<std::string>();
  s.listed_at = location_from(j.at("listed_at"));
  s.source_sha256 = j.at("source_sha256").get<std::string>();
  s.body_first_line = j.at("body_first_line").get<int>();
  s.title = j.at("title").get<std::string>();
  s.summary = j.at("summary").get<std::string>();
  s.level = j.at("level").get<std::string>();
  s.duration_minutes = j.at("duration_minutes").get<int>();
  s.requires_ids = j.at("requires_ids").get<std::vector<std::string>>();
  return s;
}

Json field_json(const TextField& f) {
  return Json::array({static_cast<int>(f.kind), f.index, f.choice, f.screen});
}

TextField field_from(const Json& j) {
  const int kind = j.at(0).get<int>();
  if (kind < 0 || kind > static_cast<int>(TextField::Kind::quiz_choice)) throw std::invalid_argument("a text field of no known kind");
  return {static_cast<TextField::Kind>(kind), j.at(1).get<std::size_t>(), j.at(2).get<std::size_t>(),
          j.at(3).get<std::string>()};
}

Json localization_json(const LessonLocalization& l) {
  Json units = Json::array(), fields = Json::array();
  for (const auto& u : l.units) units.push_back(Json::array({u.language, u.source_sha256}));
  for (const auto& f : l.fields) fields.push_back(Json::array({field_json(f.field), f.language, f.source_sha256}));
  return Json{{"units", units},
              {"fields", fields},
              {"coverage", Json::array({l.coverage.translated, l.coverage.fuzzy, l.coverage.missing})}};
}

LessonLocalization localization_from(const Json& j) {
  LessonLocalization l;
  for (const auto& u : j.at("units")) l.units.push_back({u.at(0).get<std::string>(), u.at(1).get<std::string>()});
  for (const auto& f : j.at("fields"))
    l.fields.push_back({field_from(f.at(0)), f.at(1).get<std::string>(), f.at(2).get<std::string>()});
  const Json& c = j.at("coverage");
  l.coverage = {c.at(0).get<int>(), c.at(1).get<int>(), c.at(2).get<int>()};
  return l;
}

Json diagnostic_json(const Diagnostic& d) {
  return Json::array({static_cast<int>(d.severity), location_json(d.where), d.message, d.check_id});
}

Diagnostic diagnostic_from(const Json& j) {
  const int severity = j.at(0).get<int>();
  if (severity < 0 || severity > static_cast<int>(Severity::error)) throw std::invalid_argument("a diagnostic of no known severity");
  return {static_cast<Severity>(severity), location_from(j.at(1)), j.at(2).get<std::string>(),
          j.at(3).get<std::string>()};
}

Json lesson_json(const RecalledLesson& lesson) {
  Json translations = Json::array(), diagnostics = Json::array();
  for (const auto& [language, t] : lesson.translations)
    translations.push_back(Json::array({language, summary_json(t.lesson), localization_json(t.shown)}));
  for (const auto& d : lesson.diagnostics) diagnostics.push_back(diagnostic_json(d));
  return Json{{"inputs", lesson.inputs},           {"summary", summary_json(lesson.summary)},
              {"translations", translations},      {"diagnostics", diagnostics},
              {"excerpts", lesson.excerpts},       {"memos", lesson.memos}};
}

RecalledLesson lesson_from(const Json& j) {
  RecalledLesson lesson;
  lesson.inputs = j.at("inputs").get<std::string>();
  lesson.summary = summary_from(j.at("summary"));
  for (const auto& t : j.at("translations"))
    lesson.translations.emplace_back(t.at(0).get<std::string>(),
                                     LocalizedSummary{summary_from(t.at(1)), localization_from(t.at(2))});
  for (const auto& d : j.at("diagnostics")) lesson.diagnostics.push_back(diagnostic_from(d));
  lesson.excerpts = j.at("excerpts").get<std::vector<std::string>>();
  lesson.memos = j.at("memos").get<std::vector<std::string>>();
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
  const Json j = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || j.value("format", 0) != kFormat || j.value("context", "") != context_) return;
  try {
    for (const auto& entry : j.at("lessons")) found_.insert_or_assign(entry.at(0).get<std::string>(), lesson_from(entry.at(1)));
  } catch (const std::exception&) {
    found_.clear();  // a record of another shape: every lesson is read
  }
}

std::string StreamRecord::inputs_of(const std::string& id) {
  return cache_ ? lesson_inputs_digest(pack_, id, sources_) : std::string();
}

const RecalledLesson* StreamRecord::find(const std::string& id, const std::string& inputs) const {
  auto it = found_.find(id);
  if (it == found_.end() || inputs.empty() || it->second.inputs != inputs || it->second.summary.id != id)
    return nullptr;
  return &it->second;
}

void StreamRecord::keep(const std::string& id, RecalledLesson lesson, bool recalled) {
  if (!cache_) return;
  kept_.emplace_back(id, std::move(lesson));
  kept_recalled_ += recalled;
}

void StreamRecord::save() {
  if (!cache_) return;
  sources_.save();
  if (kept_recalled_ == kept_.size() && kept_.size() == found_.size()) return;  // the record it read, unchanged
  Json lessons = Json::array();
  for (const auto& [id, lesson] : kept_) lessons.push_back(Json::array({id, lesson_json(lesson)}));
  cache_->store(kKind, key_, Json{{"format", kFormat}, {"context", context_}, {"lessons", lessons}}.dump());
}

}  // namespace hocso
