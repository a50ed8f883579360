// The `audio` stage: turns each narration recording into the Ogg Opus a device
// profile stores (docs/recording.md; decision 0023).

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hocso/messages.h"
#include "hocso/plugin.h"
#include "narration_pipeline.h"

namespace hocso::audio {

namespace {

constexpr const char* kPluginVersion = "1.1.0";  // 1.1: peaks limited instead of the whole gain lowered
constexpr double kDefaultMaxMegabytes = 200;  // a 10-minute stereo WAV at 48 kHz is 115 MB

// The profile's `audio:` entry (bitrate_kbps, loudness_lufs) and the stage's
// settings (max_seconds, max_megabytes); the pack schema checked their ranges.
void read_settings(const AudioRequest& request, const PluginContext& context, NarrationSettings& settings,
                   double& max_megabytes) {
  const auto profile = nlohmann::json::parse(request.profile_json, nullptr, false);
  if (profile.is_object() && profile.contains("audio") && profile["audio"].is_object()) {
    const auto& audio = profile["audio"];
    if (audio.contains("bitrate_kbps") && audio["bitrate_kbps"].is_number_integer())
      settings.bitrate_kbps = audio["bitrate_kbps"].get<int>();
    if (audio.contains("loudness_lufs") && audio["loudness_lufs"].is_number())
      settings.loudness_lufs = audio["loudness_lufs"].get<double>();
  }
  const auto stage = nlohmann::json::parse(context.settings_json(), nullptr, false);
  if (stage.is_object()) {
    if (stage.contains("max_seconds") && stage["max_seconds"].is_number() && stage["max_seconds"].get<double>() > 0)
      settings.max_seconds = stage["max_seconds"].get<double>();
    if (stage.contains("max_megabytes") && stage["max_megabytes"].is_number() &&
        stage["max_megabytes"].get<double>() > 0)
      max_megabytes = stage["max_megabytes"].get<double>();
  }
}

class NarrationStage final : public AudioStage {
 public:
  AudioResult process(const AudioRequest& request, PluginContext& context) override {
    AudioResult result;
    auto report = [&](const std::string& message, std::string check_id) {
      context.report({Severity::error, {request.source_file}, message, std::move(check_id)});
    };
    NarrationSettings settings;
    double max_megabytes = kDefaultMaxMegabytes;
    read_settings(request, context, settings, max_megabytes);
    std::error_code ec;
    const auto size = std::filesystem::file_size(request.file, ec);
    if (ec) {
      report(fmt::format(fmt::runtime(hocso::_("this recording cannot be read: {reason}")), fmt::arg("reason", ec.message())),
             "audio-unreadable");
      return result;
    }
    if (static_cast<double>(size) > max_megabytes * 1e6) {
      report(fmt::format(fmt::runtime(hocso::_("this recording is {size} MB, more than the {limit} MB a recording may "
                                               "be; save it as FLAC, Ogg or MP3, or split the part")),
                         fmt::arg("size", size / 1000000), fmt::arg("limit", static_cast<long>(max_megabytes))),
             "audio-too-large");
      return result;
    }
    std::ifstream in(request.file, std::ios::binary);
    std::string bytes(static_cast<std::size_t>(size), '\0');
    if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
      report(hocso::_("this recording cannot be read"), "audio-unreadable");
      return result;
    }
    Narration narration = encode_narration(bytes, settings);
    if (!narration.ok) {
      report(narration.message, narration.check_id);
      return result;
    }
    result.ok = true;
    result.bytes = std::move(narration.bytes);
    result.extension = "opus";
    result.duration_seconds = narration.duration_seconds;
    return result;
  }

  std::string cache_salt() const override {
    return std::string("audio ") + kPluginVersion + "; " + library_versions();
  }
};

void register_stages(StageRegistry* registry) {
  registry->add_audio_stage("audio", "Narration: mono, silence trimmed, loudness normalised, Ogg Opus",
                            std::make_unique<NarrationStage>());
}

const hocso_plugin_info info{.name = "audio", .version = kPluginVersion,
                             .summary = "Encodes narration recordings (libsndfile, libebur128, libopusenc)",
                             .register_stages = &register_stages};

}  // namespace

}  // namespace hocso::audio

HOCSO_PLUGIN(hocso::audio::info)
