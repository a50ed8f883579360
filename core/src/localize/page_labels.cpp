#include "page_labels.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "hocso/messages.h"
#include "markdown.h"  // escape_html
#include "schema_limits.h"
#include "source_text.h"
#include "yaml_document.h"

namespace hocso {

// Each label's comment for translators is in Vietnamese, which every translator
// of a pack reads, then in English.
const std::array<PageLabelSpec, static_cast<std::size_t>(PageLabel::count)>& page_label_specs() {
  using L = PageLabel;
  static const std::array<PageLabelSpec, static_cast<std::size_t>(PageLabel::count)> specs{{
      {L::lessons, "lessons", "Bài học",
       "Tiêu đề danh sách bài học của một ngôn ngữ / "
       "Heading of a language's list of lessons"},
      {L::back, "back", "← Danh sách bài học",
       "Liên kết từ một bài quay về danh sách bài học / "
       "Link from a lesson back to the list of lessons"},
      {L::objectives, "objectives", "Bạn sẽ học được",
       "Tiêu đề phần mục tiêu của bài / "
       "Heading of a lesson's objectives"},
      {L::step, "step", "Bước",
       "Đứng trước số của bước: \"Bước 2:\", và \"Bước 2/6\" trong trình xem / "
       "Before a step's number: \"Bước 2:\", and \"Bước 2/6\" in the viewer"},
      {L::quiz, "quiz", "Câu hỏi ôn tập",
       "Tiêu đề phần câu hỏi ôn tập của bài / "
       "Heading of a lesson's quiz"},
      {L::show_answer, "show_answer", "Xem đáp án",
       "Mở đáp án của một câu hỏi / "
       "Opens a quiz question's answer"},
      {L::requires_before, "requires_before", "Nên học trước",
       "Đứng trước các bài nên học trước / "
       "Before the lessons to take first"},
      {L::minutes, "minutes", "{n} phút",
       "Thời lượng của bài; {n} là số phút / "
       "A lesson's duration; {n} is the number of minutes"},
      {L::choose_language, "choose_language", "Chọn ngôn ngữ",
       "Tiêu đề và liên kết của trang chọn ngôn ngữ / "
       "Heading and link of the language chooser"},
      {L::level_co_ban, "level_co_ban", "Cơ bản",
       "Mức độ bài co-ban / "
       "Lesson level co-ban"},
      {L::level_trung_binh, "level_trung_binh", "Trung bình",
       "Mức độ bài trung-binh / "
       "Lesson level trung-binh"},
      {L::level_nang_cao, "level_nang_cao", "Nâng cao",
       "Mức độ bài nang-cao / "
       "Lesson level nang-cao"},
      {L::previous, "previous", "← Bước trước",
       "Nút của trình xem: bước trước / "
       "Viewer button: the previous step"},
      {L::next, "next", "Bước tiếp →",
       "Nút của trình xem: bước tiếp theo / "
       "Viewer button: the next step"},
      {L::right, "right", "Đúng rồi!",
       "Trình xem: câu trả lời đã chọn là đúng / "
       "Viewer: the chosen quiz answer is right"},
      {L::wrong, "wrong", "Chưa đúng. Hãy chọn lại.",
       "Trình xem: câu trả lời đã chọn là sai / "
       "Viewer: the chosen quiz answer is wrong"},
      {L::translated, "translated", "{percent}% đã dịch",
       "Trang chọn ngôn ngữ: một ngôn ngữ đã dịch được bao nhiêu; {percent} là một con số / "
       "Language chooser: how much of a language is translated; {percent} is a number"},
      {L::fallback_note, "fallback_note", "Phần này chưa được dịch; đang hiện bằng tiếng Việt.",
       "Ghi chú ở phần chưa dịch sang ngôn ngữ của trang, đang hiện bằng ngôn ngữ của tệp dịch này: nói \"đang hiện "
       "bằng <ngôn ngữ này>\" / "
       "Note on a part not translated into the page's language, shown in this catalog's language instead: "
       "say \"shown in <this language>\""},
      {L::search, "search", "Tìm bài",
       "Nhãn của ô tìm kiếm trên danh sách bài học / "
       "Label of the search box on a language's list of lessons"},
      {L::search_found, "search_found", "Tìm thấy: {n}",
       "Tìm kiếm: tìm thấy bao nhiêu bài và bước; {n} là một con số / "
       "Search: how many lessons and steps were found; {n} is a number"},
      {L::search_none, "search_none", "Không tìm thấy bài nào.",
       "Tìm kiếm: không tìm thấy gì / "
       "Search: nothing was found"},
      {L::share_heading, "share_heading", "Mở bài này trên điện thoại",
       "Tiêu đề phía trên mã QR của bài (trên trang và trên tờ in) / "
       "Heading above a lesson's QR code (on the page and on printed handouts)"},
      {L::share_qr, "share_qr", "Mã QR mở bài này:",
       "Tên của mã QR cho trình đọc màn hình; địa chỉ của bài đứng sau / "
       "The QR code's name for screen readers; the lesson's address follows it"},
      {L::being_translated, "being_translated", "Đang dịch",
       "Trang chọn ngôn ngữ: tiêu đề phía trên các ngôn ngữ mới dịch một phần (\"đang dịch\") / "
       "Language chooser: heading above the languages that are only partly translated (\"being translated\")"},
      {L::lesson_done, "lesson_done", "Bác đã học xong bài {title}.",
       "Lời tóm tắt cuối bài, sau phần câu hỏi; {title} là tên bài. Xưng hô kính trọng với người lớn tuổi / "
       "Summary at the end of a lesson, after the quiz; {title} is the lesson's title. Address an elder respectfully"},
      {L::next_lesson, "next_lesson", "Bài tiếp theo",
       "Lời tóm tắt cuối bài: đứng trước liên kết tới bài tiếp theo / "
       "Summary at the end of a lesson: before the link to the next lesson"},
      {L::done, "done", "Đã học xong",
       "Trên danh sách bài học, sau một bài đã học xong trên máy này / "
       "On the list of lessons, after a lesson finished on this device"},
      {L::restart, "restart", "Học lại từ đầu",
       "Nút trên danh sách bài học: quên các bài đã học xong và các bước đã tới trên máy này / "
       "Button on the list of lessons: forget the lessons finished and the steps reached on this device"},
      {L::fallback_note_in, "fallback_note_in", "Phần này chưa được dịch; đang hiện bằng {language}.",
       "Ghi chú, bằng ngôn ngữ của trang, ở phần chưa dịch và đang hiện bằng ngôn ngữ khác; {language} là tên của ngôn "
       "ngữ đó bằng chính tiếng ấy (\"Tiếng Việt\") / "
       "Note, in the page's language, on a part not translated yet and shown in another language; {language} is "
       "that language's own name (\"Tiếng Việt\")"},
      {L::listen, "listen", "Nghe",
       "Nút trên một bước có bản ghi âm: phát bài đọc của bước (\"nghe\"); một từ ngắn / "
       "Button on a step that has a recording: plays the step read aloud (\"listen\"); one short word"},
      {L::machine_voice, "machine_voice", "Giọng máy",
       "Bên cạnh nút nghe khi chưa ai ghi âm phần này và máy đọc: cho biết đó là giọng máy, không phải giọng người; "
       "vài từ / "
       "Beside the listen button when no one has recorded the part yet and a machine reads it: says that the voice "
       "is a machine's, not a person's; a few words"},
  }};
  return specs;
}

std::string pack_texts_context(const std::string& pack_id) { return "pack:" + pack_id; }

std::vector<std::string> label_placeholders(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t open = text.find('{'); open != std::string_view::npos; open = text.find('{', open + 1)) {
    const std::size_t close = text.find('}', open);
    if (close == std::string_view::npos) break;
    out.emplace_back(text.substr(open, close - open + 1));
  }
  std::sort(out.begin(), out.end());
  return out;
}

