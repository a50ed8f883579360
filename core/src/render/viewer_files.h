#pragma once
// The viewer's stylesheets, scripts and page labels, kept as real files in core/viewer/ and
// compiled in at build time (cmake/EmbedFiles.cmake writes their bytes into
// viewer_files.cpp in the build tree; an edit to a file rebuilds it).

#include <string_view>

namespace hocso::embedded {

// core/viewer/hocso.css: the viewer's screen rules. Large text and big tap
// targets (many learners read with difficulty and tap with unsteady fingers);
// nothing may be wider than a 360 px phone.
std::string_view hocso_css();
// core/viewer/hocso.js: one step per screen, the quiz's feedback. ES5 only (old
// Android WebViews), no network, no globals; it only enhances the page: without
// it every step and the quiz answers are on the page.
std::string_view hocso_js();
std::string_view search_css();          // core/viewer/search.css: the search box
// core/viewer/search-box.body.js: the body of `function (index) {…}`, the
// search box's script; search_index.cpp wraps it around the index (it is not
// a script on its own: it returns early at top level). ES5, no network, no
// globals. A lesson matches when every typed word is in its folded title or
// summary; a step when every word is in its folded title. The page's own
// language comes first.
std::string_view search_box_body_js();
std::string_view handout_css();         // core/viewer/handout.css: the share block, and print as a handout
std::string_view page_labels_yaml();    // core/viewer/page-labels.yaml: the page labels (page_labels.h)

}  // namespace hocso::embedded
