#pragma once
// The bundle's search index (assets/search-index.js): every lesson and step
// title of every language, with a diacritic-free lower-case key made by ICU, and
// the table the viewer script folds typed words with (also made by ICU, for the
// characters the index and Vietnamese use), so that "kich hoat", "KÍCH HOẠT"
// and "kích hoạt" find the same lessons from file:// without a network.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "model.h"
#include "page_labels.h"

namespace hocso {

// Lower case, combining diacritics removed (U+0300–U+036F, after NFD), Latin
// letters to ASCII (đ → d): ICU's "NFD; [\u0300-\u036F] Remove; NFC; Latin-ASCII; Lower".
std::string fold_for_search(std::string_view text);

// What the index keeps of a lesson page: its title, summary and step titles in
// the shown language, and their keys (fold_for_search()): the lesson's of its
// title and summary, one per step title.
struct SearchEntry {
  std::string id;
  std::string title;
  std::string summary;
  std::vector<std::string> steps;
  std::string key;
  std::vector<std::string> step_keys;
};
// A page's entry with its keys: render_lesson() makes it from the texts it
// shows. A build records it for the pages it carries over (0026).
SearchEntry search_entry(std::string id, std::string title, std::string summary, std::vector<std::string> steps);

// The search box's rules, added to assets/hocso.css.
std::string search_stylesheet();

class SearchIndex {
 public:
  // Not thread-safe.
  void add(const std::string& lang, SearchEntry entry);
  // assets/search-index.js, lessons in the pack's language order, then lesson order.
  // The index and the ES5 code of the search box in one function call, so
  // that it loads from file:// (no fetch) and sets no global. The search
  // box's words: each language's page labels (Vietnamese where one is missing).
  std::string script(const Pack& pack, const std::map<std::string, PageLabels>& labels_by_language) const;

 private:
  std::map<std::pair<std::string, std::string>, SearchEntry> lessons_;  // (lang, lesson id)
};

}  // namespace hocso
