#pragma once
// libsndfile on memory instead of a file (SF_VIRTUAL_IO): read a recording
// from the bytes given, or write one into a string.

#include <cstddef>
#include <string>
#include <string_view>

#include <sndfile.h>

namespace hocso::sound {

// Opened with sf_open_virtual(&io, mode, &info, &memory). Reading sees
// `input` only; writing grows `output`. Must outlive the SNDFILE.
struct SoundMemory {
  static SoundMemory reading(std::string_view bytes) { return {bytes, {}, false, 0}; }
  static SoundMemory for_writing() { return {{}, {}, true, 0}; }

  std::string_view input;
  std::string output;
  bool writing = false;
  sf_count_t at = 0;
  SF_VIRTUAL_IO io();
};

// A mono recording of `frames` samples at `rate` Hz in `format` (SF_FORMAT_...),
// written into memory (FLAC seeks back to write its header); "" when libsndfile
// cannot. Samples past full scale are clipped, not wrapped around.
std::string write_mono(int rate, int format, const float* samples, std::size_t frames);
std::string write_mono(int rate, int format, const short* samples, std::size_t frames);

}  // namespace hocso::sound