PageLabels::PageLabels(std::string page_language) : page_language_(std::move(page_language)) {
  for (const auto& spec : page_label_specs()) labels_[index(spec.label)] = {spec.msgid, kPageLabelsLanguage};
}

PageLabels::PageLabels(std::string page_language, const std::vector<std::string>& chain,
                       const std::map<std::string, LanguageLabels>& own, const std::string& pack_title,
                       const std::string& pack_summary, const std::string& source_language)
    : PageLabels(std::move(page_language)) {
  auto first = [&](auto&& lookup) -> std::optional<ShownText> {
    for (const auto& language : chain) {
      auto it = own.find(language);
      if (it == own.end()) continue;
      if (const std::string* text = lookup(it->second)) return ShownText{*text, language};
    }
    return std::nullopt;
  };
  for (const auto& spec : page_label_specs())
    if (auto shown = first([&](const LanguageLabels& l) -> const std::string* {
          auto found = l.labels.find(spec.label);
          return found == l.labels.end() ? nullptr : &found->second;
        }))
      labels_[index(spec.label)] = std::move(*shown);
  auto pack_text = [&](const std::string& source) {
    if (source.empty()) return ShownText{source, source_language};
    auto shown = first([&](const LanguageLabels& l) -> const std::string* {
      auto found = l.pack_texts.find(source);
      return found == l.pack_texts.end() ? nullptr : &found->second;
    });
    return shown ? *shown : ShownText{source, source_language};
  };
  pack_title_ = pack_text(pack_title);
  pack_summary_ = pack_text(pack_summary);
}

