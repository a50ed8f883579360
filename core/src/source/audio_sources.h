#pragma once
// Narration recordings in the content folder (issue 18; decision 0023):
//   content/audio/<lang>/<lesson>/<unit>.<ext>   (wav, flac, ogg, opus, mp3)
//   content/audio/<lang>/<lesson>/<unit>.source  the SHA-256 (hex) of the unit's
//                                                source text it was recorded for
// A unit is `intro` (the body before the first step), `step-N` (the N of the
// lesson JSON's step `index`, the page's #buoc-N) or `quiz-N` (the N-th quiz
// question with its choices). A recording whose .source no longer matches is
// stale: reported, and not shipped until recorded again or confirmed.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "model.h"

namespace hocso {

struct AudioUnit {
  std::string id;             // "intro", "step-2", "quiz-1"
  std::string source_sha256;  // hex, of the unit's source text
  std::string text;           // the source text (Markdown for intro and steps)
  std::string spoken;         // its words as a voice reads them: sentences, no markup or pictures
  Location where;             // in lesson.md
};

// The lesson's units that have text, in page order.
std::vector<AudioUnit> audio_units(const Lesson& lesson);

// The recording extensions accepted, without the dot.
const std::vector<std::string>& audio_extensions();

// content/audio/<lang>/<lesson>
std::filesystem::path audio_folder(const Pack& pack, const std::string& language, const std::string& lesson_id);

// A recording that can be shipped: its unit's text is the one it was made for.
struct AudioSource {
  std::string language;
  std::string unit;
  std::filesystem::path file;  // absolute
  std::string shown;           // the file as messages name it (display_path)
};

// What a recording of a unit the lesson has was found to be (for coverage).
enum class RecordingState { fresh, stale, unconfirmed };
struct UnitRecording {
  std::string language;
  std::string unit;
  RecordingState state = RecordingState::fresh;
};

// The recordings of `lesson` in every pack language, checked: a stale one
// [audio-stale], one without its .source [audio-unconfirmed], one for a unit
// the lesson does not have or of another format [audio-unknown-unit] are
// warnings (as the pack's `checks:` adjusts them) and left out; two recordings of one unit [audio-duplicate] and a
// recording or folder that is a symbolic link [path-symlink] are errors.
// Returns the fresh ones in (pack language, unit) order. Reports to
// `diagnostics` when given; lists every recording of a unit the lesson has,
// fresh or not, in `recordings` when given.
std::vector<AudioSource> lesson_audio(const Pack& pack, const Lesson& lesson, Diagnostics* diagnostics,
                                      std::vector<UnitRecording>* recordings = nullptr);

}  // namespace hocso
