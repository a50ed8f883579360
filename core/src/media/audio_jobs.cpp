#include "audio_jobs.h"

#include <algorithm>
#include <fstream>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "audio_sources.h"
#include "cache_key.h"
#include "hashing.h"
#include "parallel.h"
#include "say.h"

namespace hocso {

namespace fs = std::filesystem;

namespace {

constexpr const char* kCacheKind = "audio";
constexpr const char* kCacheFormat = "hocso-audio/1";

using AudioContext = CollectingContext<AudioStage>;
using SpeechContext = CollectingContext<SpeechStage>;

struct Job {
  AudioKey key;
  AudioRequest request;                 // for speech, request.file is the spool file its WAV goes to
  std::optional<SpeechRequest> speech;  // a machine voice reads the unit first
};

struct Outcome {
  std::optional<StoredAudio> audio;
  std::vector<Diagnostic> diagnostics;
};

// Everything but where the bytes are.
StoredAudio described(std::string sha256_hex, double duration, const std::string& source_file, std::string voice) {
  StoredAudio audio;
  audio.voice = std::move(voice);
  audio.sha256 = std::move(sha256_hex);
  audio.path = fmt::format("media/{}.opus", audio.sha256);
  audio.duration_seconds = duration;
  audio.source_file = source_file;
  return audio;
}

// Made by this build: the bytes go along.
StoredAudio stored(std::string bytes, double duration, const std::string& source_file, std::string voice) {
  StoredAudio audio = described(to_hex(sha256(bytes)), duration, source_file, std::move(voice));
  audio.size = bytes.size();
  audio.bytes = std::move(bytes);
  return audio;
}

// From the build cache (find_file() checked the bytes against their hash):
// zipped from the cache file, never read into memory.
StoredAudio stored(const BuildCache::FileEntry& hit, double duration, const std::string& source_file,
                   std::string voice) {
  StoredAudio audio = described(hit.sha256, duration, source_file, std::move(voice));
  audio.size = hit.size;
  audio.data = hit.file;
  audio.offset = hit.offset;
  return audio;
}

// Reports a plugin's exception as an error naming the stage and the file.
Diagnostic threw(const std::string& plugin_file, const std::string& stage, const std::string& file, const char* what) {
  return {Severity::error, {plugin_file},
          what ? say(N_("plugin stage '{stage}' threw an exception on '{file}': {what}"), fmt::arg("stage", stage),
                     fmt::arg("file", file), fmt::arg("what", what))
               : say(N_("plugin stage '{stage}' threw an exception on '{file}'"), fmt::arg("stage", stage),
                     fmt::arg("file", file)),
          "plugin-threw"};
}

bool has_error(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::error; });
}

// Writes the speech a machine voice made to `file` for the audio stage; false
// (and an error) when it cannot.
bool write_speech(const fs::path& file, const std::string& wav, const std::string& shown,
                  std::vector<Diagnostic>& diagnostics) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (out.write(wav.data(), static_cast<std::streamsize>(wav.size())) && out.flush()) return true;
  diagnostics.push_back({Severity::error, {shown},
                         say(N_("cannot write the machine voice's speech to {file}"), fmt::arg("file", file.string())),
                         "write-failed"});
  return false;
}

}  // namespace

AudioWork::AudioWork(const Pack& pack, const Profile& profile, const AudioStageChoice& stage,
                     const SpeechStageChoice* speech, fs::path spool, unsigned jobs, const BuildCache* cache,
                     SourceHashIndex& sources)
    : pack_(pack), stage_(stage), speech_(speech), spool_(std::move(spool)),
      speech_salt_(speech ? speech->stage->cache_salt() : ""), jobs_(std::max(1u, jobs)), cache_(cache),
      sources_(sources),
      profile_name_(profile.name), profile_json_(profile.settings.dump()), salt_(stage.stage->cache_salt()) {}

