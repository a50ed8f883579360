#pragma once
// Translatable segments of a lesson, the po4a/mdpo way: front-matter texts and
// the body's leaf blocks kept as their Markdown source text.

#include <cstddef>
#include <string>
#include <vector>

#include "hocso/plugin.h"
#include "markdown.h"
#include "model.h"
#include "text_field.h"

namespace hocso {

// One segment and where it came from in the lesson, so that a translation can
// be put back in its place.
struct LessonSegment {
  enum class Origin { front_matter, body };
  Segment segment;          // msgctxt = segment_context(), msgid = source text, where = lesson.md line
  Origin origin = Origin::body;
  TextField field;          // front matter: which text (its pointer() for messages)
  std::size_t block = 0;    // body: index into markdown_blocks()
  MarkdownBlock::Kind block_kind = MarkdownBlock::Kind::paragraph;  // body: heading or paragraph
  int heading_level = 0;    // body: a heading's level (2 starts a step)
  bool list_item = false;   // body: a paragraph in an item of a list
  bool in_step = false;     // body: after the first step's heading (else the introduction)
};

// The lesson's segments in source order: title, summary, objectives, `screens:`
// labels, quiz questions and choices, then the body's headings and paragraphs
// (list items and image alt texts are inside the paragraphs' Markdown).
// Empty and non-string values are skipped. Never fails.
std::vector<LessonSegment> lesson_segments(const Lesson& lesson);

// The body's units, each the indices into `segments` (lesson_segments()) of
// its body segments in order: [0] the introduction (before the first step's
// heading), [i] step i. A translation's freshness and a recording's (audio
// narration) are both of a unit's source text, unit_source_text().
std::vector<std::vector<std::size_t>> body_units(const Lesson& lesson, const std::vector<LessonSegment>& segments);
std::string unit_source_text(const std::vector<LessonSegment>& segments, const std::vector<std::size_t>& unit);

// What a segment is in its lesson. Stable across edits (a kind, not a
// position), so that it can be part of the entry's msgctxt: one text in two
// roles (a heading that is also a picture label) is two entries, since a label
// must stay short.
enum class SegmentRole { title, summary, objective, picture_label, quiz_question, quiz_choice, heading, paragraph, list_item };
SegmentRole segment_role(const LessonSegment& segment);

// A lesson segment's msgctxt: "<lesson id>|<role>", the role as a word
// ("title", "label", "quiz-choice", "heading", "paragraph", "list-item"...);
// docs/decisions/0021. Catalogs written before roles have the lesson id alone
// (po_catalog.h, PoIndex finds both).
std::string segment_context(const std::string& lesson_id, SegmentRole role);

// What a segment is, for translators: the `#.` comment of its catalog entry
// in Vietnamese, then English ("Nhãn vẽ trên hình: nhiều nhất 40 ký tự / Label drawn
// on a picture: at most 40 characters", …).
std::string segment_role_comment(const LessonSegment& segment, const Lesson& lesson);

// The `#:` reference for a segment's file: the lesson file relative to the
// folder that holds content/ ("content/lessons/<id>/lesson.md"), so that it does
// not depend on the current folder.
std::string segment_reference_file(const Pack& pack, const Lesson& lesson);

}  // namespace hocso
