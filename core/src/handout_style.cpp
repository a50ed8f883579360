#include "handout_style.h"

namespace hocso {

std::string handout_stylesheet() {
  // `!important` in print: the viewer script hides steps and the quiz with
  // inline styles, and a handout shows them all.
  return R"(.share { border-top: 2px solid #e0e0e0; margin-top: 2rem; }
.share .qr { display: block; width: 12rem; height: 12rem; max-width: 100%; }
.share-url { overflow-wrap: anywhere; word-break: break-all; }
@media print {
  @page { size: A4; margin: 15mm; }
  html { font-size: 14pt; }
  body { background: #fff; color: #000; }
  main { max-width: none; margin: 0; padding: 0; }
  nav, .step-nav, .search, .quiz details, .feedback, .requires { display: none !important; }
  .objectives, .intro, .steps, .quiz, .share { display: block !important; }
  li.step { display: list-item !important; break-inside: avoid; page-break-inside: avoid;
            border-top: 1px solid #888; margin-bottom: 1rem; }
  h1 { font-size: 22pt; }
  h2 { font-size: 17pt; break-after: avoid; page-break-after: avoid; }
  img { max-height: 110mm; width: auto; max-width: 100%; border-color: #888; break-inside: avoid; }
  a { color: #000; text-decoration: none; }
  .quiz { break-before: page; page-break-before: always; }
  .quiz .question { break-inside: avoid; page-break-inside: avoid; border-color: #888; }
  .choice, .choice.right, .choice.wrong { display: inline; min-height: 0; padding: 0; border: 0; background: none;
                                          color: #000; font-size: 1rem; }
  .share { break-inside: avoid; page-break-inside: avoid; border-top: 1px solid #888; }
  .share .qr { width: 40mm; height: 40mm; }
}
)";
}

}  // namespace hocso
