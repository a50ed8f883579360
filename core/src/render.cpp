#include "render.h"

#include <map>

#include <fmt/format.h>

namespace hocso {

using Json = nlohmann::ordered_json;

namespace {

// Words of the page around the lesson text, per interface language. A language
// without its own set uses the Vietnamese one (the source language of packs).
struct Labels {
  const char* lessons;
  const char* back;
  const char* objectives;
  const char* step;
  const char* quiz;
  const char* show_answer;
  const char* requires_before;
  const char* minutes;
  const char* choose_language;
  const char* level_co_ban;
  const char* level_trung_binh;
  const char* level_nang_cao;
};

const Labels& labels_for(const std::string& lang) {
  static const Labels vi{"Bài học", "← Danh sách bài học", "Bạn sẽ học được", "Bước", "Câu hỏi ôn tập",
                         "Xem đáp án", "Nên học trước", "phút", "Chọn ngôn ngữ", "Cơ bản",
                         "Trung bình", "Nâng cao"};
  static const Labels en{"Lessons", "← All lessons", "You will learn", "Step", "Review questions",
                         "Show the answer", "Take first", "minutes", "Choose a language", "Basic",
                         "Intermediate", "Advanced"};
  return lang == "en" || lang.rfind("en-", 0) == 0 ? en : vi;
}

std::string level_name(const Labels& l, const std::string& level) {
  if (level == "co-ban") return l.level_co_ban;
  if (level == "trung-binh") return l.level_trung_binh;
  if (level == "nang-cao") return l.level_nang_cao;
  return level;
}

std::string page(const std::string& lang, const std::string& title, const std::string& css_href,
                 const std::string& body) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{}</title>\n<link rel=\"stylesheet\" href=\"{}\">\n</head>\n<body>\n<main>\n{}</main>\n</body>\n</html>\n",
      escape_html(lang), escape_html(title), css_href, body);
}

std::string media_html_url(const MediaFile& m) { return "../" + m.path; }

Json media_json(const MediaFile& file, const std::string& alt) {
  return Json{{"path", file.path}, {"alt", alt}, {"size", file.size}, {"width", file.width},
              {"height", file.height}};
}

}  // namespace

std::string language_name(const std::string& tag) {
  static const std::map<std::string, std::string> names{
      {"vi", "Tiếng Việt"}, {"en", "English"}};
  auto it = names.find(tag);
  return it == names.end() ? tag : it->second;
}

std::optional<std::string> resolve_lesson_link(const Pack& pack, const std::string& target) {
  if (target.empty()) return std::nullopt;
  if (target[0] == '#') return target;
  if (target.rfind("https://", 0) == 0) return target;
  // ../<id>/lesson.md or ../<id>/ (optionally with #anchor) -> <id>.html
  std::string path = target, anchor;
  if (auto hash = path.find('#'); hash != std::string::npos) {
    anchor = path.substr(hash);
    path = path.substr(0, hash);
  }
  if (path.rfind("../", 0) != 0) return std::nullopt;
  path = path.substr(3);
  if (path.size() > 9 && path.compare(path.size() - 9, 9, "/lesson.md") == 0) path.resize(path.size() - 10);
  else if (!path.empty() && path.back() == '/') path.pop_back();
  if (!pack.find_lesson(path)) return std::nullopt;
  return path + ".html" + anchor;
}

