#pragma once
// The one rule for which languages a page falls back to: the page's language,
// then the fallbacks its language plugin declares (LanguageInfo::fallbacks),
// then the pack's source language, always last (every text exists in it), each
// once. Translation (localize), per-language screenshots (media) and the CLI
// all ask here.

#include <map>
#include <string>
#include <vector>

namespace hocso {

// Declared fallbacks by language tag (from the language plugins); a language
// not listed declares none.
using DeclaredFallbacks = std::map<std::string, std::vector<std::string>>;

// [language, its declared fallbacks..., source_language]; just [language] for
// the source language itself.
std::vector<std::string> fallback_chain(const std::string& language, const DeclaredFallbacks& declared,
                                        const std::string& source_language);

}  // namespace hocso
