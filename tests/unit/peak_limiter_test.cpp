// The audio stage's peak limiter (plugins/audio/peak_limiter.h): no sample
// passes the ceiling, the gain dips only around a peak, and it comes back.
#include "peak_limiter.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

using hocso::audio::apply_limited_gain;

namespace {

constexpr double kRate = 48000;
constexpr double kCeiling = 0.891;

// One second of a quiet tone with one loud click in the middle.
std::vector<float> tone_with_click() {
  std::vector<float> v(48000);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(0.05 * std::sin(2 * M_PI * 440 * i / kRate));
  v[24000] = 0.9f;
  return v;
}

float loudest(const std::vector<float>& v, std::size_t from, std::size_t to) {
  float peak = 0;
  for (std::size_t i = from; i < to; ++i) peak = std::max(peak, std::fabs(v[i]));
  return peak;
}

}  // namespace

TEST_CASE("no sample passes the ceiling, and the voice away from the peak gets the whole gain") {
  auto v = tone_with_click();
  apply_limited_gain(v, 8.0, kCeiling, kRate);
  CHECK(loudest(v, 0, v.size()) <= kCeiling + 1e-6);
  // Far from the click (0.1 s before, 0.3 s after) the tone is 8 times louder: 0.4.
  CHECK(loudest(v, 0, 19000) == doctest::Approx(0.4).epsilon(0.01));
  CHECK(loudest(v, 40000, 48000) == doctest::Approx(0.4).epsilon(0.01));
  // Around the click the gain dips, starting before it (look-ahead).
  CHECK(loudest(v, 23900, 23990) < 0.4f);
}

TEST_CASE("a voice whose peaks stay under the ceiling is only multiplied") {
  auto v = tone_with_click();
  v[24000] = 0.05f;
  const auto before = v;
  apply_limited_gain(v, 2.0, kCeiling, kRate);
  for (std::size_t i = 0; i < v.size(); i += 997) CHECK(v[i] == doctest::Approx(2 * before[i]));
}

TEST_CASE("the same input gives the same samples") {
  auto a = tone_with_click();
  auto b = tone_with_click();
  apply_limited_gain(a, 8.0, kCeiling, kRate);
  apply_limited_gain(b, 8.0, kCeiling, kRate);
  CHECK(a == b);
}