RenderedLesson render_lesson(const Pack& pack, const Lesson& lesson, const std::string& lang,
                             const MediaResolver& media) {
  const Labels& l = labels_for(lang);
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
  html += fmt::format("<nav><a href=\"index.html\">{}</a></nav>\n", escape_html(l.back));
  html += fmt::format("<h1>{}</h1>\n", escape_html(lesson.title));
  if (!lesson.summary.empty()) html += fmt::format("<p class=\"summary\">{}</p>\n", escape_html(lesson.summary));
  html += fmt::format("<p class=\"meta\">{} · {} {}</p>\n", escape_html(level_name(l, lesson.level)),
                      lesson.duration_minutes, escape_html(l.minutes));
  if (!lesson.requires_ids.empty()) {
    html += fmt::format("<p class=\"requires\">{}: ", escape_html(l.requires_before));
    bool first = true;
    for (const auto& id : lesson.requires_ids) {
      const Lesson* other = pack.find_lesson(id);
      if (!other) continue;
      html += fmt::format("{}<a href=\"{}.html\">{}</a>", first ? "" : ", ", escape_html(id),
                          escape_html(other->title));
      first = false;
    }
    html += "</p>\n";
  }
  if (!lesson.objectives.empty()) {
    html += fmt::format("<section class=\"objectives\">\n<h2>{}</h2>\n<ul>\n", escape_html(l.objectives));
    for (const auto& o : lesson.objectives) html += fmt::format("<li>{}</li>\n", escape_html(o));
    html += "</ul>\n</section>\n";
  }
  if (!body.intro_html.empty()) html += "<section class=\"intro\">\n" + body.intro_html + "</section>\n";
  html += "<ol class=\"steps\">\n";
  for (std::size_t i = 0; i < body.steps.size(); ++i) {
    const auto& step = body.steps[i];
    html += fmt::format("<li class=\"step\" id=\"buoc-{}\">\n<h2><span class=\"step-number\">{} {}:</span> {}</h2>\n{}</li>\n",
                        i + 1, escape_html(l.step), i + 1, step.title_html, step.html);
  }
  html += "</ol>\n";
  if (!lesson.quiz.empty()) {
    html += fmt::format("<section class=\"quiz\">\n<h2>{}</h2>\n", escape_html(l.quiz));
    for (std::size_t q = 0; q < lesson.quiz.size(); ++q) {
      const auto& question = lesson.quiz[q];
      html += fmt::format("<div class=\"question\" id=\"cau-{}\">\n<p>{}</p>\n<ol type=\"A\">\n", q + 1,
                          escape_html(question.question));
      for (const auto& c : question.choices) html += fmt::format("<li>{}</li>\n", escape_html(c));
      html += "</ol>\n";
      if (question.answer >= 0 && static_cast<std::size_t>(question.answer) < question.choices.size())
        html += fmt::format("<details><summary>{}</summary><p>{}</p></details>\n", escape_html(l.show_answer),
                            escape_html(question.choices[static_cast<std::size_t>(question.answer)]));
      html += "</div>\n";
    }
    html += "</section>\n";
  }

  // ---- JSON ----
  Json steps = Json::array();
  for (std::size_t i = 0; i < body.steps.size(); ++i) {
    const auto& step = body.steps[i];
    steps.push_back(Json{{"index", i + 1}, {"title", step.title}, {"html", step.html},
                         {"source_line", step.line}, {"media", media_list(step.media)}});
  }
  Json quiz = Json::array();
  for (const auto& q : lesson.quiz)
    quiz.push_back(Json{{"question", q.question}, {"choices", q.choices}, {"answer", q.answer}});
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

  return {page(lang, lesson.title, "../assets/hocso.css", html), doc.dump(1) + "\n"};
}

std::string render_language_index(const Pack& pack, const std::string& lang) {
  const Labels& l = labels_for(lang);
  std::string html = fmt::format("<nav><a href=\"../index.html\">{}</a></nav>\n", escape_html(l.choose_language));
  html += fmt::format("<h1>{}</h1>\n", escape_html(pack.title));
  if (!pack.summary.empty()) html += fmt::format("<p class=\"summary\">{}</p>\n", escape_html(pack.summary));
  html += fmt::format("<h2>{}</h2>\n<ol class=\"lessons\">\n", escape_html(l.lessons));
  for (const auto& lesson : pack.lessons) {
    html += fmt::format("<li><a href=\"{}.html\">{}</a> <span class=\"meta\">{} · {} {}</span>",
                        escape_html(lesson.id), escape_html(lesson.title), escape_html(level_name(l, lesson.level)),
                        lesson.duration_minutes, escape_html(l.minutes));
    if (!lesson.summary.empty()) html += fmt::format("<p>{}</p>", escape_html(lesson.summary));
    html += "</li>\n";
  }
  html += "</ol>\n";
  return page(lang, pack.title, "../assets/hocso.css", html);
}

std::string render_root_index(const Pack& pack) {
  const Labels& l = labels_for(pack.source_language);
  std::string html = fmt::format("<h1>{}</h1>\n<h2>{}</h2>\n<ul class=\"languages\">\n", escape_html(pack.title),
                                 escape_html(l.choose_language));
  for (const auto& lang : pack.languages)
    html += fmt::format("<li><a href=\"{0}/index.html\" lang=\"{0}\" hreflang=\"{0}\">{1}</a></li>\n",
                        escape_html(lang), escape_html(language_name(lang)));
  html += "</ul>\n";
  return page(pack.source_language, pack.title, "assets/hocso.css", html);
}

std::string viewer_stylesheet() {
  // Large text and big tap targets: many learners read with difficulty.
  return R"(html { font-size: 112.5%; }
body { margin: 0; font-family: "Noto Sans", "Segoe UI", Roboto, Arial, sans-serif; line-height: 1.6;
       color: #1a1a1a; background: #fdfdfb; }
main { max-width: 46rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.8rem; line-height: 1.25; }
h2 { font-size: 1.35rem; line-height: 1.3; }
a { color: #0645ad; }
nav a, .languages a, .lessons a { display: inline-block; min-height: 44px; padding: 0.4rem 0; }
img { max-width: 100%; height: auto; border: 1px solid #ccc; border-radius: 0.5rem; }
.steps { padding-left: 0; list-style: none; }
.step { border-top: 2px solid #e0e0e0; padding-top: 0.5rem; margin-bottom: 2rem; }
.step-number { color: #555; }
.meta { color: #555; font-size: 0.95rem; }
.quiz .question { border: 1px solid #ddd; border-radius: 0.5rem; padding: 0.5rem 1rem; margin-bottom: 1rem; }
details summary { min-height: 44px; cursor: pointer; }
)";
}

}  // namespace hocso
