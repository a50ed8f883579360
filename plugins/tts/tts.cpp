// The `tts` stage: a machine voice (espeak-ng) for the units of a lesson that
// no one has recorded, in the languages a pack names under `audio: tts:`
// (docs/recording.md; decision 0024). The host marks what it says as a machine
// voice in the bundle and on the page; the audio stage encodes it.

#include <dlfcn.h>

#include <algorithm>
#include <mutex>
#include <string>
#include <vector>

#include <espeak-ng/speak_lib.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sndfile.h>

#include "hocso/messages.h"
#include "hocso/plugin.h"
#include "sound_memory.h"

namespace hocso::tts {

namespace {

constexpr const char* kPluginVersion = "1.0.0";
// Slower than espeak-ng's 175 words a minute: many learners are elderly.
constexpr int kDefaultWordsPerMinute = 140;
constexpr std::size_t kMaxTextBytes = 20000;  // far above a step; a guard, not a rule writers meet

// espeak-ng keeps its state in globals: one voice at a time, for the whole
// process. Every call goes through this lock.
std::mutex espeak_lock;
int espeak_rate = 0;  // the sample rate espeak_Initialize() gave; 0 before, -1 when it failed

// Under espeak_lock.
bool espeak_ready() {
  if (espeak_rate == 0) {
    // libespeak-ng stays loaded for the rest of the process, even when the
    // host unloads this plugin: espeak_Terminate() does not free everything
    // its globals point to, which would otherwise be lost (and reported as
    // leaks) with the unmapped library.
    static void* const pinned = ::dlopen("libespeak-ng.so.1", RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
    (void)pinned;
    // The data path: espeak-ng's own default (espeak-ng-data of Debian's package).
    espeak_rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
    if (espeak_rate <= 0) espeak_rate = -1;
  }
  return espeak_rate > 0;
}

// The espeak-ng voice of a BCP 47 tag: its language subtag ("vi" of "vi-VN").
std::string voice_name(const std::string& language) { return language.substr(0, language.find('-')); }

std::string espeak_version() {
  const char* data_path = nullptr;
  const char* version = espeak_Info(&data_path);
  return version ? version : "?";
}

// Samples as espeak-ng hands them over (16-bit mono at espeak_rate).
int collect(short* samples, int count, espeak_EVENT* events) {
  if (samples && count > 0 && events && events->user_data) {
    auto* out = static_cast<std::vector<short>*>(events->user_data);
    out->insert(out->end(), samples, samples + count);
  }
  return 0;  // go on
}

// The samples as a 16-bit mono WAV file; "" when libsndfile cannot write it.
std::string wav_file(const std::vector<short>& samples, int rate) {
  auto memory = sound::SoundMemory::for_writing();
  SF_VIRTUAL_IO io = memory.io();
  SF_INFO info{};
  info.samplerate = rate;
  info.channels = 1;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  SNDFILE* file = sf_open_virtual(&io, SFM_WRITE, &info, &memory);
  if (!file) return "";
  const auto frames = static_cast<sf_count_t>(samples.size());
  const bool written = sf_writef_short(file, samples.data(), frames) == frames;
  if (sf_close(file) != 0 || !written) return "";
  return std::move(memory.output);
}

// The stage's settings: words_per_minute (80-300).
int words_per_minute(const PluginContext& context) {
  const auto settings = nlohmann::json::parse(context.settings_json(), nullptr, false);
  if (settings.is_object() && settings.contains("words_per_minute") && settings["words_per_minute"].is_number_integer())
    return std::clamp(settings["words_per_minute"].get<int>(), 80, 300);
  return kDefaultWordsPerMinute;
}

class EspeakStage final : public SpeechStage {
 public:
  // espeak_Initialize() starts a thread of espeak-ng's own, even for
  // synchronous output; it ends here, with the stage. (Left waiting while the
  // plugin and libespeak-ng were unloaded, it aborted the process when
  // LeakSanitizer woke it at exit: "The futex facility returned an unexpected
  // error code".)
  ~EspeakStage() override {
    std::lock_guard lock(espeak_lock);
    if (espeak_rate > 0) espeak_Terminate();
    espeak_rate = 0;
  }

  bool speaks(const std::string& language) const override {
    std::lock_guard lock(espeak_lock);
    if (!espeak_ready()) return false;
    return espeak_SetVoiceByName(voice_name(language).c_str()) == EE_OK;
  }

  std::string voice(const std::string& language) const override {
    std::lock_guard lock(espeak_lock);
    return fmt::format("espeak-ng {} ({})", espeak_version(), voice_name(language));
  }

  SpeechResult speak(const SpeechRequest& request, PluginContext& context) override {
    SpeechResult result;
    auto report = [&](const std::string& message) {
      context.report({Severity::error, {request.source_file}, message, "audio-tts"});
    };
    if (request.text.size() > kMaxTextBytes) {
      report(fmt::format(fmt::runtime(hocso::_("{unit} is too long for the machine voice ({size} bytes; at most "
                                               "{limit}): split the step")),
                         fmt::arg("unit", request.unit), fmt::arg("size", request.text.size()),
                         fmt::arg("limit", kMaxTextBytes)));
      return result;
    }
    const int rate_wpm = words_per_minute(context);
    std::vector<short> samples;
    int sample_rate = 0;
    {
      std::lock_guard lock(espeak_lock);
      if (!espeak_ready()) {
        report(hocso::_("the machine voice (espeak-ng) could not start: is espeak-ng-data installed?"));
        return result;
      }
      if (espeak_SetVoiceByName(voice_name(request.language).c_str()) != EE_OK) {
        report(fmt::format(fmt::runtime(hocso::_("the machine voice (espeak-ng) has no voice for {language}")),
                           fmt::arg("language", request.language)));
        return result;
      }
      espeak_SetSynthCallback(&collect);
      espeak_SetParameter(espeakRATE, rate_wpm, 0);
      const espeak_ERROR error = espeak_Synth(request.text.c_str(), request.text.size() + 1, 0, POS_CHARACTER, 0,
                                              espeakCHARS_UTF8 | espeakENDPAUSE, nullptr, &samples);
      if (error == EE_OK) espeak_Synchronize();
      sample_rate = espeak_rate;
      if (error != EE_OK) samples.clear();
    }
    if (samples.empty()) {
      report(fmt::format(fmt::runtime(hocso::_("the machine voice (espeak-ng) said nothing for {unit}")),
                         fmt::arg("unit", request.unit)));
      return result;
    }
    result.wav = wav_file(samples, sample_rate);
    if (result.wav.empty()) {
      report(hocso::_("the machine voice's speech could not be written as WAV"));
      return result;
    }
    result.ok = true;
    return result;
  }

  std::string cache_salt() const override {
    std::lock_guard lock(espeak_lock);
    return fmt::format("tts {}; espeak-ng {}; {}", kPluginVersion, espeak_version(), sf_version_string());
  }
};

void register_stages(StageRegistry* registry) {
  registry->add_speech_stage("tts", "Machine voice (espeak-ng) for parts no one has recorded, marked as such",
                             std::make_unique<EspeakStage>());
}

const hocso_plugin_info info{.name = "tts", .version = kPluginVersion,
                             .summary = "Reads unrecorded lesson parts with a marked machine voice (espeak-ng)",
                             .register_stages = &register_stages};

}  // namespace

}  // namespace hocso::tts

HOCSO_PLUGIN(hocso::tts::info)
