#include "screen_source.h"

#include <fstream>
#include <sstream>

namespace hocso::screenshots {

ScreenSource read_screen_source(const ImageRequest& request, PluginContext& context) {
  ScreenSource source;
  std::ifstream in(request.lesson_folder / request.source_file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (request.source_file.empty() || (!in && !in.eof())) {
    context.report({Severity::error, request.where, "cannot read screenshot '" + request.source_file + "'",
                    "image-missing"});
    return source;
  }
  source.ok = true;
  source.relative = request.source_file;
  source.bytes = std::move(bytes).str();
  return source;
}

}  // namespace hocso::screenshots
