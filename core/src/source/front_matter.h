#pragma once
// Splitting lesson.md into its YAML front matter and its Markdown body.

#include <optional>
#include <string>
#include <string_view>

#include "diagnostics.h"

namespace hocso {

struct FrontMatter {
  std::string yaml;         // between the `---` lines
  int yaml_first_line = 2;  // line of yaml's first line in the file (1-based)
  std::string body;         // after the closing `---` line
  int body_first_line = 1;
};

// `text` is decoded source text (see source_text.h). The file must start with a
// line `---`; the front matter ends at the next line that is exactly `---` (or
// `...`); trailing spaces or tabs on these lines are ignored. Missing opening
// line: [front-matter-missing] at 1:1; no closing line:
// [front-matter-unterminated], located at the opening line. Returns nullopt then.
std::optional<FrontMatter> split_front_matter(std::string_view text, const std::string& file,
                                              Diagnostics& diagnostics);

}  // namespace hocso
