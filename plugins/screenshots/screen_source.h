#pragma once
// Finding the file a screenshot reference means for one language: the
// per-language variant screens/<lang>/NAME, then each fallback's, then the
// reference itself; never through a symbolic link, never outside the lesson.

#include <filesystem>
#include <string>
#include <vector>

#include "hocso/plugin.h"

namespace hocso::screenshots {

struct ScreenSource {
  bool ok = false;
  std::string relative;   // the file used, relative to the lesson folder ("screens/en/a.png")
  std::string bytes;      // its contents
};

// The candidate paths (relative to the lesson folder) tried for `target`, in order:
// <dir>/<lang>/<name> for the language and each fallback, then `target`.
std::vector<std::string> source_candidates(const std::string& target, const std::string& language,
                                           const std::vector<std::string>& fallbacks);

// Resolves and reads the source of `request`. On failure reports one diagnostic at
// request.where ([path-outside-lesson], [path-symlink], [image-missing]) and
// returns ok=false.
ScreenSource read_screen_source(const ImageRequest& request, PluginContext& context);

}  // namespace hocso::screenshots
