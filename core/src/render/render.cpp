#include "render.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "hashing.h"
#include "share_link.h"
#include "viewer_files.h"

namespace hocso {

using Json = nlohmann::ordered_json;

namespace {

std::string level_html(const PageLabels& labels, const std::string& level) {
  if (level == "co-ban") return label_html(labels, PageLabel::level_co_ban);
  if (level == "trung-binh") return label_html(labels, PageLabel::level_trung_binh);
  if (level == "nang-cao") return label_html(labels, PageLabel::level_nang_cao);
  return escape_html(level);
}

std::string minutes_html(const PageLabels& labels, int minutes) {
  return label_html(labels, PageLabel::minutes, labels.format(PageLabel::minutes, {{"{n}", std::to_string(minutes)}}));
}

// The page's language by its native name (`names`; else language_name()) and,
// when the pack has others, a switcher to the same page in each of them
// (`file`: "index.html" or "<lesson>.html"; the script adds the step shown).
// A <details> opens without script too.
std::string language_switch_html(const Pack& pack, const std::string& lang, const std::string& file,
                                 const std::map<std::string, std::string>& names) {
  auto name_of = [&](const std::string& tag) {
    auto it = names.find(tag);
    return escape_html(it == names.end() ? language_name(tag) : it->second);
  };
  std::string others;
  for (const auto& other : pack.languages)
    if (other != lang)
      others += fmt::format("<li><a href=\"../{0}/{1}\" lang=\"{0}\" hreflang=\"{0}\">{2}</a></li>\n", escape_html(other),
                            escape_html(file), name_of(other));
  // The page's own name is in the page's language: no lang of its own.
  if (others.empty()) return fmt::format("<span class=\"page-language\">{}</span>\n", name_of(lang));
  return fmt::format(
      "<details class=\"switch-language\">\n<summary><span class=\"page-language\">{}</span></summary>\n"
      "<ul>\n{}</ul>\n</details>\n",
      name_of(lang), others);
}

// `assets` is the relative path to assets/ ("" or "../"). The script is
// external (the server's Content-Security-Policy allows no inline script) and
// only enhances: every page reads complete without it.
std::string page(const std::string& lang, const std::string& title, const std::string& assets,
                 const std::string& body, const std::string& main_attributes = "",
                 const std::vector<std::string>& stylesheets = {}, const std::vector<std::string>& scripts = {}) {
  std::string links;
  for (const auto& s : stylesheets)
    links += fmt::format("<link rel=\"stylesheet\" href=\"{}assets/{}\">\n", assets, escape_html(s));
  for (const auto& s : scripts)  // before hocso.js; deferred scripts run in order
    links += fmt::format("<script src=\"{}assets/{}\" defer></script>\n", assets, escape_html(s));
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{}</title>\n<link rel=\"stylesheet\" href=\"{}assets/hocso.css\">\n{}"
      "<script src=\"{}assets/hocso.js\" defer></script>\n</head>\n<body>\n<main{}>\n{}</main>\n</body>\n</html>\n",
      escape_html(lang), escape_html(title), assets, links, assets, main_attributes, body);
}

// How a lesson's front-matter texts are marked on a page of language `page_lang`:
// a text shown in another language gets that `lang` and the class "fallback".
class FieldMarks {
 public:
  FieldMarks(const PageLabels& labels, const LessonLocalization* shown)
      : page_lang_(labels.page_language()), labels_(labels), shown_(shown) {}

  // The language `field` is shown in when it is not the page's, else "".
  std::string fallback(const TextField& field) const {
    if (!shown_) return "";
    const std::string* language = shown_->language_of(field);
    return !language || *language == page_lang_ ? "" : *language;
  }
  // ` class="<base> fallback" lang="vi"`, ` class="<base>"` or "".
  std::string attributes(const std::string& base_class, const TextField& field) const {
    const std::string shown = fallback(field);
    std::string classes = base_class;
    if (!shown.empty()) classes += classes.empty() ? "fallback" : " fallback";
    std::string out = classes.empty() ? "" : fmt::format(" class=\"{}\"", classes);
    if (!shown.empty()) out += fmt::format(" lang=\"{}\"", escape_html(shown));
    return out;
  }
  // One quiet note for a group of texts when any of them falls back.
  std::string note(const std::vector<TextField>& fields) const {
    for (const auto& f : fields)
      if (std::string shown = fallback(f); !shown.empty()) return fallback_note(labels_, shown, true);
    return "";
  }

