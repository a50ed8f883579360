#include "preview_page.h"

#include <fmt/format.h>

#include "fatal.h"
#include "markdown.h"

namespace hocso::preview {

std::string problem_count_text(int errors, int warnings) {
  std::string text;
  if (errors > 0) text = fmt::format("{} lỗi", errors);
  if (warnings > 0) text += fmt::format("{}{} cảnh báo", text.empty() ? "" : " và ", warnings);
  return text;
}

std::string problem_box_html(const ProblemBox& box) {
  int errors = 0, warnings = 0;
  for (const auto& p : box.problems) {
    errors += p.severity == Severity::error;
    warnings += p.severity == Severity::warning;
  }
  for (const auto& l : box.lessons) {
    errors += l.errors;
    warnings += l.warnings;
  }
  if (box.problems.empty() && box.lessons.empty() && !box.stale && !box.missing) return "";
  const std::string counted = problem_count_text(errors, warnings);
  std::string heading;
  if (box.kind == ProblemBox::Kind::lesson)
    heading = counted.empty() ? "Bài này có ghi chú" : "Bài này có " + counted;
  else
    heading = counted.empty() ? "Gói bài có ghi chú" : "Gói bài có " + counted;
  // A <details> the writer can fold away; open at first.
  std::string html = fmt::format("<details class=\"preview-problems{}\" open lang=\"vi\">\n<summary>{}</summary>\n",
                                 errors > 0 ? " has-errors" : "", escape_html(heading));
  if (box.missing)
    html += "<p>Chưa đọc được bài này nên chưa có gì để hiện. Sửa lỗi dưới đây rồi lưu lại: trang sẽ tự tải lại.</p>\n";
  else if (box.stale)
    html += "<p>Chưa đọc được bài sau lần sửa mới nhất: trang dưới đây là bản trước đó. Sửa lỗi rồi lưu lại: trang sẽ "
            "tự tải lại.</p>\n";
  else if (errors > 0)
    html += "<p>Sửa trong tệp rồi lưu lại: trang sẽ tự tải lại. Gói bài có lỗi thì <code>hocso build</code> chưa làm "
            "được gói.</p>\n";
  if (!box.problems.empty()) {
    html += "<ul class=\"preview-problem-list\">\n";
    for (const auto& p : box.problems)
      html += fmt::format("<li class=\"{}\"><pre>{}</pre></li>\n", severity_name(p.severity), escape_html(p.text));
    html += "</ul>\n";
  }
  if (!box.lessons.empty()) {
    html += "<ul class=\"preview-problem-lessons\">\n";
    for (const auto& l : box.lessons)
      html += fmt::format("<li><a href=\"{}\">{}</a>: {}</li>\n", escape_html(l.href), escape_html(l.title),
                          escape_html(problem_count_text(l.errors, l.warnings)));
    html += "</ul>\n";
  }
  return html + "</details>\n";
}

std::string with_preview(const std::string& html, const std::string& assets, const PreviewParts& parts) {
  // render.h writes the head first (its title escaped), so the first "</head>"
  // and the "<body>" after it are the page's own.
  const std::size_t head_end = html.find("</head>");
  const std::size_t body = html.find("<body>\n", head_end == std::string::npos ? 0 : head_end);
  if (head_end == std::string::npos || body == std::string::npos)
    throw FatalError("internal error: a page without a head and a body");
  const std::string head = fmt::format(
      "<link rel=\"stylesheet\" href=\"{0}assets/preview.css\">\n<script src=\"{0}assets/preview.js\" defer></script>\n",
      assets);
  const std::string data = fmt::format(
      "<div id=\"hocso-preview\" hidden data-page=\"{}\" data-version=\"{}\" data-screens=\"{}\"></div>\n",
      escape_html(parts.page), parts.version, escape_html(parts.screens_json));
  std::string out;
  out.reserve(html.size() + head.size() + data.size() + parts.problems_html.size());
  out.append(html, 0, head_end);
  out += head;
  out.append(html, head_end, body + 7 - head_end);
  out += data;
  out += parts.problems_html;
  out.append(html, body + 7);
  return out;
}

std::string unreadable_lesson_page(const std::string& lang, const std::string& lesson_id) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{0}\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{1}</title>\n"
      "<link rel=\"stylesheet\" href=\"../assets/hocso.css\">\n<script src=\"../assets/hocso.js\" defer></script>\n"
      "</head>\n<body>\n<main>\n<nav><a href=\"index.html\" lang=\"vi\">Danh sách bài</a></nav>\n<h1>{1}</h1>\n</main>\n</body>\n</html>\n",
      escape_html(lang), escape_html(lesson_id));
}

}  // namespace hocso::preview
