// validate-core: hocso's standard validation stage. Checks the pack file and each
// lesson's front matter against the JSON Schemas in <hocso data>/schemas, and the
// rules a schema cannot express: ids and folders, lessons listed once, requires
// (known, earlier in the pack, no cycles), images and links of the body, the
// lesson's pictures (overlays inside them, each picture shown), quiz answers,
// the `reviewed:` date.

#include <chrono>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "findings.h"
#include "guarded_validate_stage.h"
#include "hocso/messages.h"
#include "hocso/plugin.h"
#include "json_pointer.h"
#include "lesson_ids.h"
#include "lesson_pictures.h"
#include "lesson_references.h"
#include "lesson_requires.h"
#include "lesson_review.h"
#include "schema_check.h"

namespace validate_core {

namespace fs = std::filesystem;

namespace {

constexpr const char* kStageName = "validate-core";

// The parsed JSON of a document, or nullopt (with a diagnostic) when the host
// gave text that is not JSON.
std::optional<nlohmann::json> parse_document(const hocso::SourceDocument& document, Findings& findings) {
  try {
    return nlohmann::json::parse(document.json());
  } catch (const nlohmann::json::exception& error) {
    findings.error(document.locate(""), std::string("the host passed a document that is not JSON: ") + error.what(),
                   "validate-core-internal");
    return std::nullopt;
  }
}

// Loads a schema; a missing or broken schema is an error (hocso is not installed
// completely) and that document's schema check is skipped.
std::unique_ptr<SchemaCheck> load_schema(hocso::PluginContext& context, const char* file_name) {
  const fs::path path = context.hocso_data_dir() / "schemas" / file_name;
  try {
    return std::make_unique<SchemaCheck>(path);
  } catch (const std::exception& error) {
    context.report({hocso::Severity::error, {path.string(), 0, 0}, error.what(), "schema-unavailable"});
    return nullptr;
  }
}

// validate-core has no settings yet: any key is a warning, located in the pack's
// `plugins:` entry for this stage when there is one.
void check_settings(const hocso::PackView& pack, const nlohmann::json* pack_document,
                    const std::string& settings_json, Findings& findings) {
  std::string settings_pointer;
  if (pack_document) {
    const nlohmann::json* plugins = node_at(*pack_document, "/plugins");
    for (std::size_t i = 0; plugins && plugins->is_array() && i < plugins->size(); ++i) {
      const nlohmann::json* name = node_at((*plugins)[i], "/name");
      if (name && *name == kStageName) {
        settings_pointer = child_pointer(child_pointer("/plugins", i), "settings");
        break;
      }
    }
  }
  auto locate = [&](const std::string& pointer) -> hocso::Location {
    if (pack.document && !settings_pointer.empty()) return pack.document->locate(pointer);
    return {pack.pack_path, 0, 0};
  };
  nlohmann::json settings;
  try {
    settings = nlohmann::json::parse(settings_json.empty() ? "{}" : settings_json);
  } catch (const nlohmann::json::exception&) {
    findings.warning(locate(settings_pointer), hocso::_("the settings of validate-core are not JSON; they are ignored"),
                     "settings-invalid");
    return;
  }
  if (settings.is_null()) return;
  if (!settings.is_object()) {
    findings.warning(locate(settings_pointer),
                     hocso::_("the settings of validate-core must be a mapping; they are ignored"), "settings-invalid");
    return;
  }
  for (const auto& [key, value] : settings.items()) {
    findings.warning(locate(child_pointer(settings_pointer, key)),
                     "validate-core has no setting '" + key + "'; it is ignored", "settings-unknown-key");
  }
}

// Every answer must index one of its question's choices.
void check_quiz_answers(const hocso::LessonView& lesson, const nlohmann::json& front_matter, Findings& findings) {
  const nlohmann::json* quiz = node_at(front_matter, "/quiz");
  if (!quiz || !quiz->is_array()) return;
  for (std::size_t i = 0; i < quiz->size(); ++i) {
    const nlohmann::json& question = (*quiz)[i];
    const nlohmann::json* choices = node_at(question, "/choices");
    const nlohmann::json* answer = node_at(question, "/answer");
    if (!choices || !choices->is_array() || choices->empty() || !answer || !answer->is_number_integer()) continue;
    const auto count = static_cast<long long>(choices->size());
    const long long value = answer->get<long long>();
    if (value >= 0 && value < count) continue;
    const std::string pointer = child_pointer(child_pointer("/quiz", i), "answer");
    findings.error(lesson.front_matter->locate(pointer),
                   fmt::format(fmt::runtime(hocso::_("quiz question {question}: answer {answer} is not one of its {count} "
                                              "choices; answer counts from 0: write 0 for choice 1, up to {last} "
                                              "for choice {count}")),
                               fmt::arg("question", i + 1), fmt::arg("answer", value), fmt::arg("count", count),
                               fmt::arg("last", count - 1)),
                   "quiz-answer-range");
    findings.claim(lesson.front_matter, pointer);
  }
}

// A lesson folder (or its lesson.md) that is a symbolic link is never looked into.
FileChecks check_lesson_folder(const hocso::PackView& pack, const hocso::LessonView& lesson, Findings& findings) {
  if (pack.content_root.empty()) return FileChecks::run;
  const fs::path folder = pack.content_root / "lessons" / lesson.id;
  for (const fs::path& path : {folder, folder / "lesson.md"}) {
    std::error_code error;
    if (fs::is_symlink(fs::symlink_status(path, error))) {
      findings.error({lesson.markdown_path, 0, 0},
                     "'" + path.lexically_relative(pack.content_root).generic_string() +
                         "' is a symbolic link; hocso never follows links in content",
                     "path-symlink");
      return FileChecks::skip;
    }
  }
  return FileChecks::run;
}

// Per-pack state lives here between calls; begin_pack() resets it. No
// PluginContext is kept: each call may get a different one. A throw ends
// validate-core's work on this pack, as it did when one call checked the whole
// pack: later calls would see half-made state.
class ValidateCoreStage final : public hocso::GuardedValidateStage {
 public:
  ValidateCoreStage()
      : GuardedValidateStage(hocso::N_("validate-core stopped early: {what}"), "validate-core-internal") {}