 private:
  std::string page_lang_;
  const PageLabels& labels_;
  const LessonLocalization* shown_;
};

const ShownLesson* shown_lesson(const ShownLessons& shown, const std::string& id) {
  auto it = shown.find(id);
  return it == shown.end() || !it->second.lesson ? nullptr : &it->second;
}

const LessonLocalization* localization_of(const ShownLesson* shown) { return shown ? shown->localization : nullptr; }

// The prerequisites of a lesson as links (by their titles in the page's
// language), or "" when it has none.
std::string requires_html(const Pack& pack, const LessonSummary& lesson, const PageLabels& labels,
                          const ShownLessons& shown) {
  std::string links;
  for (const auto& id : lesson.requires_ids) {
    const LessonSummary* other = pack.find_lesson(id);
    if (!other) continue;
    const ShownLesson* translated = shown_lesson(shown, id);
    const FieldMarks marks(labels, localization_of(translated));
    links += fmt::format("{}<a href=\"{}.html\"{}>{}</a>", links.empty() ? "" : ", ", escape_html(id),
                         marks.attributes("", TextField::title()), escape_html(translated ? translated->lesson->title : other->title));
  }
  if (links.empty()) return "";
  return fmt::format("<p class=\"requires\">{}: {}</p>\n", label_html(labels, PageLabel::requires_before), links);
}

// The end of a lesson: "Bác đã học xong bài …", the next lesson and the list.
// The next lesson is the first after this one in pack order that needs no
// lesson after this one (`requires`): the pack's order is the order of learning.
std::string summary_html(const Pack& pack, const Lesson& lesson, const PageLabels& labels, const ShownLessons& shown) {
  std::string html = fmt::format(
      "<section class=\"summary\" id=\"xong\">\n<h2>{}</h2>\n",
      label_html(labels, PageLabel::lesson_done, labels.format(PageLabel::lesson_done, {{"{title}", lesson.title}})));
  std::vector<std::string> before;  // this lesson and those before it
  for (const auto& l : pack.lessons) {
    before.push_back(l.id);
    if (l.id == lesson.id) break;
  }
  for (std::size_t i = before.size(); i < pack.lessons.size(); ++i) {
    const LessonSummary& next = pack.lessons[i];
    const bool ready = std::all_of(next.requires_ids.begin(), next.requires_ids.end(), [&](const std::string& r) {
      return std::find(before.begin(), before.end(), r) != before.end();
    });
    if (!ready) continue;
    const ShownLesson* translated = shown_lesson(shown, next.id);
    const FieldMarks marks(labels, localization_of(translated));
    html += fmt::format("<p class=\"next-lesson\">{}: <a href=\"{}.html\"{}>{}</a></p>\n",
                        label_html(labels, PageLabel::next_lesson), escape_html(next.id),
                        marks.attributes("", TextField::title()),
                        escape_html(translated ? translated->lesson->title : next.title));
    break;
  }
  html += fmt::format("<p><a href=\"index.html\"{}>{}</a></p>\n</section>\n", label_lang(labels, PageLabel::back),
                      escape_html(labels.text(PageLabel::back)));
  return html;
}

std::string media_html_url(const MediaFile& m) { return "../" + m.path; }

Json media_json(const MediaFile& file, const std::string& alt) {
  return Json{{"path", file.path}, {"alt", alt}, {"size", file.size}, {"width", file.width},
              {"height", file.height}};
}

}  // namespace

std::string links_digest(const Pack& pack, const ShownLessons& shown) {
  // What requires_html() and summary_html() read of other lessons.
  Sha256 digest;
  for (const LessonSummary& lesson : pack.lessons) {
    digest.update(lesson.id + '\0' + lesson.title + '\0');
    for (const auto& id : lesson.requires_ids) digest.update(id + '\0');
    const ShownLesson* translated = shown_lesson(shown, lesson.id);
    const LessonLocalization* localization = localization_of(translated);
    const std::string* language = localization ? localization->language_of(TextField::title()) : nullptr;
    digest.update(std::string("\n") + (translated ? "shown" : "") + '\0' + (translated ? translated->lesson->title : "") +
                  '\0' + (language ? *language : "") + '\n');
  }
  return to_hex(digest.finish());
}

