#pragma once
// QR codes drawn as inline SVG (libqrencode), for lesson pages and handouts.

#include <string>

namespace hocso {

// An SVG of the QR code of `text` (byte mode, error correction level M, a quiet
// zone of 4 modules), one <path> of dark modules on white, scaled by its
// container; `label` is its accessible name. Throws FatalError when libqrencode
// cannot encode the text (over about 2 KB).
std::string qr_svg(const std::string& text, const std::string& label);

}  // namespace hocso
