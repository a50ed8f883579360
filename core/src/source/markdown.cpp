#include "markdown.h"

#include "fatal.h"
#include "hocso/messages.h"

#include <cmark.h>
#include <fmt/format.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <utility>

namespace hocso {

namespace {

// Source positions for diagnostics; VALIDATE_UTF8 is a second line of defence.
constexpr int kParseOptions = CMARK_OPT_SOURCEPOS | CMARK_OPT_VALIDATE_UTF8;
// CMARK_OPT_DEFAULT is cmark's safe mode: no raw HTML, no javascript:/vbscript:/
// file:/non-image data: URLs. Never CMARK_OPT_UNSAFE.
constexpr int kRenderOptions = CMARK_OPT_DEFAULT;
// Beyond this many [raw-html] errors, one more error gives the count (a pasted web
// page would otherwise print thousands of long source lines).
constexpr int kMaxRawHtmlReports = 10;
// The pre-parse guard allows this many columns of container prefix per nesting level.
constexpr int kPrefixColumnsPerLevel = 8;

// ---- cmark ownership ----------------------------------------------------------

struct NodeDeleter {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;

NodePtr parse_tree(std::string_view text) {
  NodePtr root(cmark_parse_document(text.data(), text.size(), kParseOptions));
  if (!root) throw FatalError("cmark could not parse a lesson body (out of memory?)");
  return root;
}

std::string render_node(cmark_node* node) {
  char* html = cmark_render_html(node, kRenderOptions);
  std::string out = html ? html : "";
  std::free(html);
  return out;
}

// ---- source lines and columns ---------------------------------------------------

// The body split into lines, to turn cmark's byte columns into code-point columns
// and to check where an inline really starts.
class SourceLines {
 public:
  explicit SourceLines(std::string_view text) : text_(text) {
    std::size_t start = 0;
    while (true) {
      std::size_t end = text.find('\n', start);
      lines_.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos
                                                                        : end - start));
      if (end == std::string_view::npos) break;
      start = end + 1;
    }
  }

  int count() const { return static_cast<int>(lines_.size()); }

  // Line `line` (1-based) without its newline; "" when out of range.
  std::string_view line(int line) const {
    if (line < 1 || line > count()) return {};
    return lines_[static_cast<std::size_t>(line - 1)];
  }

  // The 1-based code-point column of 1-based byte column `byte_column` on `line`.
  // Constant time: one long line can hold tens of thousands of references.
  int code_point_column(int line_number, int byte_column) {
    std::string_view text = line(line_number);
    if (text.data() == nullptr) return 1;
    if (columns_.empty()) build_column_table();
    auto offset = static_cast<std::size_t>(text.data() - text_.data());
    std::size_t within = std::min(text.size(), static_cast<std::size_t>(std::max(byte_column - 1, 0)));
    return columns_[offset + within];
  }

 private:
  // columns_[i]: the code-point column (1-based) of byte i within its line; one
  // entry past the end so that a column right after a line's last byte works.
  void build_column_table() {
    columns_.resize(text_.size() + 1);
    int column = 0;
    for (std::size_t i = 0; i < text_.size(); ++i) {
      if (i == 0 || text_[i - 1] == '\n') column = 0;
      if (!U8_IS_TRAIL(static_cast<std::uint8_t>(text_[i]))) ++column;
      columns_[i] = column;
    }
    columns_[text_.size()] = text_.empty() || text_.back() == '\n' ? 1 : column + 1;
  }

  std::string_view text_;
  std::vector<std::string_view> lines_;
  std::vector<int> columns_;
};

// ---- the pre-parse nesting guard -----------------------------------------------

bool is_blank_or_end(std::string_view line, std::size_t i) {
  return i >= line.size() || line[i] == ' ' || line[i] == '\t';
}

// Columns taken by the run of indentation, `>` and list markers a line starts with.
// Every block quote or list a line is inside, or opens, takes at least one such
// column (a lazy paragraph line or a blank line opens nothing), so the deepest
// nesting cmark can build is at most the widest prefix: bounding it bounds cmark's
// per-line container walk, which is what makes CVE-2023-24824's inputs quadratic.
int container_prefix_columns(std::string_view line) {
  int column = 0;
  std::size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    if (c == ' ' || c == '>') {
      ++column;
      ++i;
    } else if (c == '\t') {
      column += 4 - column % 4;
      ++i;
    } else if ((c == '-' || c == '*' || c == '+') && is_blank_or_end(line, i + 1)) {
      ++column;
      ++i;
    } else if (c >= '0' && c <= '9') {  // ordered list marker: 1-9 digits, then . or )
      std::size_t digits = 0;
      while (i + digits < line.size() && line[i + digits] >= '0' && line[i + digits] <= '9') ++digits;
      std::size_t after = i + digits;
      if (digits > 9 || after >= line.size() || (line[after] != '.' && line[after] != ')') ||
          !is_blank_or_end(line, after + 1))
        break;
      column += static_cast<int>(digits) + 1;
      i = after + 1;
    } else {
      break;
    }
  }
  return column;
}

