#include "peak_limiter.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <deque>

namespace hocso::audio {

void apply_limited_gain(std::vector<float>& voice, double gain, double ceiling, double sample_rate) {
  const std::size_t n = voice.size();
  if (n == 0) return;
  // The gain each sample may have on its own.
  std::vector<double> allowed(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double level = std::fabs(static_cast<double>(voice[i]));
    allowed[i] = level * gain > ceiling ? ceiling / level : gain;
  }
  // Look ahead: the smallest gain allowed from each sample to `ahead` samples
  // later (a sliding minimum), so that the gain is down when the peak comes.
  const auto ahead = static_cast<std::size_t>(std::max(1.0, 0.005 * sample_rate));
  std::vector<double> curve(n);
  std::deque<std::size_t> window;  // indices of increasing allowed gain
  for (std::size_t j = n; j-- > 0;) {
    while (!window.empty() && allowed[window.back()] >= allowed[j]) window.pop_back();
    window.push_back(j);
    while (window.front() > j + ahead) window.pop_front();
    curve[j] = allowed[window.front()];
  }
  // Smooth the curve: after a peak the gain comes back over ~80 ms (forward),
  // and it goes down gradually over the look-ahead (backward), never above
  // what each sample allows.
  const double release = 1.0 - std::exp(-1.0 / (0.080 * sample_rate));
  const double attack = 1.0 - std::exp(-4.0 / static_cast<double>(ahead));
  for (std::size_t i = 1; i < n; ++i) curve[i] = std::min(curve[i], curve[i - 1] + (gain - curve[i - 1]) * release);
  for (std::size_t i = n - 1; i-- > 0;) curve[i] = std::min(curve[i], curve[i + 1] + (gain - curve[i + 1]) * attack);
  for (std::size_t i = 0; i < n; ++i) voice[i] = static_cast<float>(static_cast<double>(voice[i]) * curve[i]);
}

}  // namespace hocso::audio
