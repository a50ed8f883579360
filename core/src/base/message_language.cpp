#include "message_language.h"

#include <clocale>
#include <cstdlib>
#include <cstring>

#include "hocso/messages.h"
#include "plugin_host.h"

namespace hocso {

namespace {

// "vi", "vi_VN", "vi_VN.UTF-8", "vi-VN" → "vi"; "en…" → "en"; else "".
std::string language_of(std::string_view entry) {
  for (std::string_view tag : {"vi", "en"})
    if (entry.starts_with(tag) && (entry.size() == 2 || std::strchr("_-.@", entry[2]))) return std::string(tag);
  return "";
}

const char* set_variable(const char* name) {
  const char* value = std::getenv(name);
  return value && *value ? value : nullptr;
}

}  // namespace

bool is_message_language(std::string_view tag) { return tag == "en" || tag == "vi"; }

std::string message_language_from_environment() {
  if (const char* list = set_variable("LANGUAGE")) {
    std::string_view rest = list;
    while (!rest.empty()) {
      const std::size_t colon = rest.find(':');
      if (std::string tag = language_of(rest.substr(0, colon)); !tag.empty()) return tag;
      rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
    }
    return "en";
  }
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"})
    if (const char* value = set_variable(name)) {
      std::string tag = language_of(value);
      return tag.empty() ? "en" : tag;
    }
  return "en";
}

void use_message_language(const std::string& tag) {
  // gettext reads LANGUAGE first: the choice made here, for plugins and the
  // programs hocso runs (msgfmt) alike.
  setenv("LANGUAGE", tag.c_str(), 1);
  const char* name = std::setlocale(LC_MESSAGES, "");
  if (!name || std::strcmp(name, "C") == 0 || std::strcmp(name, "POSIX") == 0)
    std::setlocale(LC_MESSAGES, "C.UTF-8");
  bindtextdomain(kTextDomain, (executable_dir() / ".." / HOCSO_LOCALE_SUBDIR).lexically_normal().c_str());
  // The catalogs are UTF-8, and so is every output of hocso, whatever LC_CTYPE says.
  bind_textdomain_codeset(kTextDomain, "UTF-8");
}

std::string message_language() {
  const char* tag = set_variable("LANGUAGE");
  return tag && is_message_language(tag) ? tag : "en";
}

std::filesystem::path message_catalog() {
  const std::string tag = message_language();
  const char* folder = bindtextdomain(kTextDomain, nullptr);
  if (tag == "en" || !folder) return {};
  return std::filesystem::path(folder) / tag / "LC_MESSAGES" / (std::string(kTextDomain) + ".mo");
}

const char* severity_word(Severity severity) {
  switch (severity) {
    // TRANSLATORS: the severity word of a compiler-style line "file:1:2: note: …".
    case Severity::note: return _("note");
    // TRANSLATORS: "file:1:2: warning: …"
    case Severity::warning: return _("warning");
    // TRANSLATORS: "file:1:2: error: …"
    case Severity::error: return _("error");
  }
  return _("error");
}

}  // namespace hocso
