#include "audio_jobs.h"

#include <algorithm>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "audio_sources.h"
#include "hashing.h"
#include "parallel.h"

namespace hocso {

namespace fs = std::filesystem;

namespace {

constexpr const char* kCacheKind = "audio";
constexpr const char* kCacheFormat = "hocso-audio/1";

class AudioContext final : public PluginContext {
 public:
  explicit AudioContext(const AudioStageChoice& stage) : stage_(stage) {}
  void report(Diagnostic diagnostic) override { reported.push_back(std::move(diagnostic)); }
  const std::string& settings_json() const override { return stage_.settings_json; }
  const fs::path& hocso_data_dir() const override { return stage_.data_dir; }
  const fs::path& plugin_data_dir() const override { return stage_.plugin_data_dir; }
  const fs::path& content_root() const override { return stage_.content_root; }
  std::vector<Diagnostic> reported;

 private:
  const AudioStageChoice& stage_;
};

struct Job {
  AudioKey key;
  AudioRequest request;
};

struct Outcome {
  std::optional<StoredAudio> audio;
  std::vector<Diagnostic> diagnostics;
};

std::string read_bytes(const fs::path& file, std::uint64_t offset, std::uint64_t size) {
  std::ifstream in(file, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.seekg(static_cast<std::streamoff>(offset));
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) return {};
  return bytes;
}

StoredAudio stored(std::string bytes, double duration, const std::string& source_file) {
  StoredAudio audio;
  audio.sha256 = to_hex(sha256(bytes));
  audio.path = fmt::format("media/{}.opus", audio.sha256);
  audio.bytes = std::move(bytes);
  audio.duration_seconds = duration;
  audio.source_file = source_file;
  return audio;
}

}  // namespace

AudioWork::AudioWork(const Pack& pack, const Profile& profile, const AudioStageChoice& stage, unsigned jobs,
                     const BuildCache* cache)
    : pack_(pack), stage_(stage), jobs_(std::max(1u, jobs)), cache_(cache), profile_name_(profile.name),
      profile_json_(profile.settings.dump()), salt_(stage.stage->cache_salt()) {}

std::map<AudioKey, StoredAudio> AudioWork::process(const std::vector<const Lesson*>& lessons,
                                                   Diagnostics& diagnostics) {
  std::vector<Job> jobs;
  for (const Lesson* lesson : lessons) {
    const std::size_t units = audio_units(*lesson).size();
    for (const auto& lang : pack_.languages) coverage_[lang].units += units;
    // Problems with the sources were reported by the check (lesson_stream.h).
    for (auto& source : lesson_audio(pack_, *lesson, nullptr)) {
      AudioRequest request;
      request.file = source.file;
      request.source_file = source.shown;
      request.language = source.language;
      request.lesson_id = lesson->id;
      request.unit = source.unit;
      request.profile_name = profile_name_;
      request.profile_json = profile_json_;
      jobs.push_back({{lesson->id, source.language, source.unit}, std::move(request)});
    }
  }
  std::vector<Outcome> outcomes(jobs.size());
  parallel_for(jobs.size(), jobs_, [&](std::size_t i) {
    const AudioRequest& request = jobs[i].request;
    Outcome& out = outcomes[i];
    // The cache key: every input that can change the stage's output.
    std::optional<std::string> key;
    if (cache_) {
      try {
        Sha256 hash;
        auto field = [&](std::string_view text) {
          hash.update(fmt::format("{}:", text.size()));
          hash.update(text);
        };
        field("hocso-audio-cache-key/1");
        field(stage_.name);
        field(salt_);
        field(stage_.settings_json);
        field(request.profile_json);
        field(to_hex(sha256_file(request.file)));
        key = to_hex(hash.finish());
      } catch (const std::exception&) {
        key.reset();  // the stage reports the file it cannot read
      }
      if (key)
        if (auto hit = cache_->find_file(kCacheKind, *key)) {
          const auto meta = nlohmann::json::parse(hit->meta, nullptr, false);
          std::string bytes = read_bytes(hit->file, hit->offset, hit->size);
          if (meta.is_object() && meta.value("format", "") == kCacheFormat && meta.contains("duration") &&
              meta["duration"].is_number() && !bytes.empty() && to_hex(sha256(bytes)) == hit->sha256) {
            out.audio = stored(std::move(bytes), meta["duration"].get<double>(), request.source_file);
            return;
          }
        }
    }
    AudioContext context(stage_);
    AudioResult result;
    try {
      result = stage_.stage->process(request, context);
    } catch (const std::exception& e) {
      result = {};
      context.reported.push_back({Severity::error, {stage_.plugin_file},
                                  fmt::format("plugin stage '{}' threw an exception on '{}': {}", stage_.name,
                                              request.source_file, e.what()),
                                  "plugin-threw"});
    } catch (...) {
      result = {};
      context.reported.push_back({Severity::error, {stage_.plugin_file},
                                  fmt::format("plugin stage '{}' threw an exception on '{}'", stage_.name,
                                              request.source_file),
                                  "plugin-threw"});
    }
    out.diagnostics = std::move(context.reported);
    const bool reported_error = std::any_of(out.diagnostics.begin(), out.diagnostics.end(),
                                            [](const Diagnostic& d) { return d.severity == Severity::error; });
    if (result.ok && (result.bytes.empty() || result.extension != "opus" || !(result.duration_seconds > 0))) {
      out.diagnostics.push_back({Severity::error, {request.source_file},
                                 fmt::format("audio stage '{}' returned unusable audio", stage_.name),
                                 "plugin-bad-result"});
      return;
    }
    if (!result.ok) {
      if (!reported_error)
        out.diagnostics.push_back({Severity::error, {request.source_file},
                                   fmt::format("audio stage '{}' could not process this recording", stage_.name),
                                   "audio-unreadable"});
      return;
    }
    if (reported_error) return;
    if (key)
      cache_->store_file(kCacheKind, *key, nlohmann::json{{"format", kCacheFormat}, {"duration", result.duration_seconds}}.dump(),
                         result.bytes);
    out.audio = stored(std::move(result.bytes), result.duration_seconds, request.source_file);
  });
  std::map<AudioKey, StoredAudio> result;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    for (auto& d : outcomes[i].diagnostics) diagnostics.report(std::move(d));
    if (outcomes[i].audio) {
      ++coverage_[std::get<1>(jobs[i].key)].recorded;
      result.emplace(jobs[i].key, std::move(*outcomes[i].audio));
    }
  }
  return result;
}

}  // namespace hocso