// ---- walking the tree -----------------------------------------------------------

struct ReferenceNode {
  cmark_node* node = nullptr;
  cmark_node* leaf_block = nullptr;  // the paragraph or heading that holds it
  std::size_t top_block = 0;         // index among the document's children
};

struct RawHtmlNode {
  cmark_node* node = nullptr;
  cmark_node* leaf_block = nullptr;  // null for an HTML block
};

struct TreeScan {
  std::vector<ReferenceNode> references;  // links and images, document order
  std::vector<RawHtmlNode> raw_html;
  std::vector<cmark_node*> top_level_h1;
  cmark_node* first_too_deep = nullptr;  // first block quote / list past max_nesting
  int deepest = 0;
};

// One non-recursive pass (cmark_iter) over the tree. Links and images inside an
// image's description are not references: they only contribute alt text.
TreeScan scan_tree(cmark_node* root, int max_nesting) {
  TreeScan scan;
  int nesting = 0;
  int inside_image = 0;
  std::size_t top_block = 0;
  bool seen_top_block = false;
  cmark_node* leaf_block = nullptr;

  cmark_iter* iter = cmark_iter_new(root);
  cmark_event_type event;
  while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter);
    cmark_node_type type = cmark_node_get_type(node);
    bool entering = event == CMARK_EVENT_ENTER;

    if (entering && cmark_node_parent(node) == root) {
      if (seen_top_block) ++top_block;
      seen_top_block = true;
      // A level-1 heading opening the body is the lesson's title written again, as
      // many writers do: it is left out of the page (the front matter's title is
      // shown) without a warning. Anywhere else it is a warning.
      if (type == CMARK_NODE_HEADING && cmark_node_get_heading_level(node) == 1 &&
          node != cmark_node_first_child(root))
        scan.top_level_h1.push_back(node);
    }

    switch (type) {
      case CMARK_NODE_BLOCK_QUOTE:
      case CMARK_NODE_LIST:
        if (entering) {
          ++nesting;
          if (nesting > scan.deepest) scan.deepest = nesting;
          if (nesting > max_nesting && !scan.first_too_deep) scan.first_too_deep = node;
        } else {
          --nesting;
        }
        break;
      case CMARK_NODE_PARAGRAPH:
      case CMARK_NODE_HEADING:
        leaf_block = entering ? node : nullptr;
        break;
      case CMARK_NODE_HTML_BLOCK:
        scan.raw_html.push_back({node, nullptr});
        break;
      case CMARK_NODE_HTML_INLINE:
        scan.raw_html.push_back({node, leaf_block});
        break;
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE:
        if (entering && inside_image == 0) scan.references.push_back({node, leaf_block, top_block});
        if (type == CMARK_NODE_IMAGE) inside_image += entering ? 1 : -1;
        break;
      default:
        break;
    }
  }
  cmark_iter_free(iter);
  return scan;
}

// The plain text of a node's inline content, as cmark renders alt text: text and
// code literally, line breaks as spaces.
std::string plain_text(cmark_node* node) {
  std::string text;
  cmark_iter* iter = cmark_iter_new(node);
  cmark_event_type event;
  while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node* current = cmark_iter_get_node(iter);
    switch (cmark_node_get_type(current)) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
      case CMARK_NODE_HTML_INLINE:
        text += cmark_node_get_literal(current);
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        text += ' ';
        break;
      default:
        break;
    }
  }
  cmark_iter_free(iter);
  return text;
}

// ---- where an inline really starts ----------------------------------------------

// The characters an inline's source starts with, to check a computed position.
enum class Opener { link, image, html };

// cmark 0.30.2 positions inlines relative to the paragraph's content with the
// leading whitespace of continuation lines stripped, gives a multi-line link the
// line it ends on, and numbers lines from the paragraph start even when link
// reference definitions took its first lines. This undoes all three, checking
// each candidate against the source text.
class InlineLocator {
 public:
  explicit InlineLocator(const SourceLines& lines) : lines_(lines) {}

