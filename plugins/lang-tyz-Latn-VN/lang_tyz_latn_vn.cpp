// lang-tyz-Latn-VN: Tày (Latin Tày–Nùng script).
#include "language_plugin.h"

namespace {

hocso::LanguageInfo make_info() {
  hocso::LanguageInfo info;
  info.tag = "tyz-Latn-VN";
  info.native_name = "Tày";
  info.english_name = "Tày";
  info.direction = "ltr";
  info.plural_forms = "nplurals=1; plural=0;";
  info.fallbacks = {"vi"};
  info.fonts = {};
  return info;
}

}  // namespace

HOCSO_LANGUAGE_PLUGIN("lang-tyz-Latn-VN", "Tày (tyz-Latn-VN): names, plural rule, fallback chain, orthography check", make_info,
                      hocso::lang::kLatin)
