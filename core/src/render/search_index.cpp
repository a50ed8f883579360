#include "search_index.h"

#include <memory>
#include <mutex>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include "fatal.h"
#include "viewer_files.h"

namespace hocso {

using Json = nlohmann::ordered_json;

namespace {

// The words of the search box on pages of one language: [text, language it is
// in] (the script marks a word shown in another language than the page's).
Json search_labels(const PageLabels& labels) {
  auto word = [&](PageLabel label) { return Json::array({labels.text(label), labels.shown(label).language}); };
  return Json{{"search", word(PageLabel::search)},
              {"found", word(PageLabel::search_found)},
              {"none", word(PageLabel::search_none)},
              {"step", word(PageLabel::step)}};
}

// ICU transliterators are not safe to share between threads; folding happens
// while the bundle's last entries are written, on one thread, so one lock suffices.
std::mutex fold_mutex;

icu::Transliterator& folder() {
  static std::unique_ptr<icu::Transliterator> instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
        "NFD; [\\u0300-\\u036F] Remove; NFC; Latin-ASCII; Lower", UTRANS_FORWARD, status));
    if (U_FAILURE(status) || !t) throw FatalError(fmt::format("ICU cannot make the search folding: {}", u_errorName(status)));
    return t;
  }();
  return *instance;
}

std::string fold_locked(const icu::UnicodeString& text) {
  icu::UnicodeString folded(text);
  folder().transliterate(folded);
  std::string out;
  folded.toUTF8String(out);
  return out;
}

// Adds every code point of `text`, in both cases, to `chars`.
void collect(const std::string& text, std::set<UChar32>& chars) {
  const icu::UnicodeString s = icu::UnicodeString::fromUTF8(text);
  for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
    const UChar32 c = s.char32At(i);
    chars.insert(c);
    chars.insert(u_toupper(c));
    chars.insert(u_tolower(c));
  }
}

// A JSON text as a JavaScript literal: U+2028 and U+2029 end a line in ES5 source.
std::string javascript_literal(std::string json) {
  for (const auto& [raw, escaped] : {std::pair{std::string("\xE2\x80\xA8"), std::string("\\u2028")},
                                     std::pair{std::string("\xE2\x80\xA9"), std::string("\\u2029")}})
    for (std::size_t at = json.find(raw); at != std::string::npos; at = json.find(raw, at + escaped.size()))
      json.replace(at, raw.size(), escaped);
  return json;
}

// The search box on a language's lesson list (core/viewer/search-box.body.js):
// the body of a function whose argument is the index.

}  // namespace

std::string fold_for_search(std::string_view text) {
  const std::lock_guard lock(fold_mutex);
  return fold_locked(icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size()))));
}

SearchEntry search_entry(std::string id, std::string title, std::string summary, std::vector<std::string> steps) {
  SearchEntry entry{std::move(id), std::move(title), std::move(summary), std::move(steps), {}, {}};
  entry.key = fold_for_search(entry.title + " " + entry.summary);
  for (const auto& step : entry.steps) entry.step_keys.push_back(fold_for_search(step));
  return entry;
}

void SearchIndex::add(const std::string& lang, SearchEntry entry) {
  const std::string id = entry.id;
  lessons_[{lang, id}] = std::move(entry);
}

std::string SearchIndex::script(const Pack& pack, const std::map<std::string, PageLabels>& labels_by_language) const {
  // Each lesson: [lang, id, title, key, [[step title, key], …]]; the key of a
  // lesson is its folded title and summary.
  std::set<UChar32> chars;
  Json lessons = Json::array();
  Json labels = Json::object();
  for (const auto& lang : pack.languages) {
    if (auto it = labels_by_language.find(lang); it != labels_by_language.end()) labels[lang] = search_labels(it->second);
    else labels[lang] = search_labels(PageLabels(lang));
    for (const auto& source : pack.lessons) {
      auto it = lessons_.find({lang, source.id});
      if (it == lessons_.end()) continue;
      const SearchEntry& e = it->second;
      Json steps = Json::array();
      for (std::size_t i = 0; i < e.steps.size(); ++i) {
        steps.push_back(Json::array({e.steps[i], e.step_keys.at(i)}));
        collect(e.steps[i], chars);
      }
      lessons.push_back(Json::array({lang, source.id, e.title, e.key, steps}));
      collect(e.title, chars);
      collect(e.summary, chars);
    }
  }
  // What the viewer folds typed text with: each character of the index (both
  // cases), the Latin letters with diacritics (Vietnamese typed with another
  // tone mark than the text has) and the combining marks (keyboards that type
  // tone marks as separate characters), where ICU's folding changes it.
  // Grouped by what they fold to ({"a": "àáả…", "": "<combining marks>"}): a
  // third of the size of one key per character.
  for (UChar32 c = 0x00C0; c <= 0x017F; ++c) chars.insert(c);  // Latin-1 letters, Latin Extended-A (đ, ă, ĩ, ũ)
  for (UChar32 c = 0x01A0; c <= 0x01B0; ++c) chars.insert(c);  // ơ, ư
  for (UChar32 c = 0x1EA0; c <= 0x1EF9; ++c) chars.insert(c);  // the Vietnamese letters with tone marks
  for (UChar32 c = 0x0300; c <= 0x036F; ++c) chars.insert(c);
  std::map<std::string, std::string> by_target;
  {
    const std::lock_guard lock(fold_mutex);
    for (UChar32 c : chars) {
      if (c < 0x80 || U_IS_SURROGATE(c) || !u_isdefined(c)) continue;  // ASCII: the script lower-cases it
      const icu::UnicodeString one(c);
      std::string original;
      one.toUTF8String(original);
      const std::string folded = fold_locked(one);
      if (folded != original) by_target[folded] += original;
    }
  }
  Json fold = Json::object();
  for (auto& [target, sources] : by_target) fold[target] = std::move(sources);
  const Json index{{"fold", fold}, {"labels", labels}, {"lessons", lessons}};
  return "(function (index) {\n" + std::string(embedded::search_box_body_js()) + "})(" + javascript_literal(index.dump()) + ");\n";
}

std::string search_stylesheet() { return std::string(embedded::search_css()); }

}  // namespace hocso