  // Line (in the body) and byte column where `node` starts.
  std::pair<int, int> locate(cmark_node* node, cmark_node* leaf_block, Opener opener) {
    int line = cmark_node_get_start_line(node);
    int column = cmark_node_get_start_column(node);
    if (cmark_node* child = cmark_node_first_child(node)) {
      int child_line = cmark_node_get_start_line(child);
      if (child_line > 0 && child_line < line) line = child_line;  // the label's first line
    }
    if (!leaf_block) return {line, column};

    auto shift_it = line_shift_.find(leaf_block);
    int shift = shift_it == line_shift_.end() ? 0 : shift_it->second;
    int candidate = column_on(leaf_block, line, column, shift);
    if (starts_with_opener(line + shift, candidate, opener)) return {line + shift, candidate};

    if (shift_it == line_shift_.end() && cmark_node_get_type(leaf_block) == CMARK_NODE_PARAGRAPH) {
      // Once per paragraph: lines taken by reference definitions shift every inline.
      int last = cmark_node_get_end_line(leaf_block);
      for (int k = 1; line + k <= last; ++k) {
        candidate = column_on(leaf_block, line, column, k);
        if (starts_with_opener(line + k, candidate, opener)) {
          line_shift_[leaf_block] = k;
          return {line + k, candidate};
        }
      }
      line_shift_[leaf_block] = 0;
    }
    return {line, column};  // cmark's own answer
  }

 private:
  int column_on(cmark_node* block, int line, int column, int shift) const {
    if (line == cmark_node_get_start_line(block) && shift == 0) return column;
    return content_start(line + shift) + (column - cmark_node_get_start_column(block));
  }

  // First byte of a continuation line after block quote markers and indentation.
  int content_start(int line) const {
    std::string_view text = lines_.line(line);
    std::size_t i = text.find_first_not_of(" \t>");
    return static_cast<int>(i == std::string_view::npos ? text.size() : i) + 1;
  }

  bool starts_with_opener(int line, int column, Opener opener) const {
    std::string_view text = lines_.line(line);
    if (column < 1 || static_cast<std::size_t>(column) > text.size()) return false;
    std::string_view at = text.substr(static_cast<std::size_t>(column - 1));
    switch (opener) {
      case Opener::link: return at.starts_with('[') || at.starts_with('<');
      case Opener::image: return at.starts_with("![");
      case Opener::html: return at.starts_with('<');
    }
    return false;
  }

  const SourceLines& lines_;
  std::map<cmark_node*, int> line_shift_;
};

// ---- targets --------------------------------------------------------------------

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Valid UTF-8 without C0, DEL or C1 control characters.
bool is_clean_utf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  auto length = static_cast<std::int32_t>(text.size());
  std::int32_t i = 0;
  while (i < length) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return false;  // c < 0: invalid
  }
  return true;
}

// `url` with %XX sequences decoded, or `url` itself when decoding would give
// invalid UTF-8 or a control character (the resolver then reports it as written).
std::string percent_decoded(std::string_view url) {
  std::string out;
  out.reserve(url.size());
  for (std::size_t i = 0; i < url.size(); ++i) {
    int high = 0;
    int low = 0;
    if (url[i] == '%' && i + 2 < url.size() && (high = hex_value(url[i + 1])) >= 0 &&
        (low = hex_value(url[i + 2])) >= 0) {
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += url[i];
    }
  }
  if (!is_clean_utf8(out)) return std::string(url);
  return out;
}

// ---- rendering helpers ----------------------------------------------------------

// `<img ...>` for an image whose URL is already resolved: cmark renders src, alt
// and title (escaped, dangerous URLs blanked); we add size and lazy loading.
std::string image_tag(cmark_node* image, const ResolvedUrl& resolved) {
  std::string tag = render_node(image);
  std::string extra;
  if (resolved.width > 0) extra += fmt::format(" width=\"{}\"", resolved.width);
  if (resolved.height > 0) extra += fmt::format(" height=\"{}\"", resolved.height);
  extra += " loading=\"lazy\"";
  constexpr std::string_view kClose = " />";
  if (tag.ends_with(kClose)) tag.insert(tag.size() - kClose.size(), extra);
  return tag;
}

void replace_and_free(cmark_node* old_node, cmark_node* new_node) {
  cmark_node_replace(old_node, new_node);
  cmark_node_free(old_node);
}

// A dropped link keeps its content as plain inline content.
void unwrap_link(cmark_node* link) {
  while (cmark_node* child = cmark_node_first_child(link)) cmark_node_insert_before(link, child);
  cmark_node_free(link);
}

}  // namespace

// ---- MarkdownBody ---------------------------------------------------------------

struct MarkdownBody::Impl {
  std::string text;    // the body that passed every check
  int first_line = 1;  // file line of the body's first line
};

