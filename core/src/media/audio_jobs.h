#pragma once
// Narration work for one profile's bundle (decision 0023): each fresh
// recording of a batch's lessons (audio_sources.h) through the pack's audio
// stage on N threads, with the build cache in front (kind "audio"). In the
// pack's `audio: {tts: [...]}` languages, each unit without a fresh recording
// is read by the speech stage first (decision 0024) and marked. Results
// are kept in memory for the batch (Ogg Opus at 24-48 kbit/s: a few hundred
// kB a recording) and keyed, so the bundle is written in a fixed order.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "build_cache.h"
#include "diagnostics.h"
#include "model.h"
#include "source_hash_index.h"
#include "stage_choice.h"

namespace hocso {

using AudioStageChoice = StageChoice<AudioStage>;
using SpeechStageChoice = StageChoice<SpeechStage>;

struct StoredAudio {
  std::string path;              // "media/<sha256>.opus"
  std::string sha256;            // of the bytes (hex)
  std::uint64_t size = 0;        // of the bytes
  std::string bytes;             // made by this build; empty when they are in `data`
  std::filesystem::path data;    // a build cache entry holding the bytes at `offset` (zipped from there)
  std::uint64_t offset = 0;
  double duration_seconds = 0;
  std::string source_file;       // the recording as messages name it
  std::string voice;             // a machine voice's name; empty for a person's recording
};

// (lesson id, language, unit)
using AudioKey = std::tuple<std::string, std::string, std::string>;

class AudioWork {
 public:
  // Everything given must outlive this object.
  // `speech` (may be null) reads the units of the pack's tts languages that
  // have no recording; its WAV files are kept in `spool` while they are encoded.
  // `sources` remembers the recordings' hashes between builds (the cache key
  // needs them; shared with the image work).
  AudioWork(const Pack& pack, const Profile& profile, const AudioStageChoice& stage,
            const SpeechStageChoice* speech, std::filesystem::path spool, unsigned jobs, const BuildCache* cache,
            SourceHashIndex& sources);
  // Every fresh recording of `lessons`, processed; problems reported to
  // `diagnostics` in a fixed order. The caller checks for errors.
  std::map<AudioKey, StoredAudio> process(const std::vector<const Lesson*>& lessons, Diagnostics& diagnostics);
  // Units in all and units with audio, per pack language, over every batch so far.
  struct Coverage {
    std::size_t units = 0;
    std::size_t recorded = 0;
    std::size_t machine = 0;  // read by a machine voice
    std::string voice;        // that voice's name
  };
  const std::map<std::string, Coverage>& coverage() const { return coverage_; }
  // Counts a lesson whose narration was not processed here (carried over from
  // an earlier bundle: decision 0026) in `language`'s coverage.
  void count(const std::string& language, const Coverage& lesson);

 private:
  const Pack& pack_;
  const AudioStageChoice& stage_;
  const SpeechStageChoice* speech_;
  std::filesystem::path spool_;
  std::string speech_salt_;
  unsigned jobs_;
  const BuildCache* cache_;
  SourceHashIndex& sources_;
  std::string profile_name_;
  std::string profile_json_;
  std::string salt_;
  std::map<std::string, Coverage> coverage_;
};

}  // namespace hocso
