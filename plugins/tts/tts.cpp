// The `tts` stage: a machine voice (espeak-ng) for the units of a lesson that
// no one has recorded, in the languages a pack names under `audio: tts:`
// (docs/recording.md; decision 0024). The host marks what it says as a machine
// voice in the bundle and on the page; the audio stage encodes it.

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sndfile.h>

#include "child_process.h"
#include "hocso/messages.h"
#include "hocso/plugin.h"
#include "sound_memory.h"

namespace hocso::tts {

namespace {

constexpr const char* kPluginVersion = "1.1.0";
// Slower than espeak-ng's 175 words a minute: many learners are elderly.
constexpr int kDefaultWordsPerMinute = 140;
constexpr std::size_t kMaxTextBytes = 20000;  // far above a step; a guard, not a rule writers meet

// The stock espeak-ng program, started afresh for every text. libespeak-ng in
// this process would read the same words differently depending on what it
// read before (its pitch flutter and wave phase run on from one text into the
// next, and espeak_Terminate() then espeak_Initialize() hangs), so a build
// with two jobs wrote different bundles from the same sources. A new process
// a text is a fresh synthesizer every time: the same words, the same samples.
constexpr const char* kProgram = "espeak-ng";
// What a run may take: 20,000 bytes of text take espeak-ng a few seconds.
constexpr hocso::ChildLimits kLimits{std::chrono::seconds(120), std::size_t{256} << 20};

hocso::ChildResult run_espeak(const std::vector<std::string>& arguments) {
  std::vector<std::string> argv{kProgram};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  try {
    return hocso::run_child(argv, kLimits);
  } catch (const hocso::ChildError& e) {
    hocso::ChildResult failed;
    failed.err = e.what();
    return failed;  // exit_code -1: it did not start
  }
}

// The espeak-ng voice of a BCP 47 tag: its language subtag ("vi" of "vi-VN").
std::string voice_name(const std::string& language) { return language.substr(0, language.find('-')); }

// The samples of the WAV file espeak-ng wrote to its stdout (its header's
// lengths are placeholders there: stdout cannot be rewound), as a 16-bit mono
// WAV file of exact length; "" when libsndfile cannot read or write it.
std::string exact_wav(const std::string& written) {
  auto in = sound::SoundMemory::reading(written);
  SF_VIRTUAL_IO in_io = in.io();
  SF_INFO in_info{};
  std::unique_ptr<SNDFILE, int (*)(SNDFILE*)> reader(sf_open_virtual(&in_io, SFM_READ, &in_info, &in), sf_close);
  if (!reader || in_info.channels != 1) return "";
  std::vector<short> samples;
  std::vector<short> chunk(8192);
  for (sf_count_t got; (got = sf_readf_short(reader.get(), chunk.data(), 8192)) > 0;)
    samples.insert(samples.end(), chunk.begin(), chunk.begin() + got);
  if (samples.empty()) return "";
  return sound::write_mono(in_info.samplerate, SF_FORMAT_WAV | SF_FORMAT_PCM_16, samples.data(), samples.size());
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
  bool speaks(const std::string& language) const override {
    std::lock_guard lock(lock_);
    const std::string name = voice_name(language);
    auto known = speaks_.find(name);
    if (known == speaks_.end()) {
      // -q: no sound; espeak-ng exits with 1 when it has no such voice.
      const auto run = run_espeak({"-q", "-v", name, "--", "a"});
      known = speaks_.emplace(name, run.exit_code == 0 && !run.timed_out).first;
    }
    return known->second;
  }

  std::string voice(const std::string& language) const override {
    return fmt::format("espeak-ng {} ({})", version(), voice_name(language));
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
    // -b 1: the text is UTF-8; "--": a text that starts with "-" is words, not an option.
    const auto run = run_espeak({"-v", voice_name(request.language), "-s", std::to_string(words_per_minute(context)),
                                 "-b", "1", "--stdout", "--", request.text});
    if (run.exit_code == -1) {
      report(fmt::format(fmt::runtime(hocso::_("the machine voice could not start ({reason}); install espeak-ng: "
                                               "apt-get install espeak-ng")),
                         fmt::arg("reason", run.err)));
      return result;
    }
    if (run.timed_out || run.too_much || run.exit_code != 0) {
      const std::string said = run.err.substr(0, run.err.find('\n'));
      report(fmt::format(fmt::runtime(hocso::_("the machine voice (espeak-ng) could not read {unit} in {language}: "
                                               "{reason}")),
                         fmt::arg("unit", request.unit), fmt::arg("language", request.language),
                         fmt::arg("reason", run.timed_out  ? std::string(hocso::_("it took too long"))
                                            : run.too_much ? std::string(hocso::_("it wrote too much"))
                                            : said.empty() ? fmt::format(fmt::runtime(hocso::_("exit code {code}")),
                                                                         fmt::arg("code", run.exit_code))
                                                           : said)));
      return result;
    }
    result.wav = exact_wav(run.out);
    if (result.wav.empty()) {
      report(fmt::format(fmt::runtime(hocso::_("the machine voice (espeak-ng) said nothing for {unit}")),
                         fmt::arg("unit", request.unit)));
      return result;
    }
    result.ok = true;
    return result;
  }

  std::string cache_salt() const override {
    return fmt::format("tts {}; espeak-ng {}; {}", kPluginVersion, version(), sf_version_string());
  }

 private:
  // espeak-ng's version, as `espeak-ng --version` says it: "eSpeak NG
  // text-to-speech: 1.51  Data at: …"; "?" when it cannot be run.
  const std::string& version() const {
    std::lock_guard lock(lock_);
    if (version_.empty()) {
      static const std::regex number(R"(text-to-speech: (\S+))");
      const auto run = run_espeak({"--version"});
      std::smatch m;
      version_ = run.exit_code == 0 && std::regex_search(run.out, m, number) ? m[1].str() : "?";
    }
    return version_;
  }

  mutable std::mutex lock_;
  mutable std::map<std::string, bool> speaks_;  // voice name → espeak-ng has it
  mutable std::string version_;
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
