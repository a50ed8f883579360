// lang-mtq-Latn-VN: Mường (Hòa Bình Latin alphabet; combining marks such as U+0312 and U+0320 are kept).
#include "language_plugin.h"

namespace {

hocso::LanguageInfo make_info() {
  hocso::LanguageInfo info;
  info.tag = "mtq-Latn-VN";
  info.native_name = "Mường";
  info.english_name = "Muong";
  info.direction = "ltr";
  info.plural_forms = "nplurals=1; plural=0;";
  info.fallbacks = {"vi"};
  info.fonts = {};
  return info;
}

}  // namespace

HOCSO_LANGUAGE_PLUGIN("lang-mtq-Latn-VN", "Muong (mtq-Latn-VN): names, plural rule, fallback chain, orthography check", make_info,
                      hocso::lang::kLatin)