const std::string* LessonLocalization::language_of(const TextField& field) const {
  for (const auto& f : fields)
    if (f.field == field) return &f.language;
  return nullptr;
}

std::string fallback_note(const PageLabels& labels, const std::string& shown_lang, bool quiet) {
  const char* classes = quiet ? "fallback-note quiet" : "fallback-note";
  const ShownText note = labels.note_for(shown_lang);
  // A note in the page's own language needs no lang of its own.
  const std::string lang =
      note.language == labels.page_language() ? "" : fmt::format(" lang=\"{}\"", escape_html(note.language));
  return fmt::format("<p class=\"{}\"{}>{}</p>\n", classes, lang, escape_html(note.text));
}

std::string language_name(const std::string& tag) {
  static const std::map<std::string, std::string> names{
      {"vi", "Tiếng Việt"}, {"en", "English"}};
  auto it = names.find(tag);
  return it == names.end() ? tag : it->second;
}

// The lesson a link target names: ../<id>/lesson.md or ../<id>/ (optionally with #anchor).
static std::optional<std::string> linked_lesson_id(const std::string& target) {
  std::string path = target.substr(0, target.find('#'));
  if (path.rfind("../", 0) != 0) return std::nullopt;
  path = path.substr(3);
  if (path.size() > 9 && path.compare(path.size() - 9, 9, "/lesson.md") == 0) path.resize(path.size() - 10);
  else if (!path.empty() && path.back() == '/') path.pop_back();
  return path;
}

std::optional<std::string> resolve_lesson_link(const Pack& pack, const std::string& target) {
  if (target.empty()) return std::nullopt;
  if (target[0] == '#') return target;
  if (target.rfind("https://", 0) == 0) return target;
  // ../<id>/lesson.md or ../<id>/ (optionally with #anchor) -> <id>.html
  const auto id = linked_lesson_id(target);
  if (!id || !pack.lists(*id)) return std::nullopt;
  const auto hash = target.find('#');
  return *id + ".html" + (hash == std::string::npos ? std::string() : target.substr(hash));
}

