// lang-blt-Tavt-VN: Tai Dam in the Tai Viet script (visual order; never cut inside a syllable).
#include "language_plugin.h"

namespace {

hocso::LanguageInfo make_info() {
  hocso::LanguageInfo info;
  info.tag = "blt-Tavt-VN";
  info.native_name = "Thái Đen (Tai Dam)";  // the name in Tai Viet script is for its speakers to add
  info.english_name = "Tai Dam";
  info.direction = "ltr";
  info.plural_forms = "nplurals=1; plural=0;";
  info.fallbacks = {"vi"};
  info.fonts = {{"TaiHeritagePro-Regular.woff", "TaiHeritagePro-OFL.txt"}};
  return info;
}

}  // namespace

HOCSO_LANGUAGE_PLUGIN("lang-blt-Tavt-VN", "Tai Dam (blt-Tavt-VN): names, plural rule, fallback chain, orthography check", make_info,
                      hocso::lang::kTaiViet)
