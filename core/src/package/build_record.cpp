#include "build_record.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bundle_writer.h"
#include "hashing.h"

namespace hocso {

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

constexpr std::string_view kKind = "build-record";
constexpr int kFormat = 2;  // 2: search entries  // bump when the record's meaning changes: older records are then ignored

Json identity_json(const FileIdentity& id) {
  return Json{{"device", id.device}, {"inode", id.inode}, {"size", id.size}, {"mtime_ns", id.mtime_ns},
              {"ctime_ns", id.ctime_ns}};
}

FileIdentity identity_from(const Json& j) {
  return {j.at("device").get<std::uint64_t>(), j.at("inode").get<std::uint64_t>(), j.at("size").get<std::uint64_t>(),
          j.at("mtime_ns").get<std::int64_t>(), j.at("ctime_ns").get<std::int64_t>()};
}

std::string record_text(const BuildRecord& record) {
  Json lessons = Json::array();
  for (const auto& lesson : record.lessons) {
    Json entries = Json::array();
    for (const auto& e : lesson.entries) entries.push_back(Json::array({e.name, e.size, e.sha256, e.page, e.source}));
    Json narration = Json::array();
    for (const auto& n : lesson.narration)
      narration.push_back(Json::array({n.language, n.units, n.recorded, n.machine, n.voice}));
    Json search = Json::array();
    for (const auto& [lang, e] : lesson.search)
      search.push_back(Json::array({lang, e.id, e.title, e.summary, e.steps, e.key, e.step_keys}));
    lessons.push_back(Json{{"id", lesson.id}, {"inputs", lesson.inputs}, {"source_sha256", lesson.source_sha256},
                           {"bytes", lesson.bytes}, {"entries", std::move(entries)}, {"narration", std::move(narration)},
                           {"search", std::move(search)}});
  }
  return Json{{"format", kFormat},   {"bundle_name", record.bundle_name}, {"bundle", identity_json(record.bundle)},
              {"inputs", record.inputs},
              {"outline", record.outline}, {"lessons", std::move(lessons)}}
      .dump();
}

// nullopt for a record of another format or shape (written by another version).
std::optional<BuildRecord> record_from(std::string_view text) {
  const Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || j.value("format", 0) != kFormat) return std::nullopt;
  try {
    BuildRecord record;
    record.bundle_name = j.at("bundle_name").get<std::string>();
    record.bundle = identity_from(j.at("bundle"));
    record.inputs = j.at("inputs").get<std::string>();
    record.outline = j.at("outline").get<std::string>();
    for (const auto& l : j.at("lessons")) {
      RecordedLesson lesson{l.at("id").get<std::string>(), l.at("inputs").get<std::string>(),
                            l.at("source_sha256").get<std::string>(), l.at("bytes").get<std::uint64_t>(), {}, {}, {}};
      for (const auto& e : l.at("entries"))
        lesson.entries.push_back({e.at(0).get<std::string>(), e.at(1).get<std::uint64_t>(), e.at(2).get<std::string>(),
                                  e.at(3).get<bool>(), e.at(4).get<std::string>()});
      for (const auto& n : l.at("narration"))
        lesson.narration.push_back({n.at(0).get<std::string>(), n.at(1).get<std::uint64_t>(),
                                    n.at(2).get<std::uint64_t>(), n.at(3).get<std::uint64_t>(),
                                    n.at(4).get<std::string>()});
      for (const auto& e : l.at("search")) {
        SearchEntry entry{e.at(1).get<std::string>(), e.at(2).get<std::string>(), e.at(3).get<std::string>(),
                          e.at(4).get<std::vector<std::string>>(), e.at(5).get<std::string>(),
                          e.at(6).get<std::vector<std::string>>()};
        if (entry.step_keys.size() != entry.steps.size()) return std::nullopt;
        lesson.search.emplace_back(e.at(0).get<std::string>(), std::move(entry));
      }
      record.lessons.push_back(std::move(lesson));
    }
    return record;
  } catch (const Json::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::string build_record_key(const BundleSlot& slot) {
  std::error_code ec;
  const fs::path folder = fs::absolute(slot.out_dir, ec).lexically_normal();
  return to_hex(sha256(fmt::format("hocso build record\n{}\n{}\n{}", folder.string(), slot.pack_id, slot.profile)));
}

std::optional<BuildRecord> load_build_record(const BuildCache& cache, const BundleSlot& slot) {
  const auto text = cache.find(kKind, build_record_key(slot));
  if (!text) return std::nullopt;
  return record_from(*text);
}

void store_build_record(const BuildCache& cache, const BundleSlot& slot, const BuildRecord& record) {
  cache.store(kKind, build_record_key(slot), record_text(record));
}

std::optional<PreviousBundle> open_previous_bundle(const BuildCache* cache, const BundleSlot& slot,
                                                   const std::string& inputs, PreviousBundleState& state) {
  state = PreviousBundleState::no_record;
  if (!cache) return std::nullopt;
  auto record = load_build_record(*cache, slot);
  // A name is one file of the folder, never a path out of it.
  if (!record || record->bundle_name.empty() || record->bundle_name.find('/') != std::string::npos ||
      record->bundle_name.starts_with("."))
    return std::nullopt;
  const fs::path bundle_path = slot.out_dir / record->bundle_name;
  state = PreviousBundleState::missing;
  const auto identity = file_identity(bundle_path);
  if (!identity) return std::nullopt;
  state = PreviousBundleState::changed;
  if (record->bundle != *identity) return std::nullopt;
  state = PreviousBundleState::other_inputs;
  if (record->inputs != inputs) return std::nullopt;
  state = PreviousBundleState::damaged;
  std::vector<BundleProblem> problems;
  auto layout = read_written_layout(bundle_path, problems);
  if (!layout) return std::nullopt;
  PreviousBundle previous{bundle_path, std::move(*record), {}, {}};
  for (auto& entry : layout->entries) previous.entries.emplace(entry.name, std::move(entry));
  for (std::size_t i = 0; i < previous.record.lessons.size(); ++i) {
    const RecordedLesson& lesson = previous.record.lessons[i];
    for (const auto& e : lesson.entries) {
      auto it = previous.entries.find(e.name);
      if (it == previous.entries.end() || it->second.size != e.size) return std::nullopt;
    }
    previous.lessons.emplace(lesson.id, i);
  }
  state = PreviousBundleState::usable;
  return previous;
}

}  // namespace hocso