MarkdownBody::MarkdownBody(std::unique_ptr<Impl> impl, std::vector<SourceReference> references)
    : impl_(std::move(impl)), references_(std::move(references)) {}

MarkdownBody::~MarkdownBody() = default;

const std::string& MarkdownBody::text() const { return impl_->text; }

// ---- parse ----------------------------------------------------------------------

std::unique_ptr<MarkdownBody> parse_markdown(std::string_view body, const std::string& file,
                                             int first_line, Diagnostics& diagnostics,
                                             const MarkdownLimits& limits) {
  auto file_line = [&](int body_line) { return body_line + first_line - 1; };

  if (body.size() > limits.max_bytes) {
    diagnostics.error({file, first_line, 0},
                      fmt::format(fmt::runtime(_("the lesson body is {size} bytes; the limit is {limit} bytes")),
                                  fmt::arg("size", body.size()), fmt::arg("limit", limits.max_bytes)),
                      "markdown-too-large");
    return nullptr;
  }

  SourceLines lines(body);
  const int max_prefix = kPrefixColumnsPerLevel * std::max(limits.max_nesting, 1);
  for (int line = 1; line <= lines.count(); ++line) {
    if (container_prefix_columns(lines.line(line)) > max_prefix) {
      diagnostics.error({file, file_line(line), 1},
                        fmt::format(fmt::runtime(_("this line starts with more than {columns} columns of "
                                                   "indentation, `>` and list markers; nesting this deep is "
                                                   "refused (limit: {limit} levels of block quotes and lists)")),
                                    fmt::arg("columns", max_prefix), fmt::arg("limit", limits.max_nesting)),
                        "markdown-too-deep");
      return nullptr;
    }
  }

  NodePtr root = parse_tree(body);
  TreeScan scan = scan_tree(root.get(), limits.max_nesting);
  InlineLocator locator(lines);
  auto location = [&](int line, int byte_column) {
    return Location{file, file_line(line), lines.code_point_column(line, byte_column)};
  };
  int errors = 0;

  if (cmark_node* deep = scan.first_too_deep) {
    int line = cmark_node_get_start_line(deep);
    diagnostics.error(location(line, cmark_node_get_start_column(deep)),
                      fmt::format(fmt::runtime(_("block quotes and lists nest {levels} levels deep; the limit is "
                                                 "{limit}")),
                                  fmt::arg("levels", scan.deepest), fmt::arg("limit", limits.max_nesting)),
                      "markdown-too-deep");
    ++errors;
  }

  int raw_html_reported = 0;
  for (const RawHtmlNode& raw : scan.raw_html) {
    // Block positions are right in cmark 0.30.2; inline ones need the locator.
    auto [line, column] = raw.leaf_block
                              ? locator.locate(raw.node, raw.leaf_block, Opener::html)
                              : std::pair{cmark_node_get_start_line(raw.node),
                                          cmark_node_get_start_column(raw.node)};
    ++errors;
    if (raw_html_reported == kMaxRawHtmlReports) {
      diagnostics.error(location(line, column),
                        fmt::format(fmt::runtime(_("{count} more raw HTML elements in this lesson body")),
                                    fmt::arg("count", scan.raw_html.size() - kMaxRawHtmlReports)),
                        "raw-html");
      break;
    }
    diagnostics.error(location(line, column),
                      _("raw HTML (HTML comments too) is not allowed in a lesson; write Markdown"),
                      "raw-html");
    ++raw_html_reported;
  }

  for (cmark_node* heading : scan.top_level_h1) {
    int line = cmark_node_get_start_line(heading);
    diagnostics.warning(location(line, cmark_node_get_start_column(heading)),
                        _("a level-1 heading in the lesson body: the title comes from the front "
                          "matter, and steps start with `## `"),
                        "heading-level");
  }

  if (errors > 0) return nullptr;

  std::vector<SourceReference> references;
  references.reserve(scan.references.size());
  for (const ReferenceNode& found : scan.references) {
    bool image = cmark_node_get_type(found.node) == CMARK_NODE_IMAGE;
    auto [line, column] =
        locator.locate(found.node, found.leaf_block, image ? Opener::image : Opener::link);
    SourceReference reference;
    reference.kind = image ? SourceReference::Kind::image : SourceReference::Kind::link;
    reference.target = percent_decoded(cmark_node_get_url(found.node));
    if (image) reference.text = plain_text(found.node);
    reference.where = location(line, column);
    references.push_back(std::move(reference));
  }

  auto impl = std::make_unique<MarkdownBody::Impl>();
  impl->text = std::string(body);
  impl->first_line = first_line;
  return std::make_unique<MarkdownBody>(std::move(impl), std::move(references));
}

