#include "i18n_catalogs.h"

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <regex>
#include <set>
#include <tuple>

#include "bundle_writer.h"
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

std::string read_file_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The header of a template hocso extracts; `project` names the catalog. The
// creation date is filled in when the template is written (write_template()).
std::string template_header(const std::string& project) {
  return "Project-Id-Version: " + project + "\n"
         "Report-Msgid-Bugs-To: \n"
         "POT-Creation-Date: \n"
         "PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\n"
         "Last-Translator: FULL NAME <EMAIL@ADDRESS>\n"
         "Language-Team: LANGUAGE <LL@li.org>\n"
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
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  for (const auto& s : lesson_segments(lesson)) {
    auto [it, added] = index.emplace(std::pair{s.segment.context, s.segment.text}, pot.entries.size());
    if (added) {
      PoEntry e;
      e.context = s.segment.context;
      e.msgid = s.segment.text;
      pot.entries.push_back(std::move(e));
    }
    PoEntry& entry = pot.entries[it->second];
    entry.references.emplace_back(file, s.segment.where.line);
    // One text in several places of one role (a paragraph of the introduction
    // and of a step) says each.
    const std::string role = segment_role_comment(s, lesson);
    if (("\n" + entry.comments + "\n").find("\n" + role + "\n") == std::string::npos)
      entry.comments += (entry.comments.empty() ? "" : "\n") + role;
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
         {std::tuple{"/title", &pack->title, "Tên của gói bài / The title of the pack"},
          std::tuple{"/summary", &pack->summary, "Tóm tắt của gói bài / The summary of the pack"}}) {
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

std::string po_date_now() {
  // SOURCE_DATE_EPOCH, when set, stands for "now" (reproducible test runs).
  const char* set = std::getenv("SOURCE_DATE_EPOCH");
  const std::time_t t = set && *set ? static_cast<std::time_t>(source_date_epoch_from_environment()) : std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M+0000", &tm);
  return text;
}

namespace {

std::string with_header_field(std::string header, const std::string& field, const std::string& value) {
  const std::string key = field + ": ";
  const std::size_t at = header.starts_with(key) ? 0 : header.find("\n" + key);
  if (at == std::string::npos) return header + key + value + "\n";
  const std::size_t begin = at == 0 ? key.size() : at + 1 + key.size();
  const std::size_t end = header.find('\n', begin);
  return header.replace(begin, (end == std::string::npos ? header.size() : end) - begin, value);
}

}  // namespace

void write_template(const fs::path& file, PoCatalog pot, const std::string& shown, const PoReport& report) {
  // Like xgettext, a template says when it was made; unlike it, an extract that
  // changes nothing keeps the file as it is, date and all, so that running
  // `i18n update` on unchanged lessons changes no file.
  std::error_code ec;
  if (fs::exists(file, ec)) {
    const auto old = read_po_file(file, shown, report);
    const std::string date = old ? po_header_field_value(old->header, "POT-Creation-Date") : "";
    if (!date.empty()) {
      pot.header = with_header_field(pot.header, "POT-Creation-Date", date);
      const fs::path probe = fs::path(file).concat(".new");
      write_po_file(probe, pot);
      const bool same = read_file_bytes(probe) == read_file_bytes(file);
      fs::remove(probe, ec);
      if (same) return;
    }
  }
  pot.header = with_header_field(pot.header, "POT-Creation-Date", po_date_now());
  write_po_file(file, pot);
}

PoCatalog new_catalog(const PoCatalog& pot, const std::string& language, const std::string& plural_forms) {
  PoCatalog po;
  const std::string project = po_header_field_value(pot.header, "Project-Id-Version");
  po.header = "Project-Id-Version: " + project + "\n"
              "Report-Msgid-Bugs-To: \n"
              "POT-Creation-Date: " + po_header_field_value(pot.header, "POT-Creation-Date") + "\n"
              "PO-Revision-Date: " + po_date_now() + "\n"
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

// Counted as translate-po finds translations (PoIndex: by segment_key()).
void count(Coverage& c, const PoIndex& entries, const std::string& context, const std::string& msgid) {
  const PoEntry* found = entries.find(context, msgid);
  if (!found || found->msgstr.empty()) ++c.missing;
  else if (found->fuzzy) ++c.fuzzy;
  else ++c.translated;
}

}  // namespace

Coverage template_coverage(const PoCatalog& pot, const PoCatalog* catalog) {
  const PoIndex entries(catalog);
  Coverage c;
  for (const auto& e : pot.entries) count(c, entries, e.context, e.msgid);
  return c;
}

Coverage lesson_coverage(const std::vector<LessonSegment>& segments, const PoCatalog* catalog) {
  const PoIndex entries(catalog);
  Coverage c;
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& s : segments)
    if (seen.insert({s.segment.context, s.segment.text}).second) count(c, entries, s.segment.context, s.segment.text);
  return c;
}

}  // namespace hocso
