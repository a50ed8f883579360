#pragma once
// Runs the plugin stages a pack asks for (or the standard set) over the model,
// turning every plugin failure into a diagnostic that names the plugin file.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "audio_jobs.h"
#include "localize.h"
#include "media_jobs.h"
#include "model.h"
#include "plugin_host.h"

namespace hocso {

// The stages a pack gets when it has no `plugins:` list: the standard set that
// ships with hocso (validate-core, validate-privacy, screenshots). Stages of
// this list that are not installed are warnings, except validate-core
// (require_validation_plugin).
const std::vector<std::string>& standard_stages();

// The validate stage every pack gets, whatever its `plugins:` list says: it
// checks the pack and each lesson against the schemas.
inline constexpr const char* kRequiredValidateStage = "validate-core";

// The privacy check (decision 0017): every pack gets it too, also one whose
// `plugins:` list does not name it; when it is not installed, a warning.
inline constexpr const char* kPrivacyValidateStage = "validate-privacy";

// Throws FatalError (exit 2: the installation is at fault, not the content,
// and nothing unchecked may be signed) saying what is wrong and what to do,
// unless the stage validate-core is there, comes from the plugin validate-core
// in a file named hocso-validate-core.so, and no other file of that name is on
// the plugin path (shadowed, refused or failed to load).
void require_validation_plugin(const PluginHost& host);

// "plugin FILE REASON", in the reader's language: why a plugin was not loaded.
std::string plugin_failure_text(const PluginFailure& failure);

// The validate stages of one pack, run as its lessons stream through a build
// (plugin API 4). The constructor first calls require_validation_plugin()
// (throws FatalError), then resolves the pack's stage list (plus validate-core
// and validate-privacy when the list does not name them) against the host: an unknown name is an
// error with "did you mean"; a plugin file that failed to load or was refused
// is an error when the pack needs it (its file name is hocso-<stage>.so) and a
// warning otherwise; two files giving one plugin name are an error; a shadowed
// file is a warning. Then each stage's begin_pack() runs;
// lesson() runs validate_lesson() on each, finish() end_pack(). An exception
// from a stage is an error naming the plugin file [plugin-threw], and that
// stage is not called again for the pack.
class PackValidation {
 public:
  // `cache` is the build cache the stages get (PluginContext::cache()), or nullptr.
  PackValidation(const Pack& pack, PluginHost& host, Diagnostics& diagnostics, const StageCache* cache = nullptr);
  ~PackValidation();
  PackValidation(const PackValidation&) = delete;
  PackValidation& operator=(const PackValidation&) = delete;

  // A loaded lesson (not a summary), in pack order.
  void lesson(const Lesson& lesson);
  // ... its diagnostics (the stages' and a stage's throw) in `into`.
  void lesson(const Lesson& lesson, Diagnostics& into);
  // Right after lesson(): what each stage keeps of that lesson for its checks
  // across lessons (ValidateStage::lesson_memo(), plugin API 6.4), one per
  // stage in order; nullopt when a stage gives none (built for an older minor,
  // declined, stopped, or threw), and the lesson must be read again next time.
  std::optional<std::vector<std::string>> memos(const std::string& lesson_id);
  // Whether recall() can take `memos`: one per stage, every stage built for
  // plugin API 6.4 or later, none stopped. Else the lesson must be read.
  bool can_recall(const std::vector<std::string>& memos) const;
  // A lesson not read again (decision 0027): each stage's recall_lesson() with
  // its memo, diagnostics (a stage's throw) in `into`. False, calling nothing,
  // when it cannot (can_recall()).
  bool recall(const std::string& lesson_id, const std::vector<std::string>& memos, Diagnostics& into);
  void finish();

 private:
  void report_into(Diagnostics& diagnostics);

  struct Running;
  template <typename Call>
  void call_each(const Call& call);

  Diagnostics& diagnostics_;
  Diagnostics* target_ = &diagnostics_;  // where the stages' reports go now
  PackView view_;
  std::vector<std::unique_ptr<Running>> stages_;
};

// The first media stage among the pack's stages (or the standard set) that the
// host has, with the pack's settings for it; nullopt when there is none (images
// are then stored as they are). Missing stages were reported by PackValidation.
std::optional<MediaStageChoice> choose_media_stage(const Pack& pack, PluginHost& host);

// The first audio stage among the pack's stages (or the standard set) that the
// host has; nullopt when there is none (recordings are then not shipped).
std::optional<AudioStageChoice> choose_audio_stage(const Pack& pack, PluginHost& host);

// The speech stage that reads the pack's `audio: {tts: [...]}` languages (the
// first among its stages or the standard set); nullopt when the pack asks for
// none. No speech stage, a language it has no voice for, or one that is not
// the pack's source language is an error at the pack file [audio-tts].
std::optional<SpeechStageChoice> choose_speech_stage(const Pack& pack, PluginHost& host, Diagnostics& diagnostics);

// The stage that translates the pack (the first localize stage its `plugins:`
// list names, else translate-po), when installed, and every installed language
// plugin with its fallback chain. localize_lessons() reports a missing stage.
LocalizeOptions localize_options(const Pack& pack, PluginHost& host);

}  // namespace hocso
