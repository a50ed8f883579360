#include "localize.h"

#include <set>

#include <fmt/format.h>

#include "display_path.h"
#include "hashing.h"
#include "markdown.h"
#include "segments.h"

namespace hocso {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

const PoCatalog* CatalogCache::get(const Pack& pack, const std::string& language, const Lesson& lesson,
                                   Diagnostics& diagnostics) {
  auto key = std::make_pair(language, lesson.id);
  auto found = catalogs_.find(key);
  if (found == catalogs_.end()) {
    const fs::path file = po_path(pack, language, lesson);
    std::optional<PoCatalog> catalog;
    if (fs::exists(file)) catalog = read_po_file(file, shown(pack, language, lesson), diagnostics);
    found = catalogs_.emplace(key, std::move(catalog)).first;
  }
  return found->second ? &*found->second : nullptr;
}

std::string CatalogCache::shown(const Pack& pack, const std::string& language, const Lesson& lesson) {
  return display_path(po_path(pack, language, lesson));
}

namespace {

// One RFC 6901 pointer token back to its key ("screens~1a.png" -> "screens/a.png").
std::string json_pointer_unescape(std::string_view token) {
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out += token[++i] == '0' ? '~' : '/';
    } else {
      out += token[i];
    }
  }
  return out;
}

std::string describe_difference(const MarkupSummary& source, const MarkupSummary& translated) {
  if (translated.raw_html) return "it contains raw HTML";
  if (translated.links != source.links) return "its link targets differ from the source's";
  if (translated.images != source.images) return "its images differ from the source's";
  if (translated.code_spans != source.code_spans) return "its code spans differ from the source's";
  if (translated.emphasis != source.emphasis || translated.strong != source.strong)
    return "its emphasis markers (* _ ** __) differ from the source's";
  return "it is not a single block like its source (a blank line, list or heading marker was added)";
}

// The visible note on text shown in `shown` instead of the page's language:
// in Vietnamese when the text is Vietnamese, else in English (never invented
// text in a language hocso has no words for).
std::string fallback_note(const std::string& shown) {
  if (shown == "vi")
    return "<p class=\"fallback-note\">Phần này chưa được dịch; đang hiện bằng tiếng Việt.</p>\n";
  return fmt::format("<p class=\"fallback-note\" lang=\"en\">Not translated yet; shown in {}.</p>\n",
                     escape_html(language_name(shown)));
}

}  // namespace

