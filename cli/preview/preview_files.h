#pragma once
// hocso preview's own script and style, kept as files in core/viewer/preview/
// and compiled into the preview alone (cmake/EmbedFiles.cmake), never into
// the pipeline that writes bundles.

#include <string_view>

namespace hocso::embedded {

// core/viewer/preview/preview.js: reloads the page when its sources change
// (Server-Sent Events), draws each picture's overlays and lets the writer
// drag a rectangle over a picture to get its `highlight:` / `redact:` line in
// the source picture's pixels.
std::string_view preview_js();
std::string_view preview_css();  // core/viewer/preview/preview.css

}  // namespace hocso::embedded
