#include "display_path.h"

#include <system_error>

namespace hocso {

namespace fs = std::filesystem;

std::string display_path(const fs::path& path) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec).lexically_normal();
  fs::path rel = fs::relative(absolute, fs::current_path(ec), ec);
  if (!ec && !rel.empty() && *rel.begin() != "..") return rel.generic_string();
  return absolute.generic_string();
}

std::string display_path_lexical(const fs::path& path) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec).lexically_normal();
  const fs::path rel = absolute.lexically_relative(fs::current_path(ec));
  if (!ec && !rel.empty() && *rel.begin() != "..") return rel.generic_string();
  return absolute.generic_string();
}

}  // namespace hocso