// ---- render ---------------------------------------------------------------------

RenderedBody render_markdown(const MarkdownBody& body, const UrlResolver& resolve) {
  // A private tree: rewriting it leaves `body` untouched for the next render.
  NodePtr root = parse_tree(body.impl().text);
  TreeScan scan = scan_tree(root.get(), INT_MAX);
  const std::vector<SourceReference>& references = body.references();

  // Sections: 0 is the intro, k is step k (1-based), opened by a level-2 heading.
  struct Section {
    cmark_node* heading = nullptr;
    std::string title;
    std::vector<cmark_node*> blocks;
    std::vector<RenderedMedia> media;
  };
  std::vector<Section> sections(1);
  std::vector<std::size_t> section_of_block;
  cmark_node* first = cmark_node_first_child(root.get());
  if (first && cmark_node_get_type(first) == CMARK_NODE_HEADING && cmark_node_get_heading_level(first) == 1) {
    // The title repeated at the top of the body: the page shows the front matter's.
    section_of_block.push_back(0);
    first = cmark_node_next(first);
  }
  for (cmark_node* block = first; block; block = cmark_node_next(block)) {
    if (cmark_node_get_type(block) == CMARK_NODE_HEADING && cmark_node_get_heading_level(block) == 2) {
      sections.push_back({block, plain_text(block), {}, {}});  // title before any rewrite
    } else {
      sections.back().blocks.push_back(block);
    }
    section_of_block.push_back(sections.size() - 1);
  }

  // Same text, same parse: the i-th link or image here is references[i].
  std::size_t count = std::min(scan.references.size(), references.size());
  for (std::size_t i = 0; i < count; ++i) {
    cmark_node* node = scan.references[i].node;
    const SourceReference& reference = references[i];
    std::optional<ResolvedUrl> resolved = resolve(reference);
    bool image = cmark_node_get_type(node) == CMARK_NODE_IMAGE;

    if (!image) {
      if (resolved) {
        cmark_node_set_url(node, resolved->url.c_str());
      } else {
        unwrap_link(node);
      }
      continue;
    }
    if (!resolved) {
      cmark_node* alt = cmark_node_new(CMARK_NODE_TEXT);
      cmark_node_set_literal(alt, reference.text.c_str());
      replace_and_free(node, alt);
      continue;
    }
    cmark_node_set_url(node, resolved->url.c_str());
    // cmark's renderer has no width/height: a custom inline carries the finished
    // tag (cmark emits custom content verbatim, also in safe mode).
    cmark_node* tag = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
    cmark_node_set_on_enter(tag, image_tag(node, *resolved).c_str());
    replace_and_free(node, tag);
    sections[section_of_block[scan.references[i].top_block]].media.push_back(
        {resolved->url, reference.text, resolved->width, resolved->height});
  }

  RenderedBody rendered;
  for (std::size_t s = 0; s < sections.size(); ++s) {
    Section& section = sections[s];
    std::string html;
    for (cmark_node* block : section.blocks) html += render_node(block);
    if (s == 0) {
      rendered.intro_html = std::move(html);
      rendered.intro_media = std::move(section.media);
      continue;
    }
    RenderedStep step;
    step.title = std::move(section.title);
    for (cmark_node* child = cmark_node_first_child(section.heading); child;
         child = cmark_node_next(child))
      step.title_html += render_node(child);
    step.html = std::move(html);
    step.line = cmark_node_get_start_line(section.heading) + body.impl().first_line - 1;
    step.media = std::move(section.media);
    rendered.steps.push_back(std::move(step));
  }
  return rendered;
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// ---- leaf blocks as source text (the po4a/mdpo way) -------------------------------

namespace {

// Where one leaf block sits in the body's source: the byte range its text spans
// (first line from the block's start column, last line to its end) and what
// precedes text on its continuation lines.
struct BlockSpan {
  MarkdownBlock block;
  std::size_t begin = 0;  // byte offset in the body
  std::size_t end = 0;    // byte offset in the body (exclusive)
  std::string continuation_prefix;
  // Each continuation line's own prefix, as written (a lazy line has none):
  // put back on the same lines, a block keeps its structure.
  std::vector<std::string> line_prefixes;
};

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool inside_block_quote(cmark_node* node) {
  for (cmark_node* p = cmark_node_parent(node); p; p = cmark_node_parent(p))
    if (cmark_node_get_type(p) == CMARK_NODE_BLOCK_QUOTE) return true;
  return false;
}

// Length of the container prefix of a continuation line: indentation, and `>`
// markers when the block is inside a block quote.
std::size_t continuation_prefix_length(std::string_view line, bool quoted) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || (quoted && line[i] == '>'))) ++i;
  return i;
}

