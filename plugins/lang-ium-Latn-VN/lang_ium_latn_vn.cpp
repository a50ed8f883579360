// lang-ium-Latn-VN: Dao Iu Mien (Iu Mien Unified Script).
#include "language_plugin.h"

namespace {

hocso::LanguageInfo make_info() {
  hocso::LanguageInfo info;
  info.tag = "ium-Latn-VN";
  info.native_name = "Dao (Iu Mien)";  // the Vietnamese name; an autonym is for its speakers to add
  info.english_name = "Iu Mien (Dao)";
  info.direction = "ltr";
  info.plural_forms = "nplurals=1; plural=0;";
  info.fallbacks = {"vi"};
  info.fonts = {};
  return info;
}

}  // namespace

HOCSO_LANGUAGE_PLUGIN("lang-ium-Latn-VN", "Iu Mien (Dao) (ium-Latn-VN): names, plural rule, fallback chain, orthography check", make_info,
                      hocso::lang::kLatin)
