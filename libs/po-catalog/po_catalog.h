#pragma once
// Reading and writing gettext PO/POT catalogs with libgettextpo (GNU gettext's
// own library), and merging them with msgmerge. An untrusted catalog is checked
// with `msgfmt --check` in a child process before libgettextpo touches it: the
// library's fatal-error handler must not return and it exits on out of memory.
//
// Shared by the translate-po plugin and the `hocso i18n` commands; it sees only
// the public plugin API (hocso/diagnostic.h), never hocso's core.

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "hocso/diagnostic.h"
#include "hocso/plugin.h"

namespace hocso {

struct PoEntry {
  std::string context;                               // msgctxt ("" = none)
  std::string msgid;
  std::string msgstr;                                // msgstr[0] for plural entries
  std::string msgid_plural;                          // "" unless a plural entry
  std::vector<std::pair<std::string, int>> references;  // `#: file:line`
  std::string previous_msgid;                        // `#| msgid` (fuzzy entries after msgmerge)
  std::string comments;                              // `#.` extracted comments for translators (written, not read)
  bool fuzzy = false;
  bool obsolete = false;
  int line = 0;                                      // line of its msgid in the catalog file
};

struct PoCatalog {
  std::string header;           // the header entry's msgstr ("Language: vi\n...")
  std::vector<PoEntry> entries; // in file order, without the header
};

// What cannot go on: msgfmt or msgmerge cannot be run, a catalog cannot be
// written. (Problems in a catalog's content are diagnostics instead.)
class PoToolError : public std::runtime_error {
 public:
  explicit PoToolError(const std::string& message) : std::runtime_error(message) {}
};

// Where problems in a catalog go (the host's diagnostics, a plugin's context).
using PoReport = std::function<void(Diagnostic)>;

// A catalog's path as hocso shows it in messages: relative to the current
// folder when inside it, else absolute (translate-po and validate-privacy
// name the same file the same way, so their reports about it merge).
std::string catalog_display_path(const std::filesystem::path& file);

// The charset a header's Content-Type names, lower case ("utf-8"; "utf8" is
// read as "utf-8"), "" when it names none.
std::string po_charset(const std::string& header);

// The value of header field `field` ("Language"), "" when absent.
std::string po_header_field_value(const std::string& header, const std::string& field);

// Checks `file` with `msgfmt --check` in a child process; each problem it finds
// becomes an error [po-syntax] at `display_path`:line. Returns true when clean.
// Throws PoToolError when msgfmt cannot be run. With a `cache` (the host's
// authenticated build cache), a catalog whose exact bytes (SHA-256) passed
// before is not checked again: a child process costs ~25 ms, which for
// hundreds of lessons was most of a rebuild. Only passes are remembered, so
// errors are always reported afresh.
bool check_po_file(const std::filesystem::path& file, const std::string& display_path, const PoReport& report,
                   const StageCache* cache = nullptr);

// check_po_file(), then reads the catalog with libgettextpo (Poedit and Weblate
// files: any header fields, wrapped lines, plural and obsolete entries). Returns
// nullopt after reporting [po-syntax] when the catalog is broken. msgctxt, msgid
// and msgstr are returned in NFC, like lesson text. With a `cache` the parsed
// catalog is kept there too, so an unchanged catalog is not parsed again.
std::optional<PoCatalog> read_po_file(const std::filesystem::path& file, const std::string& display_path,
                                      const PoReport& report, const StageCache* cache = nullptr);

// Writes `catalog` to `file` with libgettextpo (through a temporary file in the
// same folder, renamed into place, so a failed write leaves the old file), and
// creates the folder. Writes nothing when the file already has exactly these
// bytes. Throws PoToolError on I/O failure.
void write_po_file(const std::filesystem::path& file, const PoCatalog& catalog);

// Merges `pot` into the catalog `po` the way `msgmerge --previous` does:
// translations kept, changed source text marked fuzzy with the previous msgid,
// removed entries made obsolete — except that a text whose only change is
// where its lines break (same segment_key()) keeps its translation, not fuzzy,
// and that an entry of a catalog written before msgctxt had roles ("<lesson>")
// is first given the "<lesson>|<role>" contexts the template has for its text.
// Writes `po` in place (atomically). `po` must have passed check_po_file().
// Throws PoToolError when msgmerge fails.
void merge_po_file(const std::filesystem::path& po, const std::filesystem::path& pot);

// What a translation is found by: the msgid's Markdown as cmark renders it,
// with soft line breaks as spaces. A source paragraph re-wrapped without a
// change of words (or of hard breaks) keeps its key, so its translation stays
// current; any other change gives another key.
std::string segment_key(const std::string& msgid);

// A catalog's entries (not the obsolete ones) by msgctxt and segment_key(msgid).
// A lesson segment's msgctxt is "<lesson id>|<role>"; a catalog written before
// roles (docs/decisions/0021) has "<lesson id>" alone, which find() takes too,
// so that such a catalog keeps working until `hocso i18n update` migrates it.
class PoIndex {
 public:
  explicit PoIndex(const PoCatalog* catalog);
  const PoEntry* find(const std::string& context, const std::string& msgid) const;

 private:
  std::map<std::pair<std::string, std::string>, const PoEntry*> entries_;
};

}  // namespace hocso