RenderedLesson render_lesson(const Pack& pack, const Lesson& lesson, const PageLabels& labels,
                             const MediaResolver& media, const ShownLessons& shown,
                             const std::vector<std::string>& stylesheets, const LessonLocalization* localization,
                             const std::map<std::string, std::string>& names, const AudioResolver& audio) {
  const std::string& lang = labels.page_language();
  if (!localization) localization = localization_of(shown_lesson(shown, lesson.id));
  const FieldMarks marks(labels, localization);
  // The language each part of the body is shown in, when it is not the page's.
  auto unit_fallback = [&](std::size_t unit) -> const ShownUnit* {
    if (!localization || unit >= localization->units.size()) return nullptr;
    const ShownUnit& shown_unit = localization->units[unit];
    return shown_unit.language == lang ? nullptr : &shown_unit;
  };
  // Media found while rendering, keyed by the resolved page URL, for the JSON.
  std::map<std::string, MediaFile> used;
  UrlResolver resolve = [&](const SourceReference& ref) -> std::optional<ResolvedUrl> {
    if (ref.kind == SourceReference::Kind::link) {
      auto url = resolve_lesson_link(pack, ref.target);
      if (!url) return std::nullopt;
      return ResolvedUrl{*url, 0, 0};
    }
    auto file = media(lesson, ref);
    if (!file) return std::nullopt;
    used[media_html_url(*file)] = *file;
    return ResolvedUrl{media_html_url(*file), file->width, file->height};
  };
  RenderedBody body = render_markdown(*lesson.markdown, resolve);

  auto media_list = [&](const std::vector<RenderedMedia>& items) {
    Json list = Json::array();
    for (const auto& m : items) {
      auto it = used.find(m.url);
      if (it != used.end()) list.push_back(media_json(it->second, m.alt));
    }
    return list;
  };

  // ---- HTML ----
  std::string html;
  html += fmt::format("<nav><a href=\"index.html\"{}>{}</a>\n{}</nav>\n", label_lang(labels, PageLabel::back),
                      escape_html(labels.text(PageLabel::back)),
                      language_switch_html(pack, lang, lesson.id + ".html", names));
  html += fmt::format("<h1{}>{}</h1>\n", marks.attributes("", TextField::title()), escape_html(lesson.title));
  if (!lesson.summary.empty())
    html += fmt::format("<p{}>{}</p>\n", marks.attributes("summary", TextField::summary()), escape_html(lesson.summary));
  // The cover (title, summary, objectives, introduction) is one screen of the
  // viewer: one note for all of it, where it starts, naming the language of
  // the first of its parts that is shown in another (each step, and each quiz
  // question, is a screen with a note of its own).
  std::vector<TextField> cover_fields{TextField::title(), TextField::summary()};
  for (std::size_t i = 0; i < lesson.objectives.size(); ++i) cover_fields.push_back(TextField::objective(i));
  std::string cover_note = marks.note(cover_fields);
  if (cover_note.empty() && !body.intro_html.empty())
    if (const ShownUnit* other = unit_fallback(0)) cover_note = fallback_note(labels, other->language, true);
  html += cover_note;
  html += fmt::format("<p class=\"meta\">{} · {}</p>\n", level_html(labels, lesson.level),
                      minutes_html(labels, lesson.duration_minutes));
  html += requires_html(pack, lesson, labels, shown);
  if (!lesson.objectives.empty()) {
    html += fmt::format("<section class=\"objectives\">\n<h2{}>{}</h2>\n<ul>\n",
                        label_lang(labels, PageLabel::objectives), escape_html(labels.text(PageLabel::objectives)));
    for (std::size_t i = 0; i < lesson.objectives.size(); ++i)
      html += fmt::format("<li{}>{}</li>\n", marks.attributes("", TextField::objective(i)),
                          escape_html(lesson.objectives[i]));
    html += "</ul>\n</section>\n";
  }
  // A unit with narration (the introduction, a step, a quiz question) gets a
  // large listen button; the sound starts only when it is pressed (decision
  // 0023). A machine voice says so beside it (decision 0024).
  // `shown_lang`: the unit's text's; `around`: the language of the element
  // the button is in.
  auto listen_html = [&](const std::string& unit, const std::string& shown_lang,
                         const std::string& around) -> std::string {
    if (!audio) return "";
    auto a = audio(unit, shown_lang);
    if (!a) return "";
    // The words are the page's language's (or its fallback's), also on a unit
    // shown in another language.
    auto word_attribute = [&](PageLabel label) {
      const std::string& language = labels.shown(label).language;
      return language == around ? std::string() : fmt::format(" lang=\"{}\"", escape_html(language));
    };
    const std::string label_attribute = word_attribute(PageLabel::listen);
    std::string voice_note;
    if (!a->voice.empty())
      voice_note = fmt::format("<span class=\"voice-note\"{}>{}</span>", word_attribute(PageLabel::machine_voice),
                               escape_html(labels.text(PageLabel::machine_voice)));
    return fmt::format("<p class=\"listen{}\"><button type=\"button\" class=\"listen\"{}>{}</button>"
                       "<audio preload=\"none\" src=\"../{}\" lang=\"{}\" data-duration=\"{:.2f}\"></audio>{}</p>\n",
                       a->voice.empty() ? "" : " machine", label_attribute, escape_html(labels.text(PageLabel::listen)),
                       escape_html(a->path), escape_html(a->language), a->duration_seconds, voice_note);
  };
  auto unit_language = [&](std::size_t unit) -> const std::string& {
    return localization && unit < localization->units.size() ? localization->units[unit].language : lang;
  };
  auto question_language = [&](std::size_t q) -> const std::string& {
    const std::string* shown_lang = localization ? localization->language_of(TextField::quiz_question(q)) : nullptr;
    return shown_lang ? *shown_lang : lang;
  };
  // A part of the body shown in another language says so: its `lang`, the
  // class "fallback" (and a step its source hash), and a note a reader sees
  // (the introduction's is the cover's, above).
  if (!body.intro_html.empty()) {
    if (const ShownUnit* other = unit_fallback(0))
      html += fmt::format("<section class=\"intro fallback\" lang=\"{}\">\n", escape_html(other->language));
    else
      html += "<section class=\"intro\">\n";
    html += listen_html("intro", unit_language(0), unit_language(0)) + body.intro_html + "</section>\n";
  }
  html += "<ol class=\"steps\">\n";
  for (std::size_t i = 0; i < body.steps.size(); ++i) {
    const auto& step = body.steps[i];
    if (const ShownUnit* other = unit_fallback(i + 1))
      html += fmt::format("<li class=\"step fallback\" id=\"buoc-{}\" lang=\"{}\" data-source-sha256=\"{}\">\n{}", i + 1,
                          escape_html(other->language), other->source_sha256,
                          fallback_note(labels, other->language));
    else
      html += fmt::format("<li class=\"step\" id=\"buoc-{}\">\n", i + 1);
    // With narration, the heading and its listen button share a row: on a
    // phone the step's picture keeps the height.
    const std::string heading =
        fmt::format("<h2><span class=\"step-number\"{}>{} {}:</span> {}</h2>\n", label_lang(labels, PageLabel::step),
                    escape_html(labels.text(PageLabel::step)), i + 1, step.title_html);
    const std::string listen = listen_html(fmt::format("step-{}", i + 1), unit_language(i + 1), unit_language(i + 1));
    html += (listen.empty() ? heading : "<div class=\"step-head\">\n" + heading + listen + "</div>\n") + step.html +
            "</li>\n";
  }
  html += "</ol>\n";
  if (!lesson.quiz.empty()) {
    html += fmt::format("<section class=\"quiz\">\n<h2{}>{}</h2>\n", label_lang(labels, PageLabel::quiz),
                        escape_html(labels.text(PageLabel::quiz)));
    for (std::size_t q = 0; q < lesson.quiz.size(); ++q) {
      const auto& question = lesson.quiz[q];
      const bool answerable =
          question.answer >= 0 && static_cast<std::size_t>(question.answer) < question.choices.size();
      // data-answer lets the script give immediate feedback; without it the
      // answer stays in <details>.
      std::vector<TextField> fields{TextField::quiz_question(q)};
      html += fmt::format("<div class=\"question\" id=\"cau-{}\"{}>\n<p{}>{}</p>\n{}<ol type=\"A\">\n", q + 1,
                          answerable ? fmt::format(" data-answer=\"{}\"", question.answer) : "",
                          marks.attributes("", fields[0]), escape_html(question.question),
                          listen_html(fmt::format("quiz-{}", q + 1), question_language(q), lang));
      for (std::size_t c = 0; c < question.choices.size(); ++c) {
        fields.push_back(TextField::quiz_choice(q, c));
        html += fmt::format("<li{}>{}</li>\n", marks.attributes("", fields.back()), escape_html(question.choices[c]));
      }
      html += "</ol>\n" + marks.note(fields);
      if (answerable)
        html += fmt::format("<details><summary{}>{}</summary><p{}>{}</p></details>\n",
                            label_lang(labels, PageLabel::show_answer), escape_html(labels.text(PageLabel::show_answer)),
                            marks.attributes("", TextField::quiz_choice(q, static_cast<std::size_t>(question.answer))),
                            escape_html(question.choices[static_cast<std::size_t>(question.answer)]));
      html += "</div>\n";
    }
    html += "</section>\n";
  }
  html += summary_html(pack, lesson, labels, shown);
  html += share_block_html(pack, lesson.id, labels);  // the QR code of the lesson's share_url

  // ---- JSON ----
  Json steps = Json::array();
  // A translated page records what each part is shown in and the hash of its
  // source text, so that an app can tell a stale or missing translation.
  auto freshness = [&](Json& target, std::size_t unit) {
    const ShownUnit& shown_unit = localization->units[unit];
    target["shown_lang"] = shown_unit.language;
    target["source_sha256"] = shown_unit.source_sha256;
    target["fallback"] = shown_unit.language != lang;
  };
  // A unit's narration is in the language its text is shown in: the voice
  // says what the screen says.
  auto unit_audio = [&](Json& target, const char* key, const std::string& unit, const std::string& shown_lang) {
    if (!audio) return;
    if (auto a = audio(unit, shown_lang)) {
      target[key] = Json{{"path", a->path}, {"size", a->size}, {"duration_seconds", a->duration_seconds},
                         {"lang", a->language}, {"recorded", a->voice.empty()}};
      if (!a->voice.empty()) target[key]["voice"] = a->voice;
    }
  };
  for (std::size_t i = 0; i < body.steps.size(); ++i) {
    const auto& step = body.steps[i];
    steps.push_back(Json{{"index", i + 1}, {"title", step.title}, {"html", step.html},
                         {"source_line", step.line}, {"media", media_list(step.media)}});
    if (localization && i + 1 < localization->units.size()) freshness(steps.back(), i + 1);
    unit_audio(steps.back(), "audio", fmt::format("step-{}", i + 1), unit_language(i + 1));
  }
  Json quiz = Json::array();
  for (std::size_t q = 0; q < lesson.quiz.size(); ++q) {
    const auto& question = lesson.quiz[q];
    quiz.push_back(Json{{"question", question.question}, {"choices", question.choices}, {"answer", question.answer}});
    unit_audio(quiz.back(), "audio", fmt::format("quiz-{}", q + 1), question_language(q));
  }
  Json doc{{"format", "hocso-lesson/1"},
           {"lang", lang},
           {"id", lesson.id},
           {"title", lesson.title},
           {"summary", lesson.summary},
           {"level", lesson.level},
           {"duration_minutes", lesson.duration_minutes},
           {"requires", lesson.requires_ids},
           {"tags", lesson.tags},
           {"objectives", lesson.objectives},
           {"intro_html", body.intro_html},
           {"intro_media", media_list(body.intro_media)},
           {"steps", steps},
           {"quiz", quiz}};
  unit_audio(doc, "intro_audio", "intro", unit_language(0));
  if (localization) {
    Json intro = Json::object();
    if (!localization->units.empty()) freshness(intro, 0);
    doc["intro_freshness"] = intro;
    Json fields = Json::array();
    for (const auto& f : localization->fields)
      fields.push_back(Json{{"field", f.field.pointer()}, {"lang", f.language}, {"source_sha256", f.source_sha256}});
    doc["front_matter_freshness"] = fields;
    doc["coverage"] = Json{{"translated", localization->coverage.translated}, {"fuzzy", localization->coverage.fuzzy},
                           {"missing", localization->coverage.missing}};
  }

  // The words the viewer script shows, each with its language when it falls back.
  std::string viewer_words = fmt::format(" data-lesson=\"{}\"", escape_html(lesson.id));
  for (const auto& [name, label] : {std::pair{"step", PageLabel::step}, std::pair{"previous", PageLabel::previous},
                                    std::pair{"next", PageLabel::next}, std::pair{"right", PageLabel::right},
                                    std::pair{"wrong", PageLabel::wrong},
                                    std::pair{"quiz", PageLabel::quiz}}) {
    viewer_words += fmt::format(" data-{}=\"{}\"", name, escape_html(labels.text(label)));
    if (!label_lang(labels, label).empty())
      viewer_words += fmt::format(" data-{}-lang=\"{}\"", name, escape_html(labels.shown(label).language));
  }
  std::vector<std::string> step_titles;
  for (const auto& step : body.steps) step_titles.push_back(step.title);
  return {page(lang, lesson.title, "../", html, viewer_words, stylesheets), doc.dump(1) + "\n",
          search_entry(lesson.id, lesson.title, lesson.summary, std::move(step_titles))};
}

