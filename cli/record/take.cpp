#include "take.h"

#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "atomic_file.h"
#include "display_path.h"
#include "audio_sources.h"
#include "hocso/lesson_files.h"
#include "hocso/messages.h"
#include "sound_memory.h"

namespace hocso::record {

namespace fs = std::filesystem;

namespace {

std::string seconds_text(double seconds) {
  const auto whole = static_cast<long long>(seconds);
  return fmt::format("{} min {} s", whole / 60, whole % 60);
}

}  // namespace

std::size_t max_take_bytes(int rate, const TakeLimits& limits) {
  if (rate < limits.min_rate || rate > limits.max_rate) return 0;
  const auto longest = static_cast<std::size_t>(std::ceil(limits.max_seconds * rate)) * sizeof(float);
  return std::min(longest, limits.max_bytes);
}

std::optional<TakeProblem> check_take(std::string_view body, int rate, CheckedTake& take, const TakeLimits& limits) {
  using Kind = TakeProblem::Kind;
  if (rate < limits.min_rate || rate > limits.max_rate)
    return TakeProblem{Kind::rate, fmt::format(fmt::runtime(_("a take must have a sample rate of {min} to {max} Hz, "
                                                              "not {rate} Hz")),
                                               fmt::arg("min", limits.min_rate), fmt::arg("max", limits.max_rate),
                                               fmt::arg("rate", rate))};
  if (body.size() > max_take_bytes(rate, limits))
    return TakeProblem{Kind::size, fmt::format(fmt::runtime(_("this take is too large ({megabytes} MB); record the "
                                                              "part in pieces of at most {longest}")),
                                               fmt::arg("megabytes", body.size() >> 20),
                                               fmt::arg("longest", seconds_text(limits.max_seconds)))};
  if (body.size() % sizeof(float) != 0)
    return TakeProblem{Kind::not_samples, _("the take is not whole float32 samples")};
  take.rate = rate;
  take.samples.resize(body.size() / sizeof(float));
  // Little-endian, as every browser's platform sends a Float32Array.
  std::memcpy(take.samples.data(), body.data(), body.size());
  const double seconds = take.seconds();
  if (seconds > limits.max_seconds)
    return TakeProblem{Kind::too_long, fmt::format(fmt::runtime(_("this take lasts {length}; a recording may last at "
                                                                  "most {longest}: split the part, or read it more "
                                                                  "briefly")),
                                                   fmt::arg("length", seconds_text(seconds)),
                                                   fmt::arg("longest", seconds_text(limits.max_seconds)))};
  if (seconds < limits.min_seconds)
    return TakeProblem{Kind::too_short, fmt::format(fmt::runtime(_("this take is too short ({seconds:.1f} s); record "
                                                                   "the part again")),
                                                    fmt::arg("seconds", seconds))};
  float peak = 0;
  for (float s : take.samples) {
    if (!std::isfinite(s)) return TakeProblem{Kind::not_samples, _("the take holds values that are not sound samples")};
    peak = std::max(peak, std::fabs(s));
  }
  if (peak <= std::pow(10.0, limits.silence_dbfs / 20))
    return TakeProblem{Kind::silent, _("this take has no sound, only silence; check the microphone and record it "
                                       "again")};
  return std::nullopt;
}

std::string encode_flac(const CheckedTake& take) {
  return sound::write_mono(take.rate, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, take.samples.data(), take.samples.size());
}

std::optional<std::string> save_take(const fs::path& content_root, const std::string& language,
                                     const std::string& lesson, const std::string& unit, const std::string& flac,
                                     const std::string& source_sha256) {
  const std::string folder = fmt::format("audio/{}/{}", language, lesson);
  // No link on the way to the folder, nor where the files go.
  std::vector<std::string> others;
  for (const auto& extension : audio_extensions()) {
    const std::string relative = fmt::format("{}/{}.{}", folder, unit, extension);
    const LessonPathLookup where = look_up_lesson_path(content_root, relative);
    if (where.state == LessonPathLookup::State::link)
      return fmt::format(fmt::runtime(_("{path} is a symbolic link; hocso writes recordings only into real folders of "
                                        "content/audio")),
                         fmt::arg("path", display_path_lexical(content_root / where.link)));
    if (where.state == LessonPathLookup::State::not_a_file)
      return fmt::format(fmt::runtime(_("{path} is not a file")), fmt::arg("path", display_path_lexical(content_root / relative)));
    if (where.state == LessonPathLookup::State::file && extension != "flac") others.push_back(relative);
  }
  const LessonPathLookup source = look_up_lesson_path(content_root, fmt::format("{}/{}.source", folder, unit));
  if (source.state == LessonPathLookup::State::link)
    return fmt::format(fmt::runtime(_("{path} is a symbolic link; hocso writes recordings only into real folders of "
                                      "content/audio")),
                       fmt::arg("path", display_path_lexical(content_root / source.link)));
  const fs::path flac_file = content_root / folder / (unit + ".flac");
  if (!write_file_atomically(flac_file, {flac}))
    return fmt::format(fmt::runtime(_("cannot write {path}")), fmt::arg("path", display_path_lexical(flac_file)));
  // One recording per unit: the take replaces one in another format.
  for (const auto& other : others) {
    std::error_code ec;
    fs::remove(content_root / other, ec);
    if (ec) return fmt::format(fmt::runtime(_("cannot remove {path}")), fmt::arg("path", display_path_lexical(content_root / other)));
  }
  const fs::path source_file = content_root / folder / (unit + ".source");
  if (!write_file_atomically(source_file, {source_sha256, "\n"}))
    return fmt::format(fmt::runtime(_("cannot write {path}")), fmt::arg("path", display_path_lexical(source_file)));
  return std::nullopt;
}

}  // namespace hocso::record
