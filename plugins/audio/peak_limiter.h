#pragma once
// Loudness normalisation that does not clip: a voice is brought to the target
// loudness, and the few peaks (a plosive, a machine voice's sharp consonants)
// that would pass the ceiling are turned down for a moment instead of the
// whole recording. Speech often has peaks 20 dB above its loudness: with a
// plain gain, the ceiling would leave it 2-4 LU below the target.

#include <vector>

namespace hocso::audio {

// The largest factor by which the limiter may lower a peak (12 dB): a voice
// that would need more stays quieter than the target rather than sound squashed.
inline constexpr double kMaxLimiting = 4.0;

// Multiplies `voice` by `gain`, except around samples that would pass
// `ceiling`: there the gain dips, starting 5 ms ahead and recovering over
// 80 ms, so that no sample passes it. Deterministic.
void apply_limited_gain(std::vector<float>& voice, double gain, double ceiling, double sample_rate);

}  // namespace hocso::audio