std::map<AudioKey, StoredAudio> AudioWork::process(const std::vector<const Lesson*>& lessons,
                                                   Diagnostics& diagnostics) {
  std::vector<Job> jobs;
  auto request_for = [&](const Lesson& lesson, const std::string& language, const std::string& unit) {
    AudioRequest request;
    request.language = language;
    request.lesson_id = lesson.id;
    request.unit = unit;
    request.profile_name = profile_name_;
    request.profile_json = profile_json_;
    return request;
  };
  for (const Lesson* lesson : lessons) {
    const std::vector<AudioUnit> units = audio_units(*lesson);
    for (const auto& lang : pack_.languages) coverage_[lang].units += units.size();
    std::set<std::pair<std::string, std::string>> recorded;  // (language, unit)
    // Problems with the sources were reported by the check (lesson_stream.h).
    for (auto& source : lesson_audio(pack_, *lesson, nullptr)) {
      recorded.insert({source.language, source.unit});
      AudioRequest request = request_for(*lesson, source.language, source.unit);
      request.file = source.file;
      request.source_file = source.shown;
      jobs.push_back({{lesson->id, source.language, source.unit}, std::move(request), std::nullopt});
    }
    if (!speech_) continue;
    for (const auto& language : pack_.tts_languages)
      for (const auto& unit : units) {
        if (recorded.contains({language, unit.id}) || unit.spoken.empty()) continue;
        AudioRequest request = request_for(*lesson, language, unit.id);
        request.file = spool_ / fmt::format("speech-{}.wav", jobs.size());
        request.source_file = lesson->markdown_path;
        SpeechRequest speech{unit.spoken, language, lesson->id, unit.id, lesson->markdown_path};
        jobs.push_back({{lesson->id, language, unit.id}, std::move(request), std::move(speech)});
      }
  }
  std::vector<Outcome> outcomes(jobs.size());
  parallel_for(jobs.size(), jobs_, [&](std::size_t i) {
    const Job& job = jobs[i];
    const AudioRequest& request = job.request;
    Outcome& out = outcomes[i];
    const std::string voice = job.speech ? speech_->stage->voice(job.speech->language) : "";
    // The cache key: every input that can change the stage's output.
    std::optional<std::string> key;
    if (cache_) {
      try {
        CacheKey made;
        made.field("hocso-audio-cache-key/1")
            .field(stage_.name)
            .field(salt_)
            .field(stage_.settings_json)
            .field(request.profile_json);
        if (job.speech)  // what the machine voice reads, not a file
          made.field("speech")
              .field(speech_->name)
              .field(speech_salt_)
              .field(speech_->settings_json)
              .field(voice)
              .field(job.speech->language)
              .field(job.speech->text);
        else
          made.field(sources_.hash(request.file));
        key = made.hex();
      } catch (const std::exception&) {
        key.reset();  // the stage reports the file it cannot read
      }
      if (key)
        if (auto hit = cache_->find_file(kCacheKind, *key)) {
          const auto meta = nlohmann::json::parse(hit->meta, nullptr, false);
          if (meta.is_object() && meta.value("format", "") == kCacheFormat && meta.contains("duration") &&
              meta["duration"].is_number() && hit->size > 0) {
            out.audio = stored(*hit, meta["duration"].get<double>(), request.source_file, voice);
            return;
          }
        }
    }
    if (job.speech) {
      SpeechContext context(*speech_);
      SpeechResult spoken;
      try {
        spoken = speech_->stage->speak(*job.speech, context);
      } catch (const std::exception& e) {
        spoken = {};
        context.reported.push_back(threw(speech_->plugin_file, speech_->name, request.source_file, e.what()));
      } catch (...) {
        spoken = {};
        context.reported.push_back(threw(speech_->plugin_file, speech_->name, request.source_file, nullptr));
      }
      out.diagnostics = std::move(context.reported);
      if (!spoken.ok || spoken.wav.empty()) {
        if (!has_error(out.diagnostics))
          out.diagnostics.push_back({Severity::error, {request.source_file},
                                     say(N_("speech stage '{stage}' could not read {unit} of lesson {lesson} aloud"),
                                         fmt::arg("stage", speech_->name), fmt::arg("unit", job.speech->unit),
                                         fmt::arg("lesson", job.speech->lesson_id)),
                                     "audio-tts"});
        return;
      }
      if (has_error(out.diagnostics) || !write_speech(request.file, spoken.wav, request.source_file, out.diagnostics))
        return;
    }
    AudioContext context(stage_);
    AudioResult result;
    try {
      result = stage_.stage->process(request, context);
    } catch (const std::exception& e) {
      result = {};
      context.reported.push_back(threw(stage_.plugin_file, stage_.name, request.source_file, e.what()));
    } catch (...) {
      result = {};
      context.reported.push_back(threw(stage_.plugin_file, stage_.name, request.source_file, nullptr));
    }
    if (job.speech) {
      std::error_code ignored;
      fs::remove(request.file, ignored);
    }
    for (auto& d : context.reported) out.diagnostics.push_back(std::move(d));
    if (result.ok && (result.bytes.empty() || result.extension != "opus" || !(result.duration_seconds > 0))) {
      out.diagnostics.push_back({Severity::error, {request.source_file},
                                 say(N_("audio stage '{stage}' returned unusable audio"), fmt::arg("stage", stage_.name)),
                                 "plugin-bad-result"});
      return;
    }
    if (!result.ok) {
      if (!has_error(out.diagnostics))
        out.diagnostics.push_back({Severity::error, {request.source_file},
                                   say(N_("audio stage '{stage}' could not process this recording"),
                                       fmt::arg("stage", stage_.name)),
                                   "audio-unreadable"});
      return;
    }
    if (has_error(out.diagnostics)) return;
    if (key)
      cache_->store_file(kCacheKind, *key, nlohmann::json{{"format", kCacheFormat}, {"duration", result.duration_seconds}}.dump(),
                         result.bytes);
    out.audio = stored(std::move(result.bytes), result.duration_seconds, request.source_file, voice);
  });
  std::map<AudioKey, StoredAudio> result;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    for (auto& d : outcomes[i].diagnostics) diagnostics.report(std::move(d));
    if (outcomes[i].audio) {
      Coverage& c = coverage_[std::get<1>(jobs[i].key)];
      ++(jobs[i].speech ? c.machine : c.recorded);
      if (jobs[i].speech) c.voice = outcomes[i].audio->voice;
      result.emplace(jobs[i].key, std::move(*outcomes[i].audio));
    }
  }
  return result;
}

void AudioWork::count(const std::string& language, const Coverage& lesson) {
  Coverage& c = coverage_[language];
  c.units += lesson.units;
  c.recorded += lesson.recorded;
  c.machine += lesson.machine;
  if (lesson.machine > 0) c.voice = lesson.voice;
}

}  // namespace hocso
