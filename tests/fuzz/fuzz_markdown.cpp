// Fuzz target: a lesson body's bytes through what a build does with it: decoded
// as source text, checked and parsed (cmark), rendered with links and images
// resolved, rendered again as a whole lesson page and its JSON, split into the
// blocks translators see and put back together.
// Oracles beyond "no crash":
// - the body's HTML has only the tags and attributes cmark's safe renderer and
//   hocso's image tags make, and every href/src is one the resolver gave (or
//   blanked): "HTML that can never carry active content" (markdown.h);
// - a lesson page has exactly one <script> (the viewer's) and valid JSON;
// - putting every block back unchanged gives a body that parses again with as
//   many blocks of the same kinds (localize.cpp relies on it: a paragraph that
//   became a heading would be a new step). Not checked: that each block's text
//   is the same, which lines in deeply nested lists and quotes with trailing
//   spaces do not always keep (docs/fuzzing.md);
// - every diagnostic points at a line of the body.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include <cmark.h>
#include <nlohmann/json.hpp>

#include "diagnostics.h"
#include "fuzz_support.h"
#include "markdown.h"
#include "model.h"
#include "render.h"
#include "source_text.h"

namespace {

using hocso::fuzz::require;

constexpr int kFirstLine = 7;  // as if after six lines of front matter
const char* const kFile = "content/lessons/fuzz/lesson.md";
const std::string kLinkUrl = "khac.html#buoc-1";
const std::string kImageUrl = "../media/0f1e2d3c.webp";

bool lower_alpha(char c) { return (c >= 'a' && c <= 'z') || c == '-' || (c >= '0' && c <= '9'); }

// The tags and attributes the body's HTML may have.
void check_safe_html(std::string_view html) {
  static const std::set<std::string, std::less<>> tags = {
      "p", "blockquote", "ul", "ol", "li", "pre", "code", "h1", "h2", "h3", "h4", "h5", "h6",
      "hr", "br", "em", "strong", "a", "img"};
  static const std::set<std::string, std::less<>> attributes = {
      "href", "src", "alt", "title", "width", "height", "loading", "class", "start"};
  for (std::size_t at = html.find('<'); at != std::string_view::npos; at = html.find('<', at + 1)) {
    std::size_t p = at + 1;
    if (p < html.size() && html[p] == '/') ++p;
    const std::size_t name_start = p;
    while (p < html.size() && lower_alpha(html[p])) ++p;
    require(tags.count(html.substr(name_start, p - name_start)) == 1, "a tag the safe renderer never makes");
    for (;;) {
      while (p < html.size() && html[p] == ' ') ++p;
      require(p < html.size(), "a tag that does not end");
      if (html[p] == '>') break;
      if (html.substr(p, 2) == "/>") break;
      const std::size_t attribute_start = p;
      while (p < html.size() && lower_alpha(html[p])) ++p;
      const std::string_view attribute = html.substr(attribute_start, p - attribute_start);
      require(attributes.count(attribute) == 1, "an attribute the safe renderer never makes");
      require(html.substr(p, 2) == "=\"", "an attribute without a quoted value");
      const std::size_t value_start = p + 2;
      const std::size_t value_end = html.find('"', value_start);
      require(value_end != std::string_view::npos, "an attribute value that does not end");
      const std::string_view value = html.substr(value_start, value_end - value_start);
      require(value.find('<') == std::string_view::npos, "'<' in an attribute value");
      if (attribute == "href") require(value.empty() || value == kLinkUrl, "a link URL the resolver did not give");
      if (attribute == "src") require(value.empty() || value == kImageUrl, "an image URL the resolver did not give");
      p = value_end + 1;
    }
  }
}

// Whether the body has a block quote or a list anywhere.
bool has_container(const std::string& text) {
  cmark_node* root = cmark_parse_document(text.data(), text.size(), CMARK_OPT_DEFAULT);
  bool found = false;
  cmark_iter* iter = cmark_iter_new(root);
  for (cmark_event_type event; !found && (event = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
    const cmark_node_type type = cmark_node_get_type(cmark_iter_get_node(iter));
    found = type == CMARK_NODE_BLOCK_QUOTE || type == CMARK_NODE_LIST;
  }
  cmark_iter_free(iter);
  cmark_node_free(root);
  return found;
}

std::size_t count_of(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  hocso::Diagnostics diagnostics;
  // Bodies reach the parser only as decoded source text.
  const auto text = hocso::decode_source_text(std::string_view(reinterpret_cast<const char*>(data), size), kFile,
                                              diagnostics);
  if (!text) return -1;
  const int last_line = kFirstLine + static_cast<int>(std::count(text->begin(), text->end(), '\n'));
  auto body = hocso::parse_markdown(*text, kFile, kFirstLine, diagnostics);
  for (const auto& d : diagnostics.all()) {
    require(d.where.line >= kFirstLine && d.where.line <= last_line, "a diagnostic outside the body's lines");
    require(d.where.column >= 0, "a diagnostic with a negative column");
  }
  if (!body) return 0;
  for (const auto& reference : body->references())
    require(reference.where.line >= kFirstLine && reference.where.line <= last_line && reference.where.column >= 1,
            "a reference located outside the body");

  // Every other link and image resolves; the rest are dropped.
  const hocso::UrlResolver resolve = [](const hocso::SourceReference& ref) -> std::optional<hocso::ResolvedUrl> {
    if (ref.target.size() % 2) return std::nullopt;
    if (ref.kind == hocso::SourceReference::Kind::link) return hocso::ResolvedUrl{kLinkUrl, 0, 0};
    return hocso::ResolvedUrl{kImageUrl, 640, 480};
  };
  const hocso::RenderedBody rendered = hocso::render_markdown(*body, resolve);
  check_safe_html(rendered.intro_html);
  for (const auto& step : rendered.steps) {
    check_safe_html(step.title_html);
    check_safe_html(step.html);
    require(step.line >= kFirstLine && step.line <= last_line, "a step's line outside the body");
  }

  // Blocks put back unchanged: the body parses again, to the same kinds of blocks.
  const auto blocks = hocso::markdown_blocks(*body);
  std::map<std::size_t, std::string> same;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    same[i] = blocks[i].text;
    (void)hocso::markup_summary(blocks[i].text);
  }
  const std::string rebuilt = hocso::replace_markdown_blocks(*body, same);
  hocso::Diagnostics again;
  auto reparsed = hocso::parse_markdown(rebuilt, kFile, kFirstLine, again);
  require(reparsed != nullptr, "a body with its own blocks put back is refused");
  // Bodies with block quotes or lists are left out of the structure check:
  // lazy and indented lines nested in them are an open finding
  // (tests/fuzz/open/, docs/fuzzing.md).
  const bool check_structure = !has_container(*text);
  const auto blocks_again = hocso::markdown_blocks(*reparsed);
  if (check_structure && blocks_again.size() != blocks.size()) {
    std::fprintf(stderr, "%zu blocks became %zu; the body put back:\n%s\n", blocks.size(), blocks_again.size(),
                 rebuilt.c_str());
    require(false, "a body with its own blocks put back has other blocks");
  }
  for (std::size_t i = 0; check_structure && i < blocks.size(); ++i) {
    if (blocks_again[i].kind == blocks[i].kind && blocks_again[i].level == blocks[i].level) continue;
    std::fprintf(stderr, "block %zu was:\n%s\nis now:\n%s\nthe body put back:\n%s\n", i, blocks[i].text.c_str(),
                 blocks_again[i].text.c_str(), rebuilt.c_str());
    require(false, "a block put back unchanged is another kind of block");
  }

  // The whole lesson page, as a build renders it.
  hocso::Pack pack;
  pack.id = "fuzz";
  pack.title = "Fuzz";
  pack.to_load = {{"fuzz", {}}, {"khac", {}}};
  hocso::Lesson lesson;
  lesson.id = "fuzz";
  lesson.title = "Bài <thử>";
  lesson.level = "co-ban";
  lesson.markdown = std::move(body);
  pack.lessons.push_back(hocso::summary_of(lesson));
  const hocso::MediaResolver media = [](const hocso::Lesson&, const hocso::SourceReference& ref)
      -> std::optional<hocso::MediaFile> {
    if (ref.target.size() % 3 == 0) return std::nullopt;
    return hocso::MediaFile{"media/0f1e2d3c.webp", 1234, 640, 480};
  };
  const hocso::RenderedLesson page = hocso::render_lesson(pack, lesson, hocso::PageLabels("vi"), media);
  require(count_of(page.html, "<script") == 1, "a lesson page with a script other than the viewer's");
  require(!nlohmann::json::parse(page.json, nullptr, false).is_discarded(), "a lesson's JSON does not parse");
  return 0;
}
