#pragma once
// A narration recording's bytes to the Ogg Opus a bundle stores: decode
// (libsndfile), mono, silence trimmed, loudness normalised (libebur128, EBU
// R128), Ogg Opus (libopusenc) with a fixed serial number and no time in it,
// so the same input gives the same bytes.

#include <cstdint>
#include <string>

namespace hocso::audio {

struct NarrationSettings {
  int bitrate_kbps = 24;          // the profile's audio.bitrate_kbps
  double loudness_lufs = -18;     // the profile's audio.loudness_lufs
  double max_seconds = 600;       // longer recordings are refused (after trimming, and as the header claims)
};

// Below this, a sample is silence (−50 dBFS); a recording is trimmed to its
// first and last louder sample, keeping kSilencePadSeconds of quiet each side.
inline constexpr double kSilenceThreshold = 0.00316;
inline constexpr double kSilencePadSeconds = 0.05;
// The loudest sample after normalising stays under −1 dBFS: its peaks are
// limited (peak_limiter.h), or, past that, the result is quieter than the
// target rather than clipped.
inline constexpr double kPeakCeiling = 0.891;
// Sample rates a recording may have.
inline constexpr int kMinSampleRate = 8000;
inline constexpr int kMaxSampleRate = 192000;

struct Narration {
  bool ok = false;
  std::string bytes;             // Ogg Opus
  double duration_seconds = 0;   // after trimming
  double input_seconds = 0;      // before
  std::string message;           // when not ok: what is wrong, in words for a volunteer
  std::string check_id;          // audio-unreadable, audio-sample-rate, audio-too-long, audio-silent, audio-encode
};

Narration encode_narration(const std::string& input, const NarrationSettings& settings);

// The libraries' versions, for the build cache key.
std::string library_versions();

}  // namespace hocso::audio
