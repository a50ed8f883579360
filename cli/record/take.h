#pragma once
// One take of `hocso record`: what the page sends (raw mono float32 PCM,
// little-endian, and its sample rate: the browser decoded its own recording
// with AudioContext.decodeAudioData, as libsndfile cannot read the WebM/Opus
// that Chromium's MediaRecorder makes), checked, and saved as
// content/audio/LANG/LESSON/UNIT.flac beside UNIT.source (decision 0023).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hocso::record {

// What a take may be: the audio stage's limits (decision 0023).
struct TakeLimits {
  int min_rate = 8000;
  int max_rate = 192000;
  double max_seconds = 600;
  double min_seconds = 0.5;               // too short for a loudness measurement
  double silence_dbfs = -50;              // a take with nothing above this is silence
  std::size_t max_bytes = 128u << 20;     // whatever the rate
};

// The largest body a take at `rate` may have (0 when the rate is refused).
std::size_t max_take_bytes(int rate, const TakeLimits& limits = {});

// Why a take is refused, as the page says it (in the messages' language).
struct TakeProblem {
  enum class Kind { rate, size, too_long, too_short, not_samples, silent };
  Kind kind;
  std::string message;
};

// The samples of a body: float32 little-endian, mono. A problem when the
// rate is out of range, the body is not whole samples, too large, too long or
// too short, holds a NaN or infinity, or nothing above the silence level.
struct CheckedTake {
  std::vector<float> samples;
  int rate = 0;
  double seconds() const { return rate > 0 ? static_cast<double>(samples.size()) / rate : 0; }
};
std::optional<TakeProblem> check_take(std::string_view body, int rate, CheckedTake& take, const TakeLimits& limits = {});

// The take as FLAC (16-bit, mono) by libsndfile, in memory; "" on failure.
std::string encode_flac(const CheckedTake& take);

// Saves `flac` as `folder`/UNIT.flac and `source_sha256` as UNIT.source,
// each written whole (atomic_file.h), and removes UNIT's recordings in the
// other extensions (a unit has one recording). The folder and the files are
// reached through no symbolic link (checked from `content_root`, which holds
// audio/). Returns the error, or nullopt when saved.
std::optional<std::string> save_take(const std::filesystem::path& content_root, const std::string& language,
                                     const std::string& lesson, const std::string& unit, const std::string& flac,
                                     const std::string& source_sha256);

}  // namespace hocso::record
