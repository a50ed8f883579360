#pragma once
// Lesson bodies: CommonMark (cmark 0.30.2) parsed with source positions, split
// into steps at `## ` headings, and rendered to HTML that can never carry active
// content: no raw HTML, no scripts, no event handlers, and every link or image
// URL replaced by what the caller's resolver allows (or dropped).

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics.h"
#include "hocso/plugin.h"

namespace hocso {

struct MarkdownLimits {
  // cmark 0.30.2 has quadratic cases: cap input. 64 KiB, not 256: `![[]()` repeated
  // (quadratic in 0.30.2, fixed upstream since) parses in ~2.4 s at 256 KiB and
  // ~0.15 s at 64 KiB on an idle core; today's lesson bodies are 3-6 KiB.
  std::size_t max_bytes = 64 * 1024;
  int max_nesting = 16;  // block quotes / lists deeper than this are refused
};

// The parsed, checked body. Opaque: holds the checked source; render_markdown
// parses it again into a private tree that it may rewrite, so a body can be
// rendered any number of times, from any thread.
class MarkdownBody {
 public:
  ~MarkdownBody();
  MarkdownBody(const MarkdownBody&) = delete;
  MarkdownBody& operator=(const MarkdownBody&) = delete;

  // Every image and link, in document order, with file line:col.
  const std::vector<SourceReference>& references() const { return references_; }
  // The Markdown source that was checked (the lesson keeps no other copy).
  const std::string& text() const;

  struct Impl;
  explicit MarkdownBody(std::unique_ptr<Impl> impl, std::vector<SourceReference> references);
  Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
  std::vector<SourceReference> references_;
};

// Parses `body` whose first line is line `first_line` of `file`. Refuses with a
// diagnostic: input over limits.max_bytes [markdown-too-large]; nesting over
// limits.max_nesting [markdown-too-deep], also (checked before cmark runs, so its
// quadratic deep-nesting cases never do) a line whose leading indentation, `>` and
// list markers span more than 8 * max_nesting columns; raw HTML blocks or inline
// HTML, HTML comments included [raw-html] (located; the first 10, then a count).
// Warns [heading-level] on a level-1 heading: it stays in the current section.
// Returns nullptr when it refused.
//
// A reference's target is the URL with cmark's entity and backslash processing,
// then percent-decoded (unless that gives invalid UTF-8 or a control character),
// so `<screens/màn hình.png>` and `screens/m%C3%A0n%20h%C3%ACnh.png` both give
// `screens/màn hình.png`. Locations are file lines and code-point columns; they
// correct cmark 0.30.2's inline positions on continuation lines, multi-line link
// texts and paragraphs after link reference definitions.
std::unique_ptr<MarkdownBody> parse_markdown(std::string_view body, const std::string& file,
                                             int first_line, Diagnostics& diagnostics,
                                             const MarkdownLimits& limits = {});

// What a reference becomes in the rendered page: the URL to use, plus width and
// height for images (0 = unknown). nullopt drops it: a link keeps its text, an
// image becomes its alt text.
struct ResolvedUrl {
  std::string url;
  int width = 0;
  int height = 0;
};
using UrlResolver = std::function<std::optional<ResolvedUrl>(const SourceReference&)>;

struct RenderedMedia {
  std::string url;  // as resolved
  std::string alt;
  int width = 0;
  int height = 0;
};

struct RenderedStep {
  std::string title;       // the heading's plain text
  std::string title_html;  // the heading's inline content as safe HTML
  std::string html;        // the step's blocks after the heading, safe HTML
  int line = 0;            // line of the heading in the file
  std::vector<RenderedMedia> media;
};

struct RenderedBody {
  std::string intro_html;  // blocks before the first `## ` heading
  std::vector<RenderedMedia> intro_media;
  std::vector<RenderedStep> steps;
};

// Renders with cmark's safe renderer (never CMARK_OPT_UNSAFE), after replacing
// every link and image URL through `resolve`. Images get width/height and
// loading="lazy" attributes when known. Walks with cmark_iter (no recursion).
RenderedBody render_markdown(const MarkdownBody& body, const UrlResolver& resolve);

// A block-level leaf of a body (a heading or a paragraph; list items and block
// quotes hold paragraphs) as its Markdown source text: what a translator sees.
struct MarkdownBlock {
  enum class Kind { heading, paragraph };
  Kind kind = Kind::paragraph;
  int line = 0;       // file line of its first line
  int level = 0;      // a heading's level (2 starts a step); 0 for paragraphs
  bool list_item = false;  // a paragraph that is (the start of) an item of a list
  std::string text;   // inline Markdown source: container prefixes and heading markers
                      // removed, lines joined with '\n', outer blanks trimmed
};

// The body's leaf blocks in document order (code blocks, thematic breaks and
// empty paragraphs are not text to translate and are left out).
std::vector<MarkdownBlock> markdown_blocks(const MarkdownBody& body);

// The body's source with block `i` (an index into markdown_blocks()) replaced by
// `replacements[i]` where given: continuation lines get the block's container
// prefix, so a paragraph in a list item or block quote stays there; a heading's
// newlines become spaces. The result still has to go through parse_markdown.
std::string replace_markdown_blocks(const MarkdownBody& body,
                                    const std::map<std::size_t, std::string>& replacements);

// What a translated segment must keep of its source's markup.
struct MarkupSummary {
  std::vector<std::string> links;        // link destinations, sorted
  std::vector<std::string> images;       // image destinations, sorted
  std::vector<std::string> code_spans;   // code span contents, sorted
  int emphasis = 0;                      // *...* / _..._
  int strong = 0;                        // **...**
  bool raw_html = false;                 // inline or block HTML (never allowed)
  int blocks = 0;                        // top-level blocks (a segment is one)
  bool operator==(const MarkupSummary&) const = default;
};

// The markup of one segment's Markdown source text, parsed on its own.
MarkupSummary markup_summary(std::string_view text);

// What a reader sees of a segment's Markdown source text: its words (text and
// code spans, without markup, link targets or images' alt text) and whether it
// shows an image.
struct ShownMarkdown {
  std::string text;
  bool images = false;
};
ShownMarkdown shown_markdown_text(std::string_view text);

// Image or link markup that CommonMark reads as plain text, so that a page
// would show it as typed: a space between `]` and `(` (`![alt] (screens/a.png)`)
// or a space in an unbracketed path (`![alt](screens/my picture.png)`). Text
// in brackets followed by words in parentheses (`[MINH HỌA] (hình vẽ)`) is
// markup only when the parentheses hold a path or address (a `/`, `.`, `#` or
// `:`); code spans and escaped brackets are left alone: they are meant.
struct LiteralMarkup {
  enum class Reason { space_before_parenthesis, space_in_target };
  int line = 0;        // file line
  int column = 0;      // code points
  std::string text;    // as written: "![alt] (screens/a.png)"
  bool image = false;  // `![`: an image; else a link
  std::string target;  // what is inside the parentheses, trimmed
  Reason reason = Reason::space_before_parenthesis;
};
std::vector<LiteralMarkup> literal_markup(const MarkdownBody& body);

// Escapes text for HTML element content and attribute values.
std::string escape_html(std::string_view text);

}  // namespace hocso
