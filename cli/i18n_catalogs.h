#pragma once
// The `hocso i18n` commands' view of a pack's translation catalogs: where they
// live and what they should contain:
// content/i18n/<lesson>.pot (one template per lesson, so a translator takes one
// lesson at a time) and content/i18n/<lang>/<lesson>.po.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "coverage.h"
#include "model.h"
#include "po_catalog.h"
#include "segments.h"

namespace hocso {

// content/i18n/<lesson>.pot
std::filesystem::path pot_path(const Pack& pack, const Lesson& lesson);
// content/i18n/<language>/<lesson>.po
std::filesystem::path po_path(const Pack& pack, const std::string& language, const Lesson& lesson);

// True for a BCP 47 tag as hocso uses them: a 2-3 letter language, then optional
// 4-letter script and 2-letter/3-digit region ("vi", "mtq-Latn-VN", "hnj-Latn-VN").
bool is_language_tag(const std::string& tag);

// The template for a lesson: one entry per distinct segment text (msgctxt =
// lesson id), in source order, each with every `#:` place it occurs and `#.`
// comments saying what the text is (segment_role_comment()).
PoCatalog lesson_template(const Pack& pack, const Lesson& lesson);

// content/i18n/ui.pot and content/i18n/<language>/ui.po: the page labels' catalog (page_labels.h).
std::filesystem::path ui_pot_path(const std::filesystem::path& content_root);
std::filesystem::path ui_po_path(const std::filesystem::path& content_root, const std::string& language);

// The page labels' template: every label (msgctxt "ui", its comment for
// translators), then each pack's title and summary (msgctxt "pack:<id>").
PoCatalog ui_template(const std::vector<const Pack*>& packs);

// "2026-12-03 07:55+0000", as gettext writes PO dates (UTC; SOURCE_DATE_EPOCH
// when set).
std::string po_date_now();

// Writes template `pot` to `file` with its POT-Creation-Date: the date already
// in `file` when nothing else changes (the file is then left alone), else now.
void write_template(const std::filesystem::path& file, PoCatalog pot, const std::string& shown,
                    const PoReport& report);

// A new catalog for `language` from a template: empty msgstrs, header with
// Language and (when known) Plural-Forms.
PoCatalog new_catalog(const PoCatalog& pot, const std::string& language, const std::string& plural_forms);


// How many of the lesson's distinct segments `catalog` translates (no catalog:
// all missing). Entries for other texts (stale or obsolete) do not count.
Coverage lesson_coverage(const std::vector<LessonSegment>& segments, const PoCatalog* catalog);

// How many of a template's entries `catalog` translates, matched by msgctxt and
// msgid (the page labels' catalog, whose entries are not lesson segments).
Coverage template_coverage(const PoCatalog& pot, const PoCatalog* catalog);

}  // namespace hocso
