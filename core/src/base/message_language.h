#pragma once
// Which language hocso speaks (docs/decisions/0022): `--lang vi|en`, else the
// environment as gettext reads it (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), and
// the catalog found relative to the executable (share/locale beside bin/).

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "hocso/diagnostic.h"

namespace hocso {

// The languages hocso has messages in: "en" (the msgids) and "vi".
bool is_message_language(std::string_view tag);

// The language the environment asks for: the first vi or en entry of
// LANGUAGE (a list like "vi:en"; set but naming neither: en, as gettext falls
// back to the msgids), else the first of LC_ALL, LC_MESSAGES, LANG that is set
// ("vi_VN.UTF-8" → vi; anything else, "C" included → en).
std::string message_language_from_environment();

// Makes gettext speak `tag` (en or vi) from here on, whatever locales the
// machine has: call once at start, before any thread or plugin. glibc ignores
// LANGUAGE while LC_MESSAGES is "C" (a machine with no locale set or the asked
// one not installed), so then C.UTF-8 is used, which glibc always has.
void use_message_language(const std::string& tag);

// The language hocso speaks now (use_message_language()'s tag; "en" before it
// was called) and the catalog file its messages come from ("" for en, the
// msgids): what a record of said messages depends on (stream_record.h).
std::string message_language();
std::filesystem::path message_catalog();

// The word people read in compiler-style lines ("file:1:2: error: …"), in the
// messages' language ("lỗi" in Vietnamese, as gcc says it). JSON, github and
// SARIF keep the machine names (severity_name) in every language.
const char* severity_word(Severity severity);

}  // namespace hocso
