#pragma once
// Narration work for one profile's bundle (decision 0023): each fresh
// recording of a batch's lessons (audio_sources.h) through the pack's audio
// stage on N threads, with the build cache in front (kind "audio"). Results
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

namespace hocso {

// The audio stage a build uses (owned by the plugin host).
struct AudioStageChoice {
  AudioStage* stage = nullptr;
  std::string name;                    // "audio"
  std::string settings_json = "{}";    // the pack's settings for it
  std::string plugin_file;             // for messages about the plugin itself
  std::filesystem::path data_dir;
  std::filesystem::path plugin_data_dir;
  std::filesystem::path content_root;
};

struct StoredAudio {
  std::string path;              // "media/<sha256>.opus"
  std::string sha256;            // of the bytes (hex)
  std::string bytes;
  double duration_seconds = 0;
  std::string source_file;       // the recording as messages name it
};

// (lesson id, language, unit)
using AudioKey = std::tuple<std::string, std::string, std::string>;

class AudioWork {
 public:
  // Everything given must outlive this object.
  AudioWork(const Pack& pack, const Profile& profile, const AudioStageChoice& stage, unsigned jobs,
            const BuildCache* cache);
  // Every fresh recording of `lessons`, processed; problems reported to
  // `diagnostics` in a fixed order. The caller checks for errors.
  std::map<AudioKey, StoredAudio> process(const std::vector<const Lesson*>& lessons, Diagnostics& diagnostics);
  // Units in all and units with audio, per pack language, over every batch so far.
  struct Coverage {
    std::size_t units = 0;
    std::size_t recorded = 0;
  };
  const std::map<std::string, Coverage>& coverage() const { return coverage_; }

 private:
  const Pack& pack_;
  const AudioStageChoice& stage_;
  unsigned jobs_;
  const BuildCache* cache_;
  std::string profile_name_;
  std::string profile_json_;
  std::string salt_;
  std::map<std::string, Coverage> coverage_;
};

}  // namespace hocso
