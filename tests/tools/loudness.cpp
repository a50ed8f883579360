// hocso-test-loudness FILE: prints a recording's integrated loudness (EBU R128,
// libebur128), channels, sample rate, duration and sample peak (dBFS), for
// tests/cli/audio.test.sh:
//   loudness -18.02 channels 1 rate 48000 seconds 2.10 peak -3.51
// Decoded with libsndfile; the test gives it opusdec's WAV output, so the
// product's decoder is not the one that checks it.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include <ebur128.h>
#include <sndfile.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: hocso-test-loudness FILE\n");
    return 2;
  }
  SF_INFO info{};
  SNDFILE* file = sf_open(argv[1], SFM_READ, &info);
  if (!file) {
    std::fprintf(stderr, "%s: %s\n", argv[1], sf_strerror(nullptr));
    return 1;
  }
  ebur128_state* meter = ebur128_init(static_cast<unsigned>(info.channels), static_cast<unsigned long>(info.samplerate),
                                      EBUR128_MODE_I | EBUR128_MODE_SAMPLE_PEAK);
  std::vector<float> buffer(static_cast<std::size_t>(4096 * info.channels));
  sf_count_t frames = 0;
  for (sf_count_t got; (got = sf_readf_float(file, buffer.data(), 4096)) > 0;) {
    ebur128_add_frames_float(meter, buffer.data(), static_cast<std::size_t>(got));
    frames += got;
  }
  double loudness = 0;
  ebur128_loudness_global(meter, &loudness);
  double peak = 0;
  for (unsigned c = 0; c < static_cast<unsigned>(info.channels); ++c) {
    double channel_peak = 0;
    ebur128_sample_peak(meter, c, &channel_peak);
    peak = std::max(peak, channel_peak);
  }
  std::printf("loudness %.2f channels %d rate %d seconds %.2f peak %.2f\n", loudness, info.channels, info.samplerate,
              static_cast<double>(frames) / info.samplerate, peak > 0 ? 20 * std::log10(peak) : -200.0);
  ebur128_destroy(&meter);
  sf_close(file);
  return 0;
}
