// lang-hmn-Latn-VN: Mông in Vietnam's Hmong Latin orthography (macrolanguage hmn; see README).
#include "language_plugin.h"

namespace {

hocso::LanguageInfo make_info() {
  hocso::LanguageInfo info;
  info.tag = "hmn-Latn-VN";
  info.native_name = "Mông";  // the Vietnamese name; an autonym is for its speakers to add
  info.english_name = "Hmong (Mông, Vietnamese Latin orthography)";
  info.direction = "ltr";
  info.plural_forms = "nplurals=1; plural=0;";
  info.fallbacks = {"vi"};
  info.fonts = {};
  return info;
}

}  // namespace

HOCSO_LANGUAGE_PLUGIN("lang-hmn-Latn-VN", "Hmong (Mông, Vietnamese Latin orthography) (hmn-Latn-VN): names, plural rule, fallback chain, orthography check", make_info,
                      hocso::lang::kLatin)
