#pragma once
// hocso record's own script and style, kept as files beside this one and
// compiled into hocso record alone (cmake/EmbedFiles.cmake).

#include <string_view>

namespace hocso::embedded {

// cli/record/record.js: shows one part at a time from script.json, records
// with MediaRecorder, plays the take back, decodes it with
// AudioContext.decodeAudioData and posts it as mono float32 samples.
std::string_view record_js();
std::string_view record_css();  // cli/record/record.css

}  // namespace hocso::embedded
