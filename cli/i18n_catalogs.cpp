#include "i18n_catalogs.h"

#include <regex>
#include <set>
#include <tuple>

#include "page_labels.h"

namespace hocso {

namespace fs = std::filesystem;

fs::path pot_path(const Pack& pack, const Lesson& lesson) { return pack.content_root / "i18n" / (lesson.id + ".pot"); }

fs::path po_path(const Pack& pack, const std::string& language, const Lesson& lesson) {
  return pack.content_root / "i18n" / language / (lesson.id + ".po");
}

bool is_language_tag(const std::string& tag) {
  static const std::regex pattern("[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?");
  return std::regex_match(tag, pattern);
}

namespace {

// The header of a template hocso extracts; `project` names the catalog.
std::string template_header(const std::string& project) {
  return "Project-Id-Version: " + project + "\n"
         "Report-Msgid-Bugs-To: \n"
         "Language: \n"
         "MIME-Version: 1.0\n"
         "Content-Type: text/plain; charset=UTF-8\n"
         "Content-Transfer-Encoding: 8bit\n"
         "X-Generator: hocso i18n extract\n";
}

}  // namespace

PoCatalog lesson_template(const Pack& pack, const Lesson& lesson) {
  PoCatalog pot;
  pot.header = template_header(lesson.id);
  const std::string file = segment_reference_file(pack, lesson);
  std::map<std::string, std::size_t> index;
  for (const auto& s : lesson_segments(lesson)) {
    auto [it, added] = index.emplace(s.segment.text, pot.entries.size());
    if (added) {
      PoEntry e;
      e.context = lesson.id;
      e.msgid = s.segment.text;
      pot.entries.push_back(std::move(e));
    }
    pot.entries[it->second].references.emplace_back(file, s.segment.where.line);
  }
  return pot;
}

std::filesystem::path ui_pot_path(const std::filesystem::path& content_root) {
  return content_root / "i18n" / (std::string(kPageLabelsCatalog) + ".pot");
}

std::filesystem::path ui_po_path(const std::filesystem::path& content_root, const std::string& language) {
  return content_root / "i18n" / language / (std::string(kPageLabelsCatalog) + ".po");
}

PoCatalog ui_template(const std::vector<const Pack*>& packs) {
  PoCatalog pot;
  pot.header = template_header(kPageLabelsCatalog);
  for (const auto& spec : page_label_specs()) {
    PoEntry e;
    e.context = kPageLabelsCatalog;
    e.msgid = spec.msgid;
    e.comments = spec.comment;
    pot.entries.push_back(std::move(e));
  }
  for (const Pack* pack : packs) {
    const std::string file =
        pack->pack_file.lexically_relative(std::filesystem::weakly_canonical(pack->content_root).parent_path())
            .generic_string();
    for (const auto& [pointer, text, comment] :
         {std::tuple{"/title", &pack->title, "The title of the pack"},
          std::tuple{"/summary", &pack->summary, "The summary of the pack"}}) {
      if (text->empty()) continue;
      PoEntry e;
      e.context = pack_texts_context(pack->id);
      e.msgid = *text;
      e.comments = comment;
      if (pack->document) e.references.emplace_back(file, pack->document->locate(pointer).line);
      pot.entries.push_back(std::move(e));
    }
  }
  return pot;
}

PoCatalog new_catalog(const PoCatalog& pot, const std::string& language, const std::string& plural_forms) {
  PoCatalog po;
  const std::string project = po_header_field_value(pot.header, "Project-Id-Version");
  po.header = "Project-Id-Version: " + project + "\n"
              "Report-Msgid-Bugs-To: \n"
              "Last-Translator: \n"
              "Language-Team: \n"
              "Language: " + language + "\n"
              "MIME-Version: 1.0\n"
              "Content-Type: text/plain; charset=UTF-8\n"
              "Content-Transfer-Encoding: 8bit\n";
  if (!plural_forms.empty()) po.header += "Plural-Forms: " + plural_forms + "\n";
  for (const auto& e : pot.entries) {
    PoEntry copy = e;
    copy.msgstr.clear();
    copy.fuzzy = false;
    po.entries.push_back(std::move(copy));
  }
  return po;
}

namespace {

using EntryIndex = std::map<std::pair<std::string, std::string>, const PoEntry*>;

EntryIndex index_entries(const PoCatalog* catalog) {
  EntryIndex entries;
  if (catalog)
    for (const auto& e : catalog->entries)
      if (!e.obsolete) entries[{e.context, e.msgid}] = &e;
  return entries;
}

void count(Coverage& c, const EntryIndex& entries, const std::string& context, const std::string& msgid) {
  auto found = entries.find({context, msgid});
  if (found == entries.end() || found->second->msgstr.empty()) ++c.missing;
  else if (found->second->fuzzy) ++c.fuzzy;
  else ++c.translated;
}

}  // namespace

Coverage template_coverage(const PoCatalog& pot, const PoCatalog* catalog) {
  const EntryIndex entries = index_entries(catalog);
  Coverage c;
  for (const auto& e : pot.entries) count(c, entries, e.context, e.msgid);
  return c;
}

Coverage lesson_coverage(const std::vector<LessonSegment>& segments, const PoCatalog* catalog) {
  const EntryIndex entries = index_entries(catalog);
  Coverage c;
  std::set<std::string> seen;
  for (const auto& s : segments)
    if (seen.insert(s.segment.text).second) count(c, entries, s.segment.context, s.segment.text);
  return c;
}

}  // namespace hocso
