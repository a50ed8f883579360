#pragma once
// hocso's own messages in the reader's language (docs/decisions/0022): GNU
// gettext from glibc, text domain "hocso", msgids in English. Mark a message
// with _() so build-tools/update-pot finds it; a message with placeholders is
// one whole sentence with named ones, for the translator to see and reorder:
//   fmt::format(fmt::runtime(_("the lesson has {count} steps")), fmt::arg("count", n))
// Plugins call dgettext("hocso", …) through this header too: the host binds the
// domain once (use_message_language), before any plugin runs.

#include <libintl.h>

#include <string>

namespace hocso {

inline constexpr const char* kTextDomain = "hocso";

// The message in the chosen language (the msgid itself in English).
inline const char* _(const char* msgid) { return dgettext(kTextDomain, msgid); }
// Marks a message translated later, where it is used (`_(summary)`): a table's text.
constexpr const char* N_(const char* msgid) { return msgid; }
// One of two English forms by `n`; Vietnamese has one.
inline const char* P_(const char* singular, const char* plural, unsigned long n) {
  return dngettext(kTextDomain, singular, plural, n);
}

}  // namespace hocso
