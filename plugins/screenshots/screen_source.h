#pragma once
// Reading the screenshot a request names. Which file that is (the per-language
// variant screens/<lang>/NAME, a fallback's, or the reference itself) is the
// host's choice (ImageRequest::source_file): it checked that the file is
// inside the lesson folder and reached through no link, and its build cache
// key covers exactly that file.

#include <string>

#include "hocso/plugin.h"

namespace hocso::screenshots {

struct ScreenSource {
  bool ok = false;
  std::string relative;   // the file used, relative to the lesson folder ("screens/en/a.png")
  std::string bytes;      // its contents
};

// Reads request.source_file. On failure reports one diagnostic at
// request.where ([image-missing]) and returns ok=false.
ScreenSource read_screen_source(const ImageRequest& request, PluginContext& context);

}  // namespace hocso::screenshots
