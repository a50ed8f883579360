// Fuzz target: a lesson.md's bytes through what `hocso check` does before the
// body: decode (UTF-8, NFC, line ends, legacy encodings), split off the front
// matter, parse it as YAML into JSON with positions; the same text as a pack
// file (YAML from line 1); then every diagnostic printed as the CLI prints it.
// Oracles beyond "no crash": the body is the file's tail and starts on the line
// the splitter says, every node of a parsed document is located on a line of
// the YAML it came from, and every diagnostic points inside the file.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diagnostics.h"
#include "front_matter.h"
#include "fuzz_support.h"
#include "source_text.h"
#include "yaml_document.h"

namespace {

using hocso::fuzz::require;
using Json = nlohmann::ordered_json;

// Lines as hocso counts them (source_text.cpp): LF, CRLF and a lone CR each end one.
int count_lines(std::string_view text) {
  int lines = 1;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) ++lines;
  return lines;
}

std::string escape_token(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

// Every node of `doc` is located inside lines [first_line, last_line]; walked
// with an explicit stack (documents are at most 32 deep, but no recursion anyway).
void check_positions(const hocso::YamlDocument& doc, const std::string& file, int first_line, int last_line) {
  std::vector<std::pair<std::string, const Json*>> stack{{"", &doc.value()}};
  while (!stack.empty()) {
    auto [pointer, node] = std::move(stack.back());
    stack.pop_back();
    const hocso::Location at = doc.locate(pointer);
    require(at.file == file, "a YAML node is located in another file");
    if (!pointer.empty()) {
      require(at.line >= first_line && at.line <= last_line, "a YAML node is located outside its lines");
      require(at.column >= 1, "a YAML node has no column");
      const hocso::Location key = doc.locate_key(pointer);
      require(key.line >= first_line && key.line <= last_line, "a YAML key is located outside its lines");
    }
    if (node->is_object()) {
      for (const auto& [k, v] : node->items()) stack.emplace_back(pointer + "/" + escape_token(k), &v);
    } else if (node->is_array()) {
      for (std::size_t i = 0; i < node->size(); ++i) stack.emplace_back(pointer + "/" + std::to_string(i), &(*node)[i]);
    }
  }
  require(!doc.json().empty(), "a parsed document has no JSON text");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::string lesson_file = "content/lessons/fuzz/lesson.md";
  const std::string pack_file = "content/packs/fuzz.yaml";
  hocso::Diagnostics diagnostics;
  int file_lines = count_lines(bytes);

  if (auto text = hocso::decode_source_text(bytes, lesson_file, diagnostics)) {
    file_lines = count_lines(*text);
    diagnostics.remember_source(lesson_file, *text);
    diagnostics.remember_source(pack_file, *text);
    if (auto split = hocso::split_front_matter(*text, lesson_file, diagnostics)) {
      require(std::string_view(*text).ends_with(split->body), "the body is not the end of the file");
      if (!split->body.empty()) {
        const std::string_view before = std::string_view(*text).substr(0, text->size() - split->body.size());
        require(count_lines(before) == split->body_first_line, "the body does not start on body_first_line");
      }
      require(split->yaml_first_line == 2, "front matter does not start on line 2");
      if (auto doc = hocso::parse_yaml(split->yaml, lesson_file, split->yaml_first_line, diagnostics))
        check_positions(*doc, lesson_file, split->yaml_first_line,
                        split->yaml_first_line + count_lines(split->yaml) - 1);
    }
    if (auto doc = hocso::parse_yaml(*text, pack_file, 1, diagnostics)) check_positions(*doc, pack_file, 1, file_lines);
  }

  for (const auto& d : diagnostics.all()) {
    require(d.where.line >= 0 && d.where.line <= file_lines, "a diagnostic's line is outside the file");
    require(d.where.column >= 0, "a diagnostic has a negative column");
    require(!hocso::format_human(d, diagnostics).empty(), "a diagnostic prints as nothing");
  }
  return 0;
}