 private:
  void finish(const hocso::PackView&, hocso::PluginContext& context) override {
    check_requires_cycles(requires_graph_, findings_);
    findings_.flush(context);
  }

  void reset() override {
    lesson_schema_.reset();
    findings_ = Findings{};
    invalid_ids_.clear();
    pack_lesson_ids_.clear();
    requires_graph_.clear();
  }

  void start(const hocso::PackView& pack, hocso::PluginContext& context) override {
    const std::unique_ptr<SchemaCheck> pack_schema = load_schema(context, "pack.schema.json");
    lesson_schema_ = load_schema(context, "lesson.schema.json");

    // The pack file.
    std::optional<nlohmann::json> pack_document;
    if (pack.document) pack_document = parse_document(*pack.document, findings_);
    check_settings(pack, pack_document ? &*pack_document : nullptr, context.settings_json(), findings_);
    check_listed_lessons(pack, pack_document ? &*pack_document : nullptr, findings_, invalid_ids_);
    if (pack_document) {
      check_source_language_listed(pack, *pack_document, findings_);
      if (pack_schema) pack_schema->check(*pack.document, *pack_document, DocumentKind::pack, findings_);
    }
    findings_.flush(context);

    // The host loads only listed lessons with valid ids, so the listing is
    // every lesson that links and `requires` may name.
    for (const std::string& id : pack.listed_lesson_ids) {
      if (is_valid_id(id)) pack_lesson_ids_.insert(id);
    }
  }

  void check_lesson(const hocso::PackView& pack, const hocso::LessonView& lesson,
                    hocso::PluginContext& context) override {
    if (!is_valid_id(lesson.id)) {
      // Never follow a path given as an id; the listing check reported it already.
      if (invalid_ids_.insert(lesson.id).second)
        findings_.error({lesson.markdown_path, 0, 0}, invalid_lesson_id_message(lesson.id), "lesson-id-invalid");
      findings_.flush(context);
      return;
    }
    const FileChecks files = check_lesson_folder(pack, lesson, findings_);
    std::optional<nlohmann::json> front_matter;
    if (lesson.front_matter) front_matter = parse_document(*lesson.front_matter, findings_);
    if (front_matter) {
      check_front_matter_id(lesson, *front_matter, findings_);
      check_quiz_answers(lesson, *front_matter, findings_);
      check_reviewed_date(lesson, *front_matter,
                          std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()), findings_);
      LessonRequires requires_list = read_requires(lesson, *front_matter);
      check_requires_known(requires_list, pack_lesson_ids_, findings_);
      check_requires_order(requires_list, pack.listed_lesson_ids, findings_);
      requires_graph_.push_back(std::move(requires_list));
      check_overlay_rectangles(lesson, *front_matter, files, findings_);
      if (lesson_schema_) lesson_schema_->check(*lesson.front_matter, *front_matter, DocumentKind::lesson, findings_);
      if (files == FileChecks::run) check_screens_keys(lesson, *front_matter, findings_);
    } else {
      requires_graph_.push_back({lesson.id, {}, {}});
    }
    check_body_references(lesson, pack_lesson_ids_, files, findings_);
    check_lesson_pictures(lesson, front_matter ? &*front_matter : nullptr, files, findings_);
    findings_.flush(context);
  }

  // What end_pack() needs of a lesson is its `requires:`; nothing else
  // validate_lesson() reports depends on other lessons.
  std::optional<std::string> memo(const hocso::PackView&, const std::string& lesson_id) override {
    if (requires_graph_.empty() || requires_graph_.back().id != lesson_id) return std::nullopt;
    return requires_memo(requires_graph_.back());
  }

  void recall(const hocso::PackView&, const std::string& lesson_id, std::string_view memo,
              hocso::PluginContext&) override {
    std::optional<LessonRequires> recalled = requires_from_memo(memo);
    if (!recalled || recalled->id != lesson_id)
      throw std::runtime_error("the record of lesson " + lesson_id + " cannot be read");
    requires_graph_.push_back(std::move(*recalled));
  }

  std::unique_ptr<SchemaCheck> lesson_schema_;
  Findings findings_;
  std::set<std::string> invalid_ids_;      // reported once per pack
  std::set<std::string> pack_lesson_ids_;  // what links and `requires` may name
  std::vector<LessonRequires> requires_graph_;
};

void register_stages(hocso::StageRegistry* registry) {
  registry->add_validate_stage(kStageName, "Checks packs and lessons against hocso's schemas and rules",
                               std::make_unique<ValidateCoreStage>());
}

const hocso_plugin_info info{.name = "validate-core", .version = "0.1.0",
                             .summary = "Checks packs and lessons against hocso's schemas and rules",
                             .register_stages = &register_stages};

}  // namespace

}  // namespace validate_core

HOCSO_PLUGIN(validate_core::info)
