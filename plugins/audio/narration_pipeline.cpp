#include "narration_pipeline.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include <ebur128.h>
#include <fmt/format.h>
#include <opus/opusenc.h>
#include <sndfile.h>

#include "hocso/messages.h"
#include "peak_limiter.h"
#include "sound_memory.h"

namespace hocso::audio {

namespace {

using fmt::arg;
// A message of hocso's catalog with named values (docs/decisions/0022).
template <typename... Args>
std::string say(const char* msgid, Args&&... args) {
  return fmt::format(fmt::runtime(hocso::_(msgid)), std::forward<Args>(args)...);
}

Narration refuse(std::string message, const char* check_id) {
  Narration n;
  n.message = std::move(message);
  n.check_id = check_id;
  return n;
}

std::string seconds_text(double seconds) {
  const long whole = std::lround(seconds);
  return say(N_("{minutes} min {seconds} s"), arg("minutes", whole / 60), arg("seconds", whole % 60));
}

int append(void* user, const unsigned char* data, opus_int32 length) {
  static_cast<std::string*>(user)->append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(length));
  return 0;
}
int close_nothing(void*) { return 0; }

constexpr const char* kCutShort =
    N_("this recording is cut short (the file ends before the recording does); copy it again from the recorder");
constexpr const char* kNotEncoded = N_("this recording could not be encoded: {reason}");

// Every Ogg stream hocso writes has this serial number (a random one by
// default): the same recording gives the same bytes.
constexpr int kSerialNumber = 0x686f6373;  // "hocs"

}  // namespace