std::string PageLabels::format(PageLabel label, const std::map<std::string, std::string>& values) const {
  std::string text = labels_[index(label)].text;
  for (const auto& [name, value] : values)
    for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + value.size()))
      text.replace(at, name.size(), value);
  return text;
}

ShownText PageLabels::note_for(const std::string& shown_language) const {
  auto it = notes_.find(shown_language);
  if (it != notes_.end()) return it->second;
  return {page_label_specs()[index(PageLabel::fallback_note)].msgid, kPageLabelsLanguage};
}

std::string label_lang(const PageLabels& labels, PageLabel label) {
  const std::string& language = labels.shown(label).language;
  return language == labels.page_language() ? "" : fmt::format(" lang=\"{}\"", escape_html(language));
}

std::string label_html(const PageLabels& labels, PageLabel label, const std::string& text) {
  const std::string lang = label_lang(labels, label);
  return lang.empty() ? escape_html(text) : fmt::format("<span{}>{}</span>", lang, escape_html(text));
}
std::string label_html(const PageLabels& labels, PageLabel label) { return label_html(labels, label, labels.text(label)); }

std::optional<std::map<PageLabel, std::string>> read_language_labels(const std::filesystem::path& file,
                                                                     const std::string& shown_file,
                                                                     Diagnostics& diagnostics) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return std::map<PageLabel, std::string>{};
  const int errors_before = diagnostics.error_count();
  const auto text = read_source_file(file.string(), shown_file, diagnostics);
  if (!text) return std::nullopt;
  const auto document = parse_yaml(*text, shown_file, 1, diagnostics);
  if (!document) return std::nullopt;
  std::map<PageLabel, std::string> labels;
  const auto& value = document->value();
  if (!value.is_object()) {
    diagnostics.error(document->locate(""), _("labels.yaml must map label names to texts"), "language-labels");
    return std::nullopt;
  }
  for (const auto& [key, text_value] : value.items()) {
    const std::string pointer = (nlohmann::json::json_pointer() / key).to_string();
    // clang 14 (the fuzz build) cannot capture a structured binding: a copy.
    const std::string& name = key;
    const auto spec = std::find_if(page_label_specs().begin(), page_label_specs().end(),
                                   [&name](const PageLabelSpec& s) { return name == s.key; });
    if (spec == page_label_specs().end()) {
      diagnostics.error(document->locate_key(pointer),
                        fmt::format(fmt::runtime(_("'{label}' is not a page label")), fmt::arg("label", key)),
                        "language-labels");
      continue;
    }
    if (!text_value.is_string() || text_value.get<std::string>().empty() ||
        code_points(text_value.get<std::string>()) > 200) {
      diagnostics.error(document->locate(pointer),
                        fmt::format(fmt::runtime(_("the label '{label}' must be a text of 1 to 200 characters")),
                                    fmt::arg("label", key)),
                        "language-labels");
      continue;
    }
    const std::string label = text_value.get<std::string>();
    if (label_placeholders(label) != label_placeholders(spec->msgid)) {
      diagnostics.error(document->locate(pointer),
                        fmt::format(fmt::runtime(_("the label '{label}' must keep the placeholders of \"{text}\"")),
                                    fmt::arg("label", key), fmt::arg("text", spec->msgid)),
                        "language-labels");
      continue;
    }
    labels[spec->label] = label;
  }
  if (diagnostics.error_count() > errors_before) return std::nullopt;
  return labels;
}

}  // namespace hocso
