#pragma once
// Runs the plugin stages a pack asks for (or the standard set) over the model,
// turning every plugin failure into a diagnostic that names the plugin file.

#include <memory>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "localize.h"
#include "media_jobs.h"
#include "model.h"
#include "plugin_host.h"

namespace hocso {

// The stages a pack gets when it has no `plugins:` list: the standard set that
// ships with hocso. Stages of this list that are not installed are warnings.
const std::vector<std::string>& standard_stages();

// The validate stages of one pack, run as its lessons stream through a build
// (plugin API 4). The constructor resolves the pack's stage list against the
// host: an unknown name is an error with "did you mean"; a plugin file that
// failed to load is an error when the pack needs it (its file name is
// hocso-<stage>.so) and a warning otherwise. Then each stage's begin_pack() runs;
// lesson() runs validate_lesson() on each, finish() end_pack(). An exception
// from a stage is an error naming the plugin file [plugin-threw], and that
// stage is not called again for the pack.
class PackValidation {
 public:
  PackValidation(const Pack& pack, PluginHost& host, Diagnostics& diagnostics);
  ~PackValidation();
  PackValidation(const PackValidation&) = delete;
  PackValidation& operator=(const PackValidation&) = delete;

  // A loaded lesson (not a summary), in pack order.
  void lesson(const Lesson& lesson);
  void finish();

 private:
  struct Running;
  template <typename Call>
  void call_each(const Call& call);

  Diagnostics& diagnostics_;
  PackView view_;
  std::vector<std::unique_ptr<Running>> stages_;
};

// The first media stage among the pack's stages (or the standard set) that the
// host has, with the pack's settings for it; nullopt when there is none (images
// are then stored as they are). Missing stages were reported by PackValidation.
std::optional<MediaStageChoice> choose_media_stage(const Pack& pack, PluginHost& host);

// The stage that translates the pack (the first localize stage its `plugins:`
// list names, else translate-po), when installed, and every installed language
// plugin with its fallback chain. localize_lessons() reports a missing stage.
LocalizeOptions localize_options(const Pack& pack, PluginHost& host);

}  // namespace hocso
