#pragma once
// The viewer's print rules: a lesson page printed (from a browser, or by
// `hocso handout` through Chromium) is an A4 handout.

#include <string>

namespace hocso {

// CSS appended to assets/hocso.css: on screen, the size of the share block's QR
// code; in print, the title, every step with its picture in large type, the
// quiz without its answers and the QR code, and none of the navigation.
std::string handout_stylesheet();

}  // namespace hocso
