#pragma once
// Localized lessons for the build: a copy of a lesson with its segments
// translated from content/i18n/<lang>/<lesson>.po, step by step. A step (or the
// intro) is shown in the first language of the chain (the language, its
// fallbacks, the source language) that translates all of its segments, so a
// page never mixes languages inside a step; front-matter texts fall back one by
// one. What each step is shown in, and the hash of its source text, is recorded.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "diagnostics.h"
#include "i18n_catalogs.h"
#include "model.h"
#include "render.h"

namespace hocso {

// Catalogs read once per build (a broken one is reported once).
class CatalogCache {
 public:
  // The catalog of `language` for `lesson`, or nullptr when there is none or it
  // is broken (then reported [po-syntax]).
  const PoCatalog* get(const Pack& pack, const std::string& language, const Lesson& lesson, Diagnostics& diagnostics);
  // Where a catalog is shown in messages.
  static std::string shown(const Pack& pack, const std::string& language, const Lesson& lesson);

 private:
  std::map<std::pair<std::string, std::string>, std::optional<PoCatalog>> catalogs_;
};

struct LocalizedLesson {
  std::unique_ptr<Lesson> lesson;  // the translated copy (no front_matter document)
  // Per unit of the body: [0] the intro, [i] step i. The language it is shown in
  // and the sha256 (hex) of its source text.
  std::vector<std::string> unit_languages;
  std::vector<std::string> unit_source_sha256;
  nlohmann::ordered_json front_matter;  // [{"field": "/title", "lang": "vi", "source_sha256": ...}]
  Coverage coverage;                    // of `language` alone
};

// Translates `lesson` into `language` along `chain` (tried in order after
// `language`; the source language is always last). A translation that changes
// the markup of its source (link targets, images, code spans, emphasis, block
// structure) or carries raw HTML is an error [translation-markup] at the PO
// file and line. A translation passes its language's normalize() (from
// `stages`, when that language's plugin is installed). Returns nullopt when it
// reported an error.
std::optional<LocalizedLesson> localize_lesson(const Pack& pack, const Lesson& lesson, const std::string& language,
                                               const std::vector<std::string>& chain,
                                               const std::map<std::string, const LanguageStage*>& stages,
                                               CatalogCache& catalogs, Diagnostics& diagnostics);

// Records in a rendered page what `localized` says: each step's `lang`,
// `source_sha256` and `fallback` in the JSON; in the HTML, a step shown in
// another language gets that `lang` attribute, the class "fallback" and a
// visible note.
void mark_freshness(RenderedLesson& page, const LocalizedLesson& localized, const std::string& language);

}  // namespace hocso
