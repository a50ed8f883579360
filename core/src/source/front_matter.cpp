#include "front_matter.h"

#include "hocso/messages.h"

namespace hocso {

namespace {

// A line that is `marker` with nothing after it but spaces or tabs (editors leave
// those invisible trailers; refusing them would puzzle writers).
bool is_marker_line(std::string_view line, std::string_view marker) {
  if (!line.starts_with(marker)) return false;
  return line.find_first_not_of(" \t", marker.size()) == std::string_view::npos;
}

}  // namespace

std::optional<FrontMatter> split_front_matter(std::string_view text, const std::string& file,
                                              Diagnostics& diagnostics) {
  std::size_t line_end = text.find('\n');
  std::string_view first_line = text.substr(0, line_end);
  if (!is_marker_line(first_line, "---")) {
    diagnostics.error({file, 1, 1},
                      _("the file must start with YAML front matter: a line `---`, the fields "
                        "(id, title, ...), then a closing line `---`"),
                      "front-matter-missing");
    return std::nullopt;
  }
  FrontMatter result;
  result.yaml_first_line = 2;
  std::size_t yaml_begin = line_end == std::string_view::npos ? text.size() : line_end + 1;
  int line_number = 2;
  for (std::size_t begin = yaml_begin; begin < text.size(); ++line_number) {
    std::size_t end = text.find('\n', begin);
    std::string_view line = text.substr(begin, end == std::string_view::npos ? end : end - begin);
    if (is_marker_line(line, "---") || is_marker_line(line, "...")) {
      result.yaml = std::string(text.substr(yaml_begin, begin - yaml_begin));
      result.body =
          end == std::string_view::npos ? std::string() : std::string(text.substr(end + 1));
      result.body_first_line = line_number + 1;
      return result;
    }
    if (end == std::string_view::npos) break;
    begin = end + 1;
  }
  diagnostics.error({file, 1, 1},
                    _("the front matter that starts here is not closed; add a line `---` after "
                      "its last field"),
                    "front-matter-unterminated");
  return std::nullopt;
}

}  // namespace hocso