std::string render_language_index(const Pack& pack, const PageLabels& labels, const ShownLessons& shown,
                                  const std::vector<std::string>& stylesheets,
                                  const std::map<std::string, std::string>& names) {
  const std::string& lang = labels.page_language();
  std::string html = fmt::format("<nav><a href=\"../index.html\"{}>{}</a>\n{}</nav>\n",
                                 label_lang(labels, PageLabel::choose_language),
                                 escape_html(labels.text(PageLabel::choose_language)),
                                 language_switch_html(pack, lang, "index.html", names));
  auto text_lang = [&](const ShownText& text) {
    return text.language == lang ? std::string() : fmt::format(" lang=\"{}\"", escape_html(text.language));
  };
  html += fmt::format("<h1{}>{}</h1>\n", text_lang(labels.pack_title()), escape_html(labels.pack_title().text));
  if (!labels.pack_summary().text.empty())
    html += fmt::format("<p class=\"summary\"{}>{}</p>\n", text_lang(labels.pack_summary()),
                        escape_html(labels.pack_summary().text));
  html += fmt::format("<h2{}>{}</h2>\n", label_lang(labels, PageLabel::lessons),
                      escape_html(labels.text(PageLabel::lessons)));
  for (const auto& lesson : pack.lessons) {  // one quiet note when any title or summary falls back
    const std::string note =
        FieldMarks(labels, localization_of(shown_lesson(shown, lesson.id))).note({TextField::title(), TextField::summary()});
    if (!note.empty()) {
      html += note;
      break;
    }
  }
  // Grouped by level in the order levels first appear; pack order inside a group.
  std::vector<std::string> levels;
  for (const auto& lesson : pack.lessons)
    if (std::find(levels.begin(), levels.end(), lesson.level) == levels.end()) levels.push_back(lesson.level);
  for (const auto& level : levels) {
    html += fmt::format("<section class=\"level\">\n<h3>{}</h3>\n<ol class=\"lessons\">\n", level_html(labels, level));
    for (const auto& source : pack.lessons) {
      if (source.level != level) continue;
      const ShownLesson* translated = shown_lesson(shown, source.id);
      const LessonSummary& lesson = translated ? *translated->lesson : source;
      const FieldMarks marks(labels, localization_of(translated));
      html += fmt::format("<li><a href=\"{}.html\"{}>{}</a> <span class=\"meta\">{}</span>\n",
                          escape_html(lesson.id), marks.attributes("", TextField::title()), escape_html(lesson.title),
                          minutes_html(labels, lesson.duration_minutes));
      if (!lesson.summary.empty())
        html += fmt::format("<p{}>{}</p>\n", marks.attributes("", TextField::summary()), escape_html(lesson.summary));
      html += requires_html(pack, lesson, labels, shown);
      html += "</li>\n";
    }
    html += "</ol>\n</section>\n";
  }
  // The words of the progress the viewer script keeps on the device.
  std::string viewer_words;
  for (const auto& [name, label] : {std::pair{"done", PageLabel::done}, std::pair{"restart", PageLabel::restart}}) {
    viewer_words += fmt::format(" data-{}=\"{}\"", name, escape_html(labels.text(label)));
    if (!label_lang(labels, label).empty())
      viewer_words += fmt::format(" data-{}-lang=\"{}\"", name, escape_html(labels.shown(label).language));
  }
  // The search box is made by assets/search-index.js (search_index.h): without
  // script the list is all there is.
  return page(lang, labels.pack_title().text, "../", html, viewer_words, stylesheets, {"search-index.js"});
}

