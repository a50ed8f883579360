#pragma once
// The words of the page around the lesson (the viewer's chrome: "Bước tiếp →",
// headings, the "not translated yet" note, quiz words, the language chooser,
// the search box, the share block)
// and the pack's title and summary, as a catalog: each label has a msgid (its
// Vietnamese text) under msgctxt "ui" in content/i18n/ui.pot. A page shows each
// label in the first language of its chain (fallback_chain(), then "vi", the
// language of the msgids) that has it: content/i18n/<lang>/ui.po first (through
// the pack's localize stage), then the language plugin's own labels
// (labels.yaml in its data folder). A label shown in another language than the
// page's carries that `lang`.

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics.h"

namespace hocso {

enum class PageLabel {
  lessons, back, objectives, step, quiz, show_answer, requires_before, minutes, choose_language,
  level_co_ban, level_trung_binh, level_nang_cao, previous, next, right, wrong, translated, fallback_note,
  search, search_found, search_none, share_heading, share_qr, being_translated, lesson_done, next_lesson, done,
  restart, fallback_note_in, listen, machine_voice,
  count
};

struct PageLabelSpec {
  PageLabel label;
  std::string key;      // the name in a language plugin's labels.yaml: "next"
  std::string msgid;    // the Vietnamese text, the catalog's msgid: "Bước tiếp →"
  std::string comment;  // for translators (an extracted comment in ui.pot), "vi / en"
};

// Every label, in the order ui.pot lists them: core/viewer/page-labels.yaml,
// compiled in.
const std::array<PageLabelSpec, static_cast<std::size_t>(PageLabel::count)>& page_label_specs();

inline constexpr const char* kPageLabelsCatalog = "ui";  // content/i18n/<lang>/ui.po; msgctxt of the labels
inline constexpr const char* kPageLabelsLanguage = "vi";  // the language of the msgids: every chain ends with it

// msgctxt of a pack's title and summary in ui.po: "pack:<pack id>".
std::string pack_texts_context(const std::string& pack_id);

// The placeholders of a label text ("{n} phút" -> {"{n}"}), sorted. A
// translation must have the same ones (a text without them cannot be filled in).
std::vector<std::string> label_placeholders(std::string_view text);

// A text as one page shows it, and the language it is in.
struct ShownText {
  std::string text;
  std::string language;
};

// One language's own labels (ui.po over the plugin's labels.yaml) and pack texts.
struct LanguageLabels {
  std::map<PageLabel, std::string> labels;
  std::map<std::string, std::string> pack_texts;  // by msgid: the pack's title and summary as translated
};

// The labels of the pages of one language, each with the language it is shown in.
class PageLabels {
 public:
  // The Vietnamese labels (the msgids), for pages of `page_language`.
  explicit PageLabels(std::string page_language = kPageLabelsLanguage);
  // Each label from the first language of `chain` whose `own` labels have it
  // (else the msgid, in Vietnamese); the pack's title and summary likewise
  // (else the pack's own, in `source_language`). `notes`: the fallback note of
  // each language a text of the page may be shown in.
  PageLabels(std::string page_language, const std::vector<std::string>& chain,
             const std::map<std::string, LanguageLabels>& own, const std::string& pack_title,
             const std::string& pack_summary, const std::string& source_language);

  const std::string& page_language() const { return page_language_; }
  const std::string& text(PageLabel label) const { return labels_[index(label)].text; }
  const ShownText& shown(PageLabel label) const { return labels_[index(label)]; }
  // The label with its placeholders filled in: {"{n}", "5"}.
  std::string format(PageLabel label, const std::map<std::string, std::string>& values) const;
  // The note on text shown in `shown_language`: written in that language where
  // it has one (its chain otherwise), as ShownText.
  ShownText note_for(const std::string& shown_language) const;
  const ShownText& pack_title() const { return pack_title_; }
  const ShownText& pack_summary() const { return pack_summary_; }
  void set_note(const std::string& shown_language, ShownText note) { notes_[shown_language] = std::move(note); }

 private:
  static std::size_t index(PageLabel label) { return static_cast<std::size_t>(label); }
  std::string page_language_;
  std::array<ShownText, static_cast<std::size_t>(PageLabel::count)> labels_;
  std::map<std::string, ShownText> notes_;
  ShownText pack_title_;
  ShownText pack_summary_;
};

// ` lang="vi"` when `label` is shown in another language than the page's, else "".
std::string label_lang(const PageLabels& labels, PageLabel label);
// A label as page HTML: escaped, in a span with its `lang` when it is shown in
// another language than the page's. `text`: the label filled in (format()).
std::string label_html(const PageLabels& labels, PageLabel label, const std::string& text);
std::string label_html(const PageLabels& labels, PageLabel label);

// Reads a language plugin's default labels, `file` (labels.yaml: label key ->
// text). An unknown key, a text that is not a string or over 200 characters, or
// placeholders other than the msgid's are errors at file:line:col
// [language-labels]; nullopt then. A missing file gives no labels.
std::optional<std::map<PageLabel, std::string>> read_language_labels(const std::filesystem::path& file,
                                                                     const std::string& shown_file,
                                                                     Diagnostics& diagnostics);

}  // namespace hocso