std::optional<LocalizedLesson> localize_lesson(const Pack& pack, const Lesson& lesson, const std::string& language,
                                               const std::vector<std::string>& chain,
                                               const std::map<std::string, const LanguageStage*>& stages,
                                               CatalogCache& catalogs, Diagnostics& diagnostics) {
  const int errors_before = diagnostics.error_count();
  const std::vector<LessonSegment> segments = lesson_segments(lesson);

  // The usable translations of each language of the chain, checked.
  std::vector<std::string> languages{language};
  for (const auto& l : chain)
    if (l != language && l != pack.source_language) languages.push_back(l);
  std::vector<std::map<std::pair<std::string, std::string>, const PoEntry*>> usable;
  for (const auto& l : languages) {
    const PoCatalog* catalog = catalogs.get(pack, l, lesson, diagnostics);
    usable.push_back(catalog ? translated_entries(*catalog) : decltype(usable)::value_type{});
  }
  const PoCatalog* own = catalogs.get(pack, language, lesson, diagnostics);
  LocalizedLesson out;
  out.coverage = lesson_coverage(segments, own);

  // The text of a usable translation in language `l`, through its plugin's normalize().
  auto normalized = [&](std::size_t l, const PoEntry& e) {
    auto stage = stages.find(languages[l]);
    return stage == stages.end() || !stage->second ? e.msgstr : stage->second->normalize(e.msgstr);
  };
  std::set<std::pair<std::string, std::string>> checked;
  auto translation = [&](std::size_t l, const LessonSegment& s) -> const PoEntry* {
    auto it = usable[l].find({s.segment.context, s.segment.text});
    if (it == usable[l].end()) return nullptr;
    const PoEntry* e = it->second;
    if (s.origin == LessonSegment::Origin::body && checked.insert({languages[l], s.segment.text}).second) {
      const MarkupSummary source = markup_summary(s.segment.text), translated = markup_summary(normalized(l, *e));
      if (!(source == translated)) {
        diagnostics.error({CatalogCache::shown(pack, languages[l], lesson), e->line, 1},
                          fmt::format("the translation of \"{}\" ({}:{}) cannot be used: {}",
                                      s.segment.text.substr(0, 60), lesson.markdown_path, s.segment.where.line,
                                      describe_difference(source, translated)),
                          "translation-markup");
      }
    }
    return e;
  };

  // ---- the body, unit by unit ----
  const auto blocks = markdown_blocks(*lesson.markdown);
  std::vector<std::size_t> unit_of(blocks.size());
  std::size_t units = 1;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    if (blocks[i].kind == MarkdownBlock::Kind::heading && blocks[i].level == 2) ++units;
    unit_of[i] = units - 1;
  }
  std::vector<std::vector<const LessonSegment*>> unit_segments(units);
  for (const auto& s : segments)
    if (s.origin == LessonSegment::Origin::body) unit_segments[unit_of[s.block]].push_back(&s);
  std::map<std::size_t, std::string> replacements;
  for (std::size_t u = 0; u < units; ++u) {
    std::string source_text;
    for (const auto* s : unit_segments[u]) source_text += s->segment.text + "\n\n";
    out.unit_source_sha256.push_back(to_hex(sha256(source_text)));
    std::string shown = pack.source_language;
    for (std::size_t l = 0; l < languages.size(); ++l) {
      bool complete = true;
      for (const auto* s : unit_segments[u]) complete = translation(l, *s) != nullptr && complete;
      if (!complete) continue;
      shown = languages[l];
      for (const auto* s : unit_segments[u]) replacements[s->block] = normalized(l, *translation(l, *s));
      break;
    }
    out.unit_languages.push_back(shown);
  }
  if (diagnostics.error_count() > errors_before) return std::nullopt;

  // ---- the copy ----
  auto copy = std::make_unique<Lesson>();
  copy->id = lesson.id;
  copy->folder = lesson.folder;
  copy->markdown_path = lesson.markdown_path;
  copy->body = replace_markdown_blocks(*lesson.markdown, replacements);
  copy->body_first_line = lesson.body_first_line;
  copy->level = lesson.level;
  copy->duration_minutes = lesson.duration_minutes;
  copy->requires_ids = lesson.requires_ids;
  copy->tags = lesson.tags;
  copy->title = lesson.title;
  copy->summary = lesson.summary;
  copy->objectives = lesson.objectives;
  copy->quiz = lesson.quiz;
  // Translations passed their markup check one by one; a failure here would be
  // a bug in block replacement, reported on the lesson rather than hidden.
  copy->markdown = parse_markdown(copy->body, lesson.markdown_path, lesson.body_first_line, diagnostics);
  if (!copy->markdown) return std::nullopt;

  out.front_matter = Json::array();
  for (const auto& s : segments) {
    if (s.origin != LessonSegment::Origin::front_matter) continue;
    std::string shown = pack.source_language;
    std::string text = s.segment.text;
    for (std::size_t l = 0; l < languages.size(); ++l)
      if (const PoEntry* e = translation(l, s)) {
        shown = languages[l];
        text = normalized(l, *e);
        break;
      }
    const std::string& p = s.pointer;
    if (p == "/title") copy->title = text;
    else if (p == "/summary") copy->summary = text;
    else if (p.starts_with("/objectives/")) {
      const std::size_t i = std::stoul(p.substr(12));
      if (i < copy->objectives.size()) copy->objectives[i] = text;
    } else if (p.starts_with("/screens/") && p.ends_with("/label")) {
      copy->screen_labels[json_pointer_unescape(p.substr(9, p.size() - 9 - 6))] = text;
    } else if (p.starts_with("/quiz/")) {
      const std::size_t q = std::stoul(p.substr(6));
      const std::size_t slash = p.find('/', 6);
      if (q < copy->quiz.size() && slash != std::string::npos) {
        const std::string rest = p.substr(slash);
        if (rest == "/question") copy->quiz[q].question = text;
        else if (rest.starts_with("/choices/")) {
          const std::size_t c = std::stoul(rest.substr(9));
          if (c < copy->quiz[q].choices.size()) copy->quiz[q].choices[c] = text;
        }
      }
    }
    out.front_matter.push_back(Json{{"field", p}, {"lang", shown}, {"source_sha256", to_hex(sha256(s.segment.text))}});
  }
  out.lesson = std::move(copy);
  return out;
}

void mark_freshness(RenderedLesson& page, const LocalizedLesson& localized, const std::string& language) {
  Json doc = Json::parse(page.json);
  auto record = [&](Json& target, std::size_t unit) {
    target["shown_lang"] = localized.unit_languages[unit];
    target["source_sha256"] = localized.unit_source_sha256[unit];
    target["fallback"] = localized.unit_languages[unit] != language;
  };
  Json intro = Json::object();
  record(intro, 0);
  doc["intro_freshness"] = intro;
  for (auto& step : doc["steps"]) {
    const std::size_t unit = step.value("index", 0);
    if (unit < localized.unit_languages.size()) record(step, unit);
  }
  doc["front_matter_freshness"] = localized.front_matter;
  doc["coverage"] = Json{{"translated", localized.coverage.translated}, {"fuzzy", localized.coverage.fuzzy},
                         {"missing", localized.coverage.missing}};
  page.json = doc.dump(1) + "\n";

  // Steps are rendered as <li class="step" id="buoc-N">: mark those shown in
  // another language, with a note a reader sees (in the language it is shown in).
  for (std::size_t unit = 1; unit < localized.unit_languages.size(); ++unit) {
    const std::string& shown = localized.unit_languages[unit];
    if (shown == language) continue;
    const std::string open = fmt::format("<li class=\"step\" id=\"buoc-{}\">\n", unit);
    const std::size_t at = page.html.find(open);
    if (at == std::string::npos) continue;
    page.html.replace(at, open.size(),
                      fmt::format("<li class=\"step fallback\" id=\"buoc-{}\" lang=\"{}\" data-source-sha256=\"{}\">\n{}",
                                  unit, escape_html(shown), localized.unit_source_sha256[unit], fallback_note(shown)));
  }
  const std::string intro_open = "<section class=\"intro\">\n";
  const std::size_t intro_at = page.html.find(intro_open);
  if (!localized.unit_languages.empty() && localized.unit_languages[0] != language && intro_at != std::string::npos)
    page.html.replace(intro_at, intro_open.size(),
                      fmt::format("<section class=\"intro fallback\" lang=\"{}\">\n{}",
                                  escape_html(localized.unit_languages[0]), fallback_note(localized.unit_languages[0])));
}

}  // namespace hocso