Narration encode_narration(const std::string& input, const NarrationSettings& settings) {
  // ---- decode ----
  // libsndfile reads from memory: the stage reads exactly the bytes it was given.
  auto memory = sound::SoundMemory::reading(input);
  SF_VIRTUAL_IO io = memory.io();
  SF_INFO info{};
  std::unique_ptr<SNDFILE, int (*)(SNDFILE*)> file(sf_open_virtual(&io, SFM_READ, &info, &memory), sf_close);
  if (!file)
    return refuse(say(N_("this recording is not audio hocso can read ({reason}); save it as WAV, FLAC, Ogg or MP3 "
                      "from the recorder app"),
                      arg("reason", sf_strerror(nullptr))),
                  "audio-unreadable");
  if (info.samplerate < kMinSampleRate || info.samplerate > kMaxSampleRate)
    return refuse(say(N_("this recording has a sample rate of {rate} Hz; a recording must have {lowest} to {highest} "
                      "Hz (the recorder app's usual setting, 44100 or 48000 Hz, is right)"),
                      arg("rate", info.samplerate), arg("lowest", kMinSampleRate), arg("highest", kMaxSampleRate)),
                  "audio-sample-rate");
  if (info.channels < 1 || info.channels > 8)
    return refuse(say(N_("this recording has {count} channels; record in mono or stereo"), arg("count", info.channels)),
                  "audio-unreadable");
  const double rate = info.samplerate;
  const auto max_frames = static_cast<sf_count_t>(settings.max_seconds * rate);
  // A header may claim hours: refused before anything is read.
  if (info.frames > max_frames)
    return refuse(say(N_("this recording lasts {length}; a recording may last at most {limit}: split the part, or read "
                      "it more briefly"),
                      arg("length", seconds_text(static_cast<double>(info.frames) / rate)),
                      arg("limit", seconds_text(settings.max_seconds))),
                  "audio-too-long");
  // A file cut short (a copy that stopped, a full phone): libsndfile reads what
  // is there and notes it in its log; a part of a recording is not shipped.
  {
    char log[4096] = {};
    sf_command(file.get(), SFC_GET_LOG_INFO, log, sizeof log);
    const std::string text(log);
    // WAV: "data : 529200 (should be 264560)", the data chunk longer than the file.
    const auto data = text.find("\ndata : ");
    const bool short_data = data != std::string::npos &&
                            text.substr(data, text.find('\n', data + 1) - data).find("should be") != std::string::npos;
    if (short_data) return refuse(say(kCutShort), "audio-unreadable");
  }
  std::vector<float> mono;
  mono.reserve(static_cast<std::size_t>(std::max<sf_count_t>(info.frames, 0)));
  std::vector<float> chunk(static_cast<std::size_t>(4096 * info.channels));
  for (;;) {
    const sf_count_t got = sf_readf_float(file.get(), chunk.data(), 4096);
    if (got <= 0) break;
    for (sf_count_t f = 0; f < got; ++f) {
      float sum = 0;
      for (int c = 0; c < info.channels; ++c) sum += chunk[static_cast<std::size_t>(f * info.channels + c)];
      mono.push_back(sum / static_cast<float>(info.channels));
    }
    if (static_cast<sf_count_t>(mono.size()) > max_frames)
      return refuse(say(N_("this recording lasts more than {limit}, the longest a recording may be: split the part, "
                        "or read it more briefly"),
                        arg("limit", seconds_text(settings.max_seconds))),
                    "audio-too-long");
  }
  if (sf_error(file.get()) != SF_ERR_NO_ERROR)
    return refuse(say(N_("this recording could not be read to its end ({reason}); copy it again from the recorder"),
                      arg("reason", sf_strerror(file.get()))),
                  "audio-unreadable");
  // PCM formats know their length exactly (MP3 and Ogg only estimate it).
  const int container = info.format & SF_FORMAT_TYPEMASK;
  const bool exact_length = container != SF_FORMAT_MPEG && container != SF_FORMAT_OGG;
  if (exact_length && info.frames > 0 && static_cast<sf_count_t>(mono.size()) < info.frames)
    return refuse(say(kCutShort), "audio-unreadable");
  Narration out;
  out.input_seconds = static_cast<double>(mono.size()) / rate;

  // ---- trim the silence around the voice ----
  auto loud = [](float s) { return std::fabs(s) > kSilenceThreshold; };
  const auto first = std::find_if(mono.begin(), mono.end(), loud);
  if (first == mono.end())
    return refuse(say(N_("this recording has no sound, only silence; check the microphone and record it again")),
                  "audio-silent");
  const auto last = std::find_if(mono.rbegin(), mono.rend(), loud).base();
  const auto pad = static_cast<std::ptrdiff_t>(kSilencePadSeconds * rate);
  const std::ptrdiff_t begin = std::max<std::ptrdiff_t>(0, (first - mono.begin()) - pad);
  const std::ptrdiff_t end = std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(mono.size()), (last - mono.begin()) + pad);
  std::vector<float> voice(mono.begin() + begin, mono.begin() + end);
  mono = {};
  out.duration_seconds = static_cast<double>(voice.size()) / rate;

  // ---- loudness (EBU R128 integrated, BS.1770), peaks limited ----
  {
    auto measure = [&](const std::vector<float>& samples) {
      std::unique_ptr<ebur128_state, void (*)(ebur128_state*)> meter(
          ebur128_init(1, static_cast<unsigned long>(info.samplerate), EBUR128_MODE_I),
          [](ebur128_state* s) { ebur128_destroy(&s); });
      double loudness = std::nan("");
      if (!meter || ebur128_add_frames_float(meter.get(), samples.data(), samples.size()) != EBUR128_SUCCESS ||
          ebur128_loudness_global(meter.get(), &loudness) != EBUR128_SUCCESS)
        return std::nan("");
      return loudness;
    };
    const double loudness = measure(voice);
    if (std::isnan(loudness)) return refuse(say(N_("this recording could not be measured for loudness")), "audio-encode");
    if (!std::isfinite(loudness))
      return refuse(say(N_("this recording has too little sound to hear (under half a second, or very quiet); record "
                        "it again, closer to the microphone")),
                    "audio-silent");
    float peak = 0;
    for (float s : voice) peak = std::max(peak, std::fabs(s));
    // The gain the target asks for, with at most kMaxLimiting of it taken off
    // the peaks; limiting lowers the loudness a little, so the gain is raised
    // by what is missing, twice at most.
    const double most = kPeakCeiling / peak * kMaxLimiting;
    double gain = std::min(std::pow(10.0, (settings.loudness_lufs - loudness) / 20.0), most);
    std::vector<float> limited;
    for (int round = 0; round < 3; ++round) {
      limited = voice;
      apply_limited_gain(limited, gain, kPeakCeiling, info.samplerate);
      const double reached = measure(limited);
      if (!std::isfinite(reached) || std::fabs(reached - settings.loudness_lufs) < 0.2 || gain >= most) break;
      gain = std::min(gain * std::pow(10.0, (settings.loudness_lufs - reached) / 20.0), most);
    }
    voice = std::move(limited);
  }

  // ---- Ogg Opus ----
  std::unique_ptr<OggOpusComments, void (*)(OggOpusComments*)> comments(ope_comments_create(), ope_comments_destroy);
  if (!comments) return refuse(say(kNotEncoded, arg("reason", "out of memory")), "audio-encode");
  OpusEncCallbacks callbacks{append, close_nothing};
  int error = 0;
  std::unique_ptr<OggOpusEnc, void (*)(OggOpusEnc*)> encoder(
      ope_encoder_create_callbacks(&callbacks, &out.bytes, comments.get(), info.samplerate, 1, 0, &error),
      ope_encoder_destroy);
  if (!encoder || error != OPE_OK) return refuse(say(kNotEncoded, arg("reason", ope_strerror(error))), "audio-encode");
  if (ope_encoder_ctl(encoder.get(), OPE_SET_SERIALNO(kSerialNumber)) != OPE_OK ||
      ope_encoder_ctl(encoder.get(), OPUS_SET_BITRATE(settings.bitrate_kbps * 1000)) != OPE_OK ||
      ope_encoder_ctl(encoder.get(), OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE)) != OPE_OK ||
      ope_encoder_ctl(encoder.get(), OPE_SET_COMMENT_PADDING(0)) != OPE_OK)
    return refuse(say(kNotEncoded, arg("reason", "encoder settings refused")), "audio-encode");
  if ((error = ope_encoder_write_float(encoder.get(), voice.data(), static_cast<int>(voice.size()))) != OPE_OK ||
      (error = ope_encoder_drain(encoder.get())) != OPE_OK)
    return refuse(say(kNotEncoded, arg("reason", ope_strerror(error))), "audio-encode");
  out.ok = true;
  return out;
}

std::string library_versions() {
  int major = 0, minor = 0, patch = 0;
  ebur128_get_version(&major, &minor, &patch);
  char sndfile[128] = {};
  sf_command(nullptr, SFC_GET_LIB_VERSION, sndfile, sizeof sndfile);
  return std::string(sndfile) + "; libebur128 " + std::to_string(major) + "." + std::to_string(minor) + "." +
         std::to_string(patch) + "; " + ope_get_version_string();
}

}  // namespace hocso::audio
