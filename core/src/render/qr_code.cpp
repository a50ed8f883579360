#include "qr_code.h"

#include <cerrno>
#include <cstring>
#include <memory>

#include <fmt/format.h>
#include <qrencode.h>

#include "fatal.h"
#include "markdown.h"  // escape_html

namespace hocso {

std::string qr_svg(const std::string& text, const std::string& label) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
  if (!code) throw FatalError(fmt::format("cannot make a QR code of {}: {}", text, std::strerror(errno)));
  constexpr int quiet = 4;
  const int width = code->width;
  const int side = width + 2 * quiet;
  // One path: a horizontal run of dark modules is one rectangle.
  std::string path;
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width;) {
      if (!(code->data[y * width + x] & 1)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < width && (code->data[y * width + x + run] & 1)) ++run;
      path += fmt::format("M{} {}h{}v1h-{}z", x + quiet, y + quiet, run, run);
      x += run;
    }
  }
  return fmt::format(
      "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {0}\" role=\"img\" "
      "aria-label=\"{1}\" shape-rendering=\"crispEdges\"><rect width=\"{0}\" height=\"{0}\" fill=\"#fff\"/>"
      "<path fill=\"#000\" d=\"{2}\"/></svg>",
      side, escape_html(label), path);
}

}  // namespace hocso
