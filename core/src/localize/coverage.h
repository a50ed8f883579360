#pragma once
// How much of a lesson or language is translated, counted over distinct source
// texts: translated, fuzzy (needs work; not shown) and missing.

namespace hocso {

struct Coverage {
  int translated = 0;
  int fuzzy = 0;
  int missing = 0;
  int total() const { return translated + fuzzy + missing; }
  // Translated share in percent; 100 for a lesson with nothing to translate.
  double percent() const { return total() == 0 ? 100.0 : 100.0 * translated / total(); }
  Coverage& operator+=(const Coverage& o) {
    translated += o.translated;
    fuzzy += o.fuzzy;
    missing += o.missing;
    return *this;
  }
};

}  // namespace hocso