// A setext heading's underline: a run of `=` or of `-` after the container prefix.
bool is_setext_underline(std::string_view line, bool quoted) {
  const std::string_view rest = trim_blanks(line.substr(continuation_prefix_length(line, quoted)));
  return !rest.empty() && (rest.find_first_not_of('=') == std::string_view::npos ||
                           rest.find_first_not_of('-') == std::string_view::npos);
}

// Whether a paragraph's continuation line with this text, written without
// indentation, could start a block of its own (or underline a setext heading).
bool could_open_block(std::string_view line) {
  line = trim_blanks(line);
  if (line.empty()) return false;
  if (std::string_view("-=*_#>+`~<").find(line.front()) != std::string_view::npos) return true;
  std::size_t digits = 0;
  while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
  return digits > 0 && digits < line.size() && (line[digits] == '.' || line[digits] == ')');
}

// An ATX heading line's text without the opening and closing `#` runs.
std::string_view atx_heading_text(std::string_view line) {
  line = trim_blanks(line);
  while (!line.empty() && line.front() == '#') line.remove_prefix(1);
  line = trim_blanks(line);
  std::size_t hashes = line.size();
  while (hashes > 0 && line[hashes - 1] == '#') --hashes;
  if (hashes < line.size() && (hashes == 0 || line[hashes - 1] == ' ' || line[hashes - 1] == '\t'))
    line = trim_blanks(line.substr(0, hashes));
  return line;
}

std::vector<BlockSpan> block_spans(const MarkdownBody& body) {
  const std::string& text = body.impl().text;
  SourceLines lines(text);
  auto offset_of = [&](int line) {
    return static_cast<std::size_t>(lines.line(line).data() - text.data());
  };
  NodePtr root = parse_tree(text);
  std::vector<BlockSpan> spans;
  cmark_iter* iter = cmark_iter_new(root.get());
  cmark_event_type event;
  while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    if (event != CMARK_EVENT_ENTER) continue;
    cmark_node* node = cmark_iter_get_node(iter);
    const cmark_node_type type = cmark_node_get_type(node);
    if (type != CMARK_NODE_PARAGRAPH && type != CMARK_NODE_HEADING) continue;
    const int first = cmark_node_get_start_line(node);
    int last = cmark_node_get_end_line(node);
    if (first < 1 || first > lines.count()) continue;
    last = std::clamp(last, first, lines.count());
    BlockSpan span;
    span.block.line = first + body.impl().first_line - 1;
    const bool quoted = inside_block_quote(node);
    cmark_node* parent = cmark_node_parent(node);
    span.block.list_item = parent && cmark_node_get_type(parent) == CMARK_NODE_ITEM;
    std::string_view first_line = lines.line(first);
    if (type == CMARK_NODE_HEADING) {
      span.block.kind = MarkdownBlock::Kind::heading;
      span.block.level = cmark_node_get_heading_level(node);
      std::string_view first_text = first_line.substr(
          std::min(first_line.size(), static_cast<std::size_t>(std::max(cmark_node_get_start_column(node) - 1, 0))));
      if (!first_text.empty() && trim_blanks(first_text).starts_with('#')) {
        std::string_view heading = atx_heading_text(first_text);
        if (heading.empty()) continue;
        span.begin = static_cast<std::size_t>(heading.data() - text.data());
        span.end = span.begin + heading.size();
        span.block.text = std::string(heading);
        spans.push_back(std::move(span));
        continue;
      }
      // A setext heading: its text ends on the line before its underline.
      // cmark 0.30.2 puts the heading's end on the line after the underline
      // when there is one, so the underline is looked for up to there.
      int underline = first + 1;
      while (underline < last && !is_setext_underline(lines.line(underline), quoted)) ++underline;
      last = underline - 1;
      if (last < first) continue;
    }
    // A paragraph (or setext heading text): lines first..last without prefixes.
    std::string joined;
    std::size_t begin = 0, end = 0;
    for (int l = first; l <= last; ++l) {
      std::string_view line = lines.line(l);
      std::size_t skip = l == first ? static_cast<std::size_t>(std::max(cmark_node_get_start_column(node) - 1, 0))
                                    : continuation_prefix_length(line, quoted);
      skip = std::min(skip, line.size());
      if (l == first + 1) span.continuation_prefix = std::string(line.substr(0, skip));
      if (l > first) span.line_prefixes.emplace_back(line.substr(0, skip));
      std::string_view content = line.substr(skip);
      while (!content.empty() && (content.back() == ' ' || content.back() == '\t' || content.back() == '\r'))
        content.remove_suffix(1);
      if (l == first) begin = offset_of(l) + skip;
      end = offset_of(l) + skip + content.size();
      if (l > first) joined += '\n';
      joined += content;
    }
    std::string_view trimmed = trim_blanks(joined);
    if (trimmed.empty()) continue;
    span.block.text = std::string(trimmed);
    span.begin = begin;
    span.end = end;
    if (span.continuation_prefix.empty() && first == last)
      span.continuation_prefix = std::string(first_line.substr(0, std::min(first_line.size(), begin - offset_of(first))));
    // Keep only the blank/`>` characters of a first-line prefix ("- " becomes "  ").
    for (char& c : span.continuation_prefix)
      if (c != '>' && c != '\t') c = ' ';
    spans.push_back(std::move(span));
  }
  cmark_iter_free(iter);
  return spans;
}

}  // namespace