// The pack's `translation_minimum:` (percent; the schema has checked it), else 50.
static int translation_minimum(const Pack& pack) {
  if (pack.document && pack.document->value().is_object()) {
    const auto& doc = pack.document->value();
    if (auto it = doc.find("translation_minimum"); it != doc.end() && it->is_number_integer())
      return std::clamp(it->get<int>(), 0, 100);
  }
  return 50;
}

std::string render_root_index(const Pack& pack, const std::map<std::string, double>& coverage,
                              const std::map<std::string, std::string>& names, const PageLabels& labels) {
  // Languages translated at least to the pack's minimum are full choices; the
  // others are listed apart with their percentage, so that a learner does not
  // pick a page that is mostly in another language without knowing it.
  const int minimum = translation_minimum(pack);
  std::string full, partial;
  for (const auto& lang : pack.languages) {
    auto it = coverage.find(lang);
    auto name = names.find(lang);
    const int percent = it == coverage.end() ? 0 : static_cast<int>(it->second * 100.0 + 0.5);
    const std::string item = fmt::format(
        "<li><a href=\"{0}/index.html\" lang=\"{0}\" hreflang=\"{0}\">{1}</a> <span class=\"meta\">{2}</span></li>\n",
        escape_html(lang), escape_html(name == names.end() ? language_name(lang) : name->second),
        label_html(labels, PageLabel::translated,
                   labels.format(PageLabel::translated, {{"{percent}", std::to_string(percent)}})));
    (lang == pack.source_language || percent >= minimum ? full : partial) += item;
  }
  std::string html = fmt::format("<h1>{}</h1>\n<h2{}>{}</h2>\n<ul class=\"languages\">\n{}</ul>\n",
                                 escape_html(pack.title), label_lang(labels, PageLabel::choose_language),
                                 escape_html(labels.text(PageLabel::choose_language)), full);
  if (!partial.empty())
    html += fmt::format("<h2 class=\"being-translated\"{}>{}</h2>\n<ul class=\"languages being-translated\">\n{}</ul>\n",
                        label_lang(labels, PageLabel::being_translated),
                        escape_html(labels.text(PageLabel::being_translated)), partial);
  return page(pack.source_language, pack.title, "", html);
}

std::string viewer_stylesheet() { return std::string(embedded::hocso_css()); }

std::string viewer_script() { return std::string(embedded::hocso_js()); }

}  // namespace hocso
