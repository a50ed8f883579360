#include "page_labels.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "hocso/messages.h"
#include "markdown.h"  // escape_html
#include "schema_limits.h"
#include "source_text.h"
#include "viewer_files.h"
#include "yaml_document.h"

namespace hocso {

namespace {

constexpr std::size_t kLabelCount = static_cast<std::size_t>(PageLabel::count);
// PageLabel's names in its order: core/viewer/page-labels.yaml lists the
// labels in this order, each under its name.
constexpr std::array<std::string_view, kLabelCount> kLabelKeys = {
    "lessons", "back", "objectives", "step", "quiz", "show_answer", "requires_before", "minutes",
    "choose_language", "level_co_ban", "level_trung_binh", "level_nang_cao", "previous", "next", "right", "wrong",
    "translated", "fallback_note", "search", "search_found", "search_none", "share_heading", "share_qr",
    "being_translated", "lesson_done", "next_lesson", "done", "restart", "fallback_note_in", "listen",
    "machine_voice"};

// The file is part of hocso: a mistake in it is hocso's, said as an internal error.
[[noreturn]] void broken_labels_file(const std::string& why) {
  throw std::logic_error("core/viewer/page-labels.yaml (compiled into hocso): " + why);
}

std::array<PageLabelSpec, kLabelCount> read_page_label_specs() {
  Diagnostics diagnostics;
  const auto document = parse_yaml(embedded::page_labels_yaml(), "core/viewer/page-labels.yaml", 1, diagnostics);
  if (!document) broken_labels_file(format_human(diagnostics.all().at(0), diagnostics, false));
  const auto& entries = document->value();
  if (!entries.is_array() || entries.size() != kLabelCount)
    broken_labels_file(fmt::format("must list the {} page labels", kLabelCount));
  std::array<PageLabelSpec, kLabelCount> specs;
  for (std::size_t i = 0; i < kLabelCount; ++i) {
    const auto& entry = entries[i];
    try {
      specs[i] = {static_cast<PageLabel>(i), entry.at("key").get<std::string>(), entry.at("text").get<std::string>(),
                  entry.at("comment").at("vi").get<std::string>() + " / " +
                      entry.at("comment").at("en").get<std::string>()};
    } catch (const nlohmann::json::exception& e) {
      broken_labels_file(fmt::format("label {}: {}", i + 1, e.what()));
    }
    if (specs[i].key != kLabelKeys[i])
      broken_labels_file(fmt::format("label {} is '{}' where PageLabel has '{}'", i + 1, specs[i].key, kLabelKeys[i]));
  }
  return specs;
}

}  // namespace

const std::array<PageLabelSpec, kLabelCount>& page_label_specs() {
  static const std::array<PageLabelSpec, kLabelCount> specs = read_page_label_specs();
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
