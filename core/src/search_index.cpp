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

// The search box on a language's lesson list. ES5, no network, no globals:
// the index is the argument of this function. A lesson matches when every
// typed word is in its folded title or summary; a step when every word is in
// its folded title. The page's own language comes first.
const char* const search_script = R"JS(  'use strict';
  var doc = document;
  var main = doc.querySelector && doc.querySelector('main');
  if (!main || !doc.addEventListener) return;
  var lang = doc.documentElement.getAttribute('lang') || '';
  var words = index.labels[lang];
  if (!words) for (var first in index.labels) { words = index.labels[first]; break; }
  if (!words) return;
  var table = {};  // character -> its folded form
  for (var target in index.fold) {
    var from = index.fold[target];
    for (var k = 0; k < from.length; k++) {
      var code = from.charCodeAt(k);
      table[code >= 0xD800 && code <= 0xDBFF ? from.charAt(k) + from.charAt(++k) : from.charAt(k)] = target;
    }
  }

  function fold(text) {
    var out = '';
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      var code = text.charCodeAt(i);
      if (code >= 0xD800 && code <= 0xDBFF && i + 1 < text.length) c += text.charAt(++i);
      var f = table[c];
      out += typeof f === 'string' ? f : c.toLowerCase();
    }
    return out;
  }
  function terms(text) {
    var parts = fold(text).split(/[\s.,;:!?()\[\]"'\/\u2013\u2014-]+/);
    var out = [];
    for (var i = 0; i < parts.length; i++) if (parts[i]) out.push(parts[i]);
    return out;
  }
  function matches(list, key) {
    for (var i = 0; i < list.length; i++) if (key.indexOf(list[i]) < 0) return false;
    return true;
  }
  // A word of the page ([text, language]) as the text of `node`, with its
  // language when that is not the page's.
  function say(node, word, filled) {
    node.textContent = filled === undefined ? word[0] : filled;
    if (word[1] !== lang) node.setAttribute('lang', word[1]);
    else node.removeAttribute('lang');
  }
  function link(l, id, hash) { return (l === lang ? '' : '../' + l + '/') + id + '.html' + hash; }

  var form = doc.createElement('form');
  form.className = 'search';
  form.setAttribute('role', 'search');
  var label = doc.createElement('label');
  label.htmlFor = 'tim-bai';
  say(label, words.search);
  var input = doc.createElement('input');
  input.type = 'search';
  input.id = 'tim-bai';
  input.setAttribute('autocomplete', 'off');
  input.setAttribute('spellcheck', 'false');
  var status = doc.createElement('p');
  status.className = 'search-status';
  status.setAttribute('role', 'status');
  var results = doc.createElement('ul');
  results.className = 'search-results';
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(status);
  form.appendChild(results);
  var heading = main.querySelector('h2');
  if (heading) main.insertBefore(form, heading);
  else main.appendChild(form);

  function run() {
    var wanted = terms(input.value);
    while (results.firstChild) results.removeChild(results.firstChild);
    if (!wanted.length) {
      status.textContent = '';
      status.removeAttribute('lang');
      return;
    }
    var own = [];
    var other = [];
    for (var i = 0; i < index.lessons.length; i++) {
      var lesson = index.lessons[i];  // [lang, id, title, key, [[step title, key], ...]]
      var into = lesson[0] === lang ? own : other;
      if (matches(wanted, lesson[3])) into.push([lesson[0], link(lesson[0], lesson[1], ''), lesson[2]]);
      for (var s = 0; s < lesson[4].length; s++)
        if (matches(wanted, lesson[4][s][1]))
          into.push([lesson[0], link(lesson[0], lesson[1], '#buoc-' + (s + 1)),
                     lesson[2] + ' \u2014 ' + words.step[0] + ' ' + (s + 1) + ': ' + lesson[4][s][0]]);
    }
    var hits = own.concat(other).slice(0, 30);
    for (var h = 0; h < hits.length; h++) {
      var item = doc.createElement('li');
      var a = doc.createElement('a');
      a.href = hits[h][1];
      if (hits[h][0] !== lang) {
        a.setAttribute('lang', hits[h][0]);
        a.setAttribute('hreflang', hits[h][0]);
      }
      a.appendChild(doc.createTextNode(hits[h][2]));
      item.appendChild(a);
      results.appendChild(item);
    }
    if (hits.length) say(status, words.found, words.found[0].split('{n}').join(String(own.length + other.length)));
    else say(status, words.none);
  }
  input.addEventListener('input', run);
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    run();
  });
  if (input.value) run();
)JS";

}  // namespace

std::string fold_for_search(std::string_view text) {
  const std::lock_guard lock(fold_mutex);
  return fold_locked(icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size()))));
}

SearchEntry search_entry(const std::string& lesson_json) {
  const auto doc = nlohmann::json::parse(lesson_json);
  SearchEntry entry{doc.at("id").get<std::string>(), doc.at("title").get<std::string>(),
                    doc.value("summary", std::string()), {}};
  for (const auto& step : doc.at("steps")) entry.steps.push_back(step.at("title").get<std::string>());
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
      for (const auto& title : e.steps) {
        steps.push_back(Json::array({title, fold_for_search(title)}));
        collect(title, chars);
      }
      lessons.push_back(Json::array({lang, source.id, e.title, fold_for_search(e.title + " " + e.summary), steps}));
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
  return "(function (index) {\n" + std::string(search_script) + "})(" + javascript_literal(index.dump()) + ");\n";
}

std::string search_stylesheet() {
  return R"(.search { margin: 1rem 0; }
.search label { display: block; font-weight: bold; font-size: 1.1rem; }
.search input { box-sizing: border-box; width: 100%; min-height: 48px; font: inherit; font-size: 1.1rem;
                padding: 0.4rem 0.6rem; border: 2px solid #555; border-radius: 0.5rem; }
.search-results { padding-left: 1.25rem; }
.search-results a { display: inline-block; min-height: 44px; padding: 0.4rem 0; }
)";
}

}  // namespace hocso