std::vector<MarkdownBlock> markdown_blocks(const MarkdownBody& body) {
  std::vector<MarkdownBlock> blocks;
  for (auto& span : block_spans(body)) blocks.push_back(std::move(span.block));
  return blocks;
}

std::string replace_markdown_blocks(const MarkdownBody& body,
                                    const std::map<std::size_t, std::string>& replacements) {
  const std::string& text = body.impl().text;
  std::vector<BlockSpan> spans = block_spans(body);
  std::string out;
  std::size_t copied = 0;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    auto found = replacements.find(i);
    if (found == replacements.end()) continue;
    const BlockSpan& span = spans[i];
    out.append(text, copied, span.begin - copied);
    const std::string& replacement = found->second;
    std::size_t line = 0;  // continuation lines written
    for (std::size_t c = 0; c < replacement.size(); ++c) {
      if (replacement[c] != '\n') {
        out += replacement[c];
      } else if (span.block.kind == MarkdownBlock::Kind::heading) {
        out += ' ';
      } else {
        out += '\n';
        out += line < span.line_prefixes.size() ? span.line_prefixes[line] : span.continuation_prefix;
        ++line;
        // A line that could open a block (`-`, `=`, `#`, `>`, `1.`, a fence,
        // an HTML tag) would end the paragraph here: four more columns of
        // indentation keep it a continuation line, which its text ignores.
        const std::size_t next = replacement.find('\n', c + 1);
        if (could_open_block(std::string_view(replacement).substr(c + 1, next == std::string::npos ? next : next - c - 1)))
          out += "    ";
      }
    }
    copied = span.end;
  }
  out.append(text, copied, std::string::npos);
  return out;
}

MarkupSummary markup_summary(std::string_view text) {
  MarkupSummary summary;
  NodePtr root = parse_tree(text);
  for (cmark_node* child = cmark_node_first_child(root.get()); child; child = cmark_node_next(child)) ++summary.blocks;
  cmark_iter* iter = cmark_iter_new(root.get());
  cmark_event_type event;
  while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    if (event != CMARK_EVENT_ENTER) continue;
    cmark_node* node = cmark_iter_get_node(iter);
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_LINK: summary.links.emplace_back(cmark_node_get_url(node) ? cmark_node_get_url(node) : ""); break;
      case CMARK_NODE_IMAGE: summary.images.emplace_back(cmark_node_get_url(node) ? cmark_node_get_url(node) : ""); break;
      case CMARK_NODE_CODE: summary.code_spans.emplace_back(cmark_node_get_literal(node) ? cmark_node_get_literal(node) : ""); break;
      case CMARK_NODE_EMPH: ++summary.emphasis; break;
      case CMARK_NODE_STRONG: ++summary.strong; break;
      case CMARK_NODE_HTML_INLINE:
      case CMARK_NODE_HTML_BLOCK: summary.raw_html = true; break;
      default: break;
    }
  }
  cmark_iter_free(iter);
  std::sort(summary.links.begin(), summary.links.end());
  std::sort(summary.images.begin(), summary.images.end());
  std::sort(summary.code_spans.begin(), summary.code_spans.end());
  return summary;
}

}  // namespace hocso

namespace hocso {

ShownMarkdown shown_markdown_text(std::string_view text) {
  ShownMarkdown shown;
  NodePtr root = parse_tree(text);
  cmark_iter* iter = cmark_iter_new(root.get());
  cmark_event_type event;
  int in_image = 0;  // an image's alt text is not shown beside it
  while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter);
    const cmark_node_type type = cmark_node_get_type(node);
    if (type == CMARK_NODE_IMAGE) {
      if (event == CMARK_EVENT_ENTER) {
        ++in_image;
        shown.images = true;
      } else {
        --in_image;
      }
      continue;
    }
    if (event != CMARK_EVENT_ENTER || in_image) continue;
    if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) {
      const char* literal = cmark_node_get_literal(node);
      if (literal) shown.text += literal;
    } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
      shown.text += ' ';
    }
  }
  cmark_iter_free(iter);
  return shown;
}

}  // namespace hocso

