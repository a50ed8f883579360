#include "handout_style.h"

#include "viewer_files.h"

namespace hocso {

// core/viewer/handout.css. It uses `!important` in print: the viewer script
// hides steps and the quiz with inline styles, and a handout shows them all.
std::string handout_stylesheet() { return std::string(embedded::handout_css()); }

}  // namespace hocso
