#pragma once
// libsndfile on memory instead of a file (SF_VIRTUAL_IO): read a recording
// from the bytes given, or write one into a string.

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

}  // namespace hocso::sound