namespace hocso {

namespace {

// A `[...]` or `![...]` followed by `(...)` on one line of plain text, as
// literal_markup() defines it, or nullopt.
std::optional<LiteralMarkup> markup_at(std::string_view text, std::size_t open) {
  const std::size_t close = text.find_first_of("[]\n", open + 1);
  if (close == std::string_view::npos || text[close] != ']') return std::nullopt;
  std::size_t paren = close + 1;
  while (paren < text.size() && (text[paren] == ' ' || text[paren] == '\t')) ++paren;
  if (paren >= text.size() || text[paren] != '(') return std::nullopt;
  const std::size_t end = text.find_first_of("()\n", paren + 1);
  if (end == std::string_view::npos || text[end] != ')') return std::nullopt;
  LiteralMarkup markup;
  markup.image = open > 0 && text[open - 1] == '!';
  const std::size_t begin = markup.image ? open - 1 : open;
  markup.text = std::string(text.substr(begin, end + 1 - begin));
  std::string_view target = text.substr(paren + 1, end - paren - 1);
  while (!target.empty() && (target.front() == ' ' || target.front() == '\t')) target.remove_prefix(1);
  while (!target.empty() && (target.back() == ' ' || target.back() == '\t')) target.remove_suffix(1);
  markup.target = std::string(target);
  if (target.empty()) return std::nullopt;
  if (!markup.image && target.find_first_of("/.#:") == std::string_view::npos)
    return std::nullopt;  // words in parentheses
  if (paren > close + 1) {
    markup.reason = LiteralMarkup::Reason::space_before_parenthesis;
  } else if (target.find_first_of(" \t") != std::string_view::npos) {
    markup.reason = LiteralMarkup::Reason::space_in_target;
  } else {
    return std::nullopt;  // no reason a writer can act on
  }
  return markup;
}

}  // namespace

std::vector<LiteralMarkup> literal_markup(const MarkdownBody& body) {
  const std::string& source = body.impl().text;
  SourceLines lines(source);
  NodePtr root = parse_tree(source);
  std::vector<LiteralMarkup> found;
  std::set<std::pair<int, std::size_t>> taken;  // (body line, byte) of markup already placed

  // Runs of neighbouring text nodes: cmark splits unmatched brackets into nodes of their own.
  auto scan_run = [&](const std::string& run, cmark_node* block) {
    for (std::size_t open = run.find('['); open != std::string::npos; open = run.find('[', open + 1)) {
      std::optional<LiteralMarkup> markup = markup_at(run, open);
      if (!markup) continue;
      // Placed where it is written; not found as written (an escape or an
      // entity made the brackets), it is meant as text.
      const int first = cmark_node_get_start_line(block), last = cmark_node_get_end_line(block);
      for (int line = std::max(first, 1); line <= std::min(last, lines.count()); ++line) {
        const std::string_view text = lines.line(line);
        std::size_t at = text.find(markup->text);
        while (at != std::string_view::npos && taken.count({line, at})) at = text.find(markup->text, at + 1);
        if (at == std::string_view::npos) continue;
        if (at > 0 && text[at - 1] == '\\') break;
        taken.insert({line, at});
        markup->line = line + body.impl().first_line - 1;
        markup->column = lines.code_point_column(line, static_cast<int>(at) + 1);
        found.push_back(std::move(*markup));
        break;
      }
      open = run.find(']', open);
      if (open == std::string::npos) break;
    }
  };

  cmark_iter* iter = cmark_iter_new(root.get());
  cmark_event_type event;
  cmark_node* block = nullptr;
  std::string run;
  while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter);
    const cmark_node_type type = cmark_node_get_type(node);
    if (type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING) {
      if (event == CMARK_EVENT_EXIT && !run.empty()) scan_run(run, block);
      run.clear();
      block = event == CMARK_EVENT_ENTER ? node : nullptr;
      continue;
    }
    if (!block) continue;
    if (type == CMARK_NODE_TEXT) {  // a leaf: entered only
      if (const char* literal = cmark_node_get_literal(node)) run += literal;
      continue;
    }
    // Any other node, entered or left (a link, emphasis, a code span), ends the run.
    if (!run.empty()) scan_run(run, block);
    run.clear();
  }
  cmark_iter_free(iter);
  return found;
}

}  // namespace hocso
