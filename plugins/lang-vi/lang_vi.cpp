// lang-vi: the source language of hocso's packs.
#include "language_plugin.h"

namespace {

hocso::LanguageInfo make_info() {
  hocso::LanguageInfo info;
  info.tag = "vi";
  info.native_name = "Tiếng Việt";
  info.english_name = "Vietnamese";
  info.direction = "ltr";
  info.plural_forms = "nplurals=1; plural=0;";
  info.fallbacks = {};
  info.fonts = {};
  return info;
}

}  // namespace

HOCSO_LANGUAGE_PLUGIN("lang-vi", "Vietnamese (vi): names, plural rule, fallback chain, orthography check", make_info,
                      hocso::lang::kLatin)
