#include "writing_checks.h"

#include <algorithm>
#include <set>
#include <system_error>

#include <fmt/format.h>
#include <unicode/unistr.h>

#include "display_path.h"
#include "markdown.h"
#include "hocso/messages.h"
#include "pack_loader.h"
#include "plain_language.h"
#include "segments.h"
#include "text_cut.h"
#include "tone_marks.h"

namespace hocso {

namespace fs = std::filesystem;

namespace {

// A writer's text in a message: in quotes, a long one cut at a word.
std::string in_quotes(std::string_view text) { return "'" + shorten_text(text, 60) + "'"; }

std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Where `offset` of a body block's text (markdown_blocks(): lines joined with
// '\n', container prefixes removed) is in the file: the block's line plus the
// line breaks before it; the column is where `needle` starts on that source
// line (1 when it is not found there).
Location place_in_block(const Lesson& lesson, const Location& block, std::string_view text, std::size_t offset,
                        std::string_view needle) {
  const std::string_view before = text.substr(0, std::min(offset, text.size()));
  const int line = block.line + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
  Location where{block.file, line, 1};
  if (!lesson.markdown || needle.empty()) return where;
  const std::string& body = lesson.markdown->text();
  // Line `line` of the file is line (line - body_first_line) of the body, counted from 0.
  std::size_t start = 0;
  for (int l = lesson.body_first_line; l < line && start != std::string::npos; ++l) {
    start = body.find('\n', start);
    if (start != std::string::npos) ++start;
  }
  if (start == std::string::npos) return where;
  const std::size_t end = body.find('\n', start);
  const std::string_view source_line =
      std::string_view(body).substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (const std::size_t at = source_line.find(needle); at != std::string_view::npos)
    where.column = static_cast<int>(code_points(source_line.substr(0, at))) + 1;
  return where;
}

// Where a piece of a segment is: exact in the body; a front-matter text is
// pointed at its value.
Location place_in_segment(const Lesson& lesson, const LessonSegment& segment, std::size_t offset,
                          std::string_view needle) {
  if (segment.origin == LessonSegment::Origin::front_matter) return segment.segment.where;
  return place_in_block(lesson, segment.segment.where, segment.segment.text, offset, needle);
}

// ---- markup-as-text --------------------------------------------------------------

std::string literal_markup_message(const LiteralMarkup& markup) {
  const std::string quoted = in_quotes(markup.text);
  const auto markup_arg = fmt::arg("markup", quoted);  // fmt::arg keeps a reference: not to a temporary
  if (markup.reason == LiteralMarkup::Reason::space_before_parenthesis)
    return fmt::format(fmt::runtime(markup.image
                                        ? _("{markup} will show as typed, not as a picture: remove the space between ] and (")
                                        : _("{markup} will show as typed, not as a link: remove the space between ] and (")),
                       markup_arg);
  if (markup.image) {
    std::string renamed = markup.target;
    std::replace(renamed.begin(), renamed.end(), ' ', '-');
    std::replace(renamed.begin(), renamed.end(), '\t', '-');
    return fmt::format(fmt::runtime(_("{markup} will show as typed, not as a picture: a picture's path cannot hold a "
                                      "space; rename the file without spaces, like {file}")),
                       markup_arg, fmt::arg("file", renamed));
  }
  return fmt::format(
      fmt::runtime(_("{markup} will show as typed, not as a link: a link's address cannot hold a space")), markup_arg);
}

void check_literal_markup(const Pack& pack, const Lesson& lesson, Diagnostics& diagnostics) {
  if (!lesson.markdown) return;
  for (const LiteralMarkup& markup : literal_markup(*lesson.markdown))
    pack.checks.severities.report(diagnostics, {lesson.markdown_path, markup.line, markup.column},
                                  literal_markup_message(markup), "markup-as-text");
}

// ---- steps ---------------------------------------------------------------------

struct Step {
  MarkdownBlock heading;
  bool picture = false;
  int syllables = 0;
};

// The body's leaf blocks with what a reader sees of each: read once for the
// step checks and the sentences.
struct ShownBlocks {
  std::vector<MarkdownBlock> blocks;
  std::vector<ShownMarkdown> shown;
};

ShownBlocks shown_blocks(const Lesson& lesson) {
  ShownBlocks out;
  if (!lesson.markdown) return out;
  out.blocks = markdown_blocks(*lesson.markdown);
  for (const MarkdownBlock& block : out.blocks) out.shown.push_back(shown_markdown_text(block.text));
  return out;
}

std::vector<Step> steps_of(const ShownBlocks& body) {
  std::vector<Step> steps;
  for (std::size_t i = 0; i < body.blocks.size(); ++i) {
    const MarkdownBlock& block = body.blocks[i];
    if (block.kind == MarkdownBlock::Kind::heading && block.level == 2) {
      steps.push_back({block, false, 0});
      continue;
    }
    if (steps.empty()) continue;  // the introduction
    steps.back().picture = steps.back().picture || body.shown[i].images;
    steps.back().syllables += count_syllables(body.shown[i].text);
  }
  return steps;
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n'; }

// The heading without a leading "Bước N" (any letter case) and the separator
// after it, or nullopt when it does not start so.
std::optional<std::string> without_step_number(std::string_view heading) {
  std::size_t space = 0;
  while (space < heading.size() && !is_blank(heading[space])) ++space;
  icu::UnicodeString first =
      icu::UnicodeString::fromUTF8(icu::StringPiece(heading.data(), static_cast<int32_t>(space)));
  if (first.foldCase() != icu::UnicodeString::fromUTF8("bước")) return std::nullopt;
  std::size_t i = space;
  while (i < heading.size() && is_blank(heading[i])) ++i;
  const std::size_t digits = i;
  while (i < heading.size() && heading[i] >= '0' && heading[i] <= '9') ++i;
  if (i == digits) return std::nullopt;
  // ":", ".", ")", "-" or a dash, and blanks.
  while (i < heading.size()) {
    if (is_blank(heading[i]) || std::string_view(":.)-").find(heading[i]) != std::string_view::npos) {
      ++i;
    } else if (heading.substr(i).starts_with("–") || heading.substr(i).starts_with("—")) {
      i += 3;
    } else {
      break;
    }
  }
  return std::string(heading.substr(i));
}

void check_steps(const Pack& pack, const Lesson& lesson, const ShownBlocks& body, Diagnostics& diagnostics) {
  if (!lesson.markdown) return;
  const CheckSeverities& severities = pack.checks.severities;
  const std::vector<Step> steps = steps_of(body);
  const int count = static_cast<int>(steps.size());
  if (count < kFewestSteps) {
    const Location where = steps.empty() ? Location{lesson.markdown_path, lesson.body_first_line, 1}
                                         : Location{lesson.markdown_path, steps.back().heading.line, 1};
    severities.report(diagnostics, where,
                      fmt::format(fmt::runtime(P_("the lesson has {count} step; a lesson has {fewest} to {most} (each "
                                                  "`## ` heading starts one): split its actions into more steps, or "
                                                  "join it with another lesson",
                                                  "the lesson has {count} steps; a lesson has {fewest} to {most} (each "
                                                  "`## ` heading starts one): split its actions into more steps, or "
                                                  "join it with another lesson",
                                                  count)),
                                  fmt::arg("count", count), fmt::arg("fewest", kFewestSteps),
                                  fmt::arg("most", kMostSteps)),
                      "step-count");
  } else if (count > kMostSteps) {
    severities.report(diagnostics, {lesson.markdown_path, steps[kMostSteps].heading.line, 1},
                      fmt::format(fmt::runtime(_("the lesson has {count} steps; a lesson has {fewest} to {most}: "
                                                 "split it into two lessons (the second one `requires` the first)")),
                                  fmt::arg("count", count), fmt::arg("fewest", kFewestSteps),
                                  fmt::arg("most", kMostSteps)),
                      "step-count");
  }
  const int limit = pack.checks.writing.step_syllables;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& step = steps[i];
    const Location at{lesson.markdown_path, step.heading.line, 1};
    if (auto rest = without_step_number(step.heading.text)) {
      severities.report(diagnostics, at,
                        fmt::format(fmt::runtime(_("the heading {heading} starts with a step number; the viewer "
                                                   "numbers steps itself (it would show 'Bước {number}: {text}'): "
                                                   "write only the action, {action}")),
                                    fmt::arg("heading", in_quotes(step.heading.text)), fmt::arg("number", i + 1),
                                    fmt::arg("text", step.heading.text), fmt::arg("action", in_quotes(*rest))),
                        "heading-step-number");
    }
    if (!step.picture) {
      severities.report(diagnostics, at,
                        fmt::format(fmt::runtime(_("step {number} ({heading}) has no picture; add a picture of what "
                                                   "the learner sees, with the thing to tap marked")),
                                    fmt::arg("number", i + 1), fmt::arg("heading", in_quotes(step.heading.text))),
                        "step-no-picture");
    }
    if (step.syllables > limit) {
      severities.report(diagnostics, at,
                        fmt::format(fmt::runtime(_("step {number} ({heading}) has {words} words, more than {limit} "
                                                   "for learners who read slowly: split it into two steps (one action "
                                                   "each) or shorten it")),
                                    fmt::arg("number", i + 1), fmt::arg("heading", in_quotes(step.heading.text)),
                                    fmt::arg("words", step.syllables), fmt::arg("limit", limit)),
                        "step-too-many-words");
    }
  }
}

// ---- sentences and tone marks ------------------------------------------------------

// The first words of a sentence, to find it in the source.
std::string_view opening_words(std::string_view sentence) {
  std::size_t i = 0;
  while (i < sentence.size() && is_blank(sentence[i])) ++i;
  const std::size_t start = i;
  for (int words = 0; i < sentence.size() && words < 2; ++words) {
    while (i < sentence.size() && !is_blank(sentence[i])) ++i;
    if (words == 0) {
      const std::size_t after_first = i;
      while (i < sentence.size() && sentence[i] == ' ') ++i;
      if (i >= sentence.size() || is_blank(sentence[i])) return sentence.substr(start, after_first - start);
    }
  }
  return sentence.substr(start, i - start);
}

void check_sentences(const Pack& pack, const Lesson& lesson, const LessonSegment& segment, const ShownBlocks& body,
                     Diagnostics& diagnostics) {
  const int limit = pack.checks.writing.sentence_syllables;
  const bool in_body = segment.origin == LessonSegment::Origin::body && segment.block < body.shown.size();
  const std::string shown = in_body ? body.shown[segment.block].text : shown_markdown_text(segment.segment.text).text;
  for (const MeasuredSentence& sentence : measure_sentences(shown)) {
    if (sentence.syllables <= limit) continue;
    const std::string_view text = std::string_view(shown).substr(sentence.offset, sentence.length);
    // Found again in the source (markup may differ): the words it opens with.
    const std::string_view opening = opening_words(text);
    const std::size_t in_source = segment.segment.text.find(opening);
    const Location where = place_in_segment(lesson, segment, in_source == std::string::npos ? 0 : in_source,
                                            in_source == std::string::npos ? std::string_view() : opening);
    std::string_view trimmed = text;
    while (!trimmed.empty() && is_blank(trimmed.back())) trimmed.remove_suffix(1);
    pack.checks.severities.report(
        diagnostics, where,
        fmt::format(fmt::runtime(_("the sentence {sentence} has {words} words, more than {limit}: split it into "
                                   "shorter sentences, one idea each")),
                    fmt::arg("sentence", in_quotes(trimmed)), fmt::arg("words", sentence.syllables),
                    fmt::arg("limit", limit)),
        "sentence-too-long");
  }
}

std::string tone_mark_message(const ToneMarkSlip& slip, ToneMarkStyle wanted) {
  return fmt::format(
      fmt::runtime(wanted == ToneMarkStyle::old_style
                       ? _("'{written}' has its tone mark in the new style; this pack writes the old style: '{wanted}'")
                       : _("'{written}' has its tone mark in the old style; this pack writes the new style: '{wanted}'")),
      fmt::arg("written", slip.written), fmt::arg("wanted", slip.wanted));
}

bool is_vietnamese(const std::string& tag) { return tag == "vi" || tag.starts_with("vi-"); }

}  // namespace

void check_lesson_writing(const Pack& pack, const Lesson& lesson, Diagnostics& diagnostics) {
  check_literal_markup(pack, lesson, diagnostics);
  const ShownBlocks body = shown_blocks(lesson);
  check_steps(pack, lesson, body, diagnostics);
  const ToneMarkStyle style = pack.checks.writing.tone_marks;
  for (const LessonSegment& segment : lesson_segments(lesson)) {
    check_sentences(pack, lesson, segment, body, diagnostics);
    if (!is_vietnamese(pack.source_language)) continue;
    for (const ToneMarkSlip& slip : tone_mark_slips(segment.segment.text, style))
      pack.checks.severities.report(diagnostics, place_in_segment(lesson, segment, slip.offset, slip.written),
                                    tone_mark_message(slip, style), "tone-mark-style");
  }
}

void check_pack_writing(const Pack& pack, Diagnostics& diagnostics) {
  if (!pack.document || !pack.document->value().is_object() || !is_vietnamese(pack.source_language)) return;
  const ToneMarkStyle style = pack.checks.writing.tone_marks;
  for (const char* key : {"title", "summary"}) {
    auto it = pack.document->value().find(key);
    if (it == pack.document->value().end() || !it->is_string()) continue;
    for (const ToneMarkSlip& slip : tone_mark_slips(it->get_ref<const std::string&>(), style))
      pack.checks.severities.report(diagnostics, pack.document->locate(std::string("/") + key),
                                    tone_mark_message(slip, style), "tone-mark-style");
  }
}

void check_lesson_folders_listed(const Pack& pack, Diagnostics& diagnostics) {
  std::set<std::string> listed(pack.listed_lesson_ids.begin(), pack.listed_lesson_ids.end());
  for (const fs::path& file : find_pack_files(pack.content_root)) {
    if (std::error_code same_error; fs::equivalent(file, pack.pack_file, same_error)) continue;
    Diagnostics ignored;  // that pack's own problems are its check's
    if (auto other = load_pack_file(file, ignored))
      listed.insert(other->listed_lesson_ids.begin(), other->listed_lesson_ids.end());
  }
  std::error_code ec;
  std::vector<fs::path> folders;
  for (const auto& entry : fs::directory_iterator(pack.content_root / "lessons", ec))
    if (entry.is_directory(ec) && !entry.is_symlink(ec) && fs::is_regular_file(entry.path() / "lesson.md", ec))
      folders.push_back(entry.path());
  std::sort(folders.begin(), folders.end());
  for (const fs::path& folder : folders)
    if (!listed.count(folder.filename().string()))
      pack.checks.severities.report(diagnostics, lesson_not_in_pack(folder, pack.content_root / "packs"));
}

Diagnostic lesson_not_in_pack(const fs::path& folder, const fs::path& packs_dir) {
  const std::string id = folder.filename().string();
  return {default_severity("lesson-not-in-pack"),
          {display_path(folder / "lesson.md")},
          fmt::format(fmt::runtime(_("the lesson folder '{id}' is in no pack: no file in {packs} lists it, so it is "
                                     "never checked or built; add '{id}' to a pack's lessons: list, or remove the "
                                     "folder")),
                      fmt::arg("id", id), fmt::arg("packs", display_path(packs_dir))),
          "lesson-not-in-pack"};
}

}  // namespace hocso
