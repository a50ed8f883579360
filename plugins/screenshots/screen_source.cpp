#include "screen_source.h"

#include <fstream>
#include <sstream>
#include <system_error>

namespace hocso::screenshots {

namespace fs = std::filesystem;

namespace {

void report(PluginContext& context, const ImageRequest& request, std::string message, std::string check_id) {
  context.report({Severity::error, request.where, std::move(message), std::move(check_id)});
}

enum class Lookup { found, absent, symlink, not_regular };

// Walks `relative` below `folder` one component at a time so that a link anywhere
// on the way (a linked screens/ folder too) is refused, not followed.
Lookup look_up(const fs::path& folder, const fs::path& relative) {
  fs::path walk = folder;
  std::error_code ec;
  for (const auto& part : relative) {
    walk /= part;
    const fs::file_status status = fs::symlink_status(walk, ec);
    if (ec || !fs::exists(status)) return Lookup::absent;
    if (fs::is_symlink(status)) return Lookup::symlink;
  }
  return fs::is_regular_file(fs::symlink_status(walk, ec)) ? Lookup::found : Lookup::not_regular;
}

}  // namespace

std::vector<std::string> source_candidates(const std::string& target, const std::string& language,
                                           const std::vector<std::string>& fallbacks) {
  std::vector<std::string> out;
  const fs::path path(target);
  const fs::path dir = path.parent_path();
  auto add = [&](const std::string& lang) {
    if (lang.empty() || lang.find('/') != std::string::npos || lang == "." || lang == "..") return;
    std::string candidate = (dir / lang / path.filename()).generic_string();
    for (const auto& c : out)
      if (c == candidate) return;
    out.push_back(std::move(candidate));
  };
  add(language);
  for (const auto& f : fallbacks) add(f);
  out.push_back(path.generic_string());
  return out;
}

ScreenSource read_screen_source(const ImageRequest& request, PluginContext& context) {
  ScreenSource source;
  const std::string& target = request.target;
  const fs::path relative = fs::path(target).lexically_normal();
  if (target.empty() || fs::path(target).is_absolute() || target.find("://") != std::string::npos ||
      target.find('\\') != std::string::npos || relative.empty() || *relative.begin() == "..") {
    report(context, request, "screenshot '" + target + "' is outside the lesson folder; use a path like screens/NAME.png",
           "path-outside-lesson");
    return source;
  }
  for (const auto& candidate : source_candidates(relative.generic_string(), request.language, request.fallbacks)) {
    switch (look_up(request.lesson_folder, candidate)) {
      case Lookup::absent:
        continue;
      case Lookup::symlink:
        report(context, request, "screenshot '" + candidate + "' is (or is inside) a symbolic link; copy the file into the lesson folder",
               "path-symlink");
        return source;
      case Lookup::not_regular:
        report(context, request, "screenshot '" + candidate + "' is not a regular file", "image-missing");
        return source;
      case Lookup::found:
        break;
    }
    std::ifstream in(request.lesson_folder / candidate, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in && !in.eof()) {
      report(context, request, "cannot read screenshot '" + candidate + "'", "image-missing");
      return source;
    }
    source.ok = true;
    source.relative = candidate;
    source.bytes = std::move(bytes).str();
    return source;
  }
  report(context, request, "screenshot '" + target + "' not found in the lesson folder", "image-missing");
  return source;
}

}  // namespace hocso::screenshots
