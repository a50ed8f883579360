// lang-en: English.
#include "language_plugin.h"

namespace {

hocso::LanguageInfo make_info() {
  hocso::LanguageInfo info;
  info.tag = "en";
  info.native_name = "English";
  info.english_name = "English";
  info.direction = "ltr";
  info.plural_forms = "nplurals=2; plural=(n != 1);";
  info.fallbacks = {"vi"};
  info.fonts = {};
  return info;
}

}  // namespace

HOCSO_LANGUAGE_PLUGIN("lang-en", "English (en): names, plural rule, fallback chain, orthography check", make_info,
                      hocso::lang::kLatin)
