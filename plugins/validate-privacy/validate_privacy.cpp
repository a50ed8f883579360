// validate-privacy: keeps personal data out of published lessons. Checks the
// pack file, each lesson's front matter and body, the translations in its
// gettext catalogs (and the page labels' ui.po), and every picture a lesson
// shows after its `redact:` rectangles are painted (read with Tesseract OCR),
// for citizen ID numbers, phone numbers, bank card and account numbers,
// e-mail addresses and one-time codes (private_data.h). A pack lists example
// values that may be shown under `privacy: allow:`. Part of the standard set
// that every pack runs (docs/decisions/0017-privacy-check.md).

#include <algorithm>
#include <exception>
#include <filesystem>
#include <functional>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "guarded_validate_stage.h"
#include "hocso/lesson_files.h"
#include "hocso/messages.h"
#include "hocso/plugin.h"
#include "picture_check.h"
#include "po_catalog.h"
#include "private_data.h"
#include "screen_decode.h"

namespace validate_privacy {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr const char* kStageName = "validate-privacy";
constexpr int kMaxDepth = 64;
// The finding in a text: one whole sentence, for the translator.
const char* this_looks_like() {
  return hocso::_("this looks like {what}, {value}; personal data must not be published: write a made-up one such as "
                  "{example}, or, {if_not_personal}");
}
const char* translation_contains() {
  return hocso::_("this translation contains what looks like {what}, {value}; personal data must not be published: "
                  "write a made-up one such as {example}, or, {if_not_personal}");
}  // YAML nesting the walk follows (the host caps documents far below)

std::string child(const std::string& pointer, const std::string& key) {
  return (Json::json_pointer(pointer) / key).to_string();
}
std::string child(const std::string& pointer, std::size_t index) {
  return (Json::json_pointer(pointer) / index).to_string();
}

std::string rect_text(const hocso::screenshots::Rect& r) {
  return "[" + std::to_string(r.x) + ", " + std::to_string(r.y) + ", " + std::to_string(r.w) + ", " +
         std::to_string(r.h) + "]";
}

// Every string of a JSON document with its pointer, in document order; `skip`
// is a subtree not to look into ("" for none).
void walk_strings(const Json& node, const std::string& pointer, const std::string& skip, int depth,
                  const std::function<void(const std::string&, const std::string&)>& visit) {
  if ((!skip.empty() && pointer == skip) || depth > kMaxDepth) return;
  if (node.is_string()) {
    visit(pointer, node.get<std::string>());
  } else if (node.is_object()) {
    for (const auto& [key, value] : node.items()) walk_strings(value, child(pointer, key), skip, depth + 1, visit);
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) walk_strings(node[i], child(pointer, i), skip, depth + 1, visit);
  }
}

// Line and column (code points, 1-based) of byte `offset` in `text`, whose
// first line is line `first_line` of its file.
hocso::Location place_in(const std::string& file, std::string_view text, std::size_t offset, int first_line) {
  int line = first_line, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {file, line, column};
}

// The line of the `msgstr` that follows the `msgid` on line `msgid_line`
// (libgettextpo does not say where a message's parts are); `msgid_line`
// itself when there is none.
int msgstr_line(const std::string& catalog_text, int msgid_line) {
  std::istringstream in(catalog_text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number)
    if (number >= msgid_line && line.starts_with("msgstr")) return number;
  return msgid_line;
}

// A throw ends this stage's work on the pack (its state could be half made).
class PrivacyStage final : public hocso::GuardedValidateStage {
 public:
  PrivacyStage()
      : GuardedValidateStage(hocso::N_("validate-privacy stopped early: {what}"), "validate-privacy-internal") {}

 private:
  // Nothing spans lessons: the OCR reader and the pack's settings are let go.
  void finish(const hocso::PackView&, hocso::PluginContext&) override { reset(); }

  void reset() override {
    reader_.reset();
    allowed_.clear();
    languages_.clear();
    pack_path_.clear();
    max_megapixels_ = hocso::screenshots::kDefaultMaxMegapixels;
    redaction_painted_ = true;
  }

  void start(const hocso::PackView& pack, hocso::PluginContext& context) override {
    pack_path_ = pack.pack_path;
    Json document = pack.document ? Json::parse(pack.document->json(), nullptr, false) : Json();
    if (!document.is_object()) document = Json::object();
    read_allow_list(pack, document, context);
    read_settings(pack, document, context);
    const std::string source = document.value("source_language", "");
    if (auto languages = document.find("languages"); languages != document.end() && languages->is_array())
      for (const auto& l : *languages)
        if (l.is_string() && l != source && is_plain_name(l.get<std::string>())) languages_.push_back(l);

    // The pack's own texts (title, summary, ...); its allow-list is what may be shown.
    if (pack.document)
      walk_strings(document, "", "/privacy", 0, [&](const std::string& pointer, const std::string& text) {
        check_text(text, [&](std::size_t) { return pack.document->locate(pointer); }, this_looks_like(), context);
      });
    // The page labels' translations.
    for (const std::string& language : languages_) check_catalog(pack, language, "ui", context);
  }

  // `privacy: {allow: [...]}`: values that may be shown (the schema checks its shape).
  void read_allow_list(const hocso::PackView& pack, const Json& document, hocso::PluginContext& context) {
    const Json* allow = nullptr;
    if (auto privacy = document.find("privacy"); privacy != document.end() && privacy->is_object())
      if (auto it = privacy->find("allow"); it != privacy->end() && it->is_array()) allow = &*it;
    if (!allow) return;
    for (std::size_t i = 0; i < allow->size(); ++i) {
      if (!(*allow)[i].is_string()) continue;
      const std::string key = allow_key((*allow)[i].get<std::string>());
      if (key.empty()) {
        context.report({hocso::Severity::warning, pack.document->locate(child("/privacy/allow", i)),
                        hocso::_("this allows nothing: an entry of `privacy: allow:` is a number (its digits "
                                 "count) or an e-mail address"),
                        "privacy-allow-invalid"});
        continue;
      }
      allowed_.insert(key);
    }
  }

  // validate-privacy has no settings; what it needs of the screenshots stage
  // it reads from that stage's entry: whether it runs (it paints `redact:`)
  // and its `max_megapixels`.
  void read_settings(const hocso::PackView& pack, const Json& document, hocso::PluginContext& context) {
    auto plugins = document.find("plugins");
    if (plugins == document.end() || !plugins->is_array()) return;
    // A `plugins:` list without the screenshots stage stores pictures as they
    // are: no `redact:` box is painted, so none may hide anything from OCR.
    redaction_painted_ = false;
    for (std::size_t i = 0; i < plugins->size(); ++i) {
      const Json& use = (*plugins)[i];
      if (!use.is_object()) continue;
      const auto name_node = use.find("name");
      const std::string name = name_node != use.end() && name_node->is_string() ? name_node->get<std::string>() : "";
      if (name == "screenshots") redaction_painted_ = true;
      auto settings = use.find("settings");
      if (settings == use.end() || !settings->is_object()) continue;
      if (name == "screenshots") {
        if (auto it = settings->find("max_megapixels"); it != settings->end() && it->is_number() && it->get<double>() > 0)
          max_megapixels_ = it->get<double>();
      } else if (name == kStageName) {
        for (const auto& [key, value] : settings->items())
          context.report({hocso::Severity::warning,
                          pack.document->locate(child(child(child("/plugins", i), "settings"), key)),
                          fmt::format(fmt::runtime(hocso::_("validate-privacy has no setting '{key}'; it is ignored")),
                                      fmt::arg("key", key)),
                          "settings-unknown-key"});
      }
    }
  }

  static bool is_plain_name(const std::string& name) {
    return !name.empty() && name.find('/') == std::string::npos && name != "." && name != "..";
  }

  // Reports each piece of personal data in `text` that the allow-list does not
  // name; `where(offset)` gives the place of the byte at `offset`.
  template <typename Where>
  void check_text(const std::string& text, Where&& where, const char* message, hocso::PluginContext& context) {
    for (const Found& found : find_private_data(text)) {
      if (allowed_.count(found.value)) continue;
      const std::string written = text.substr(found.begin, found.end - found.begin);
      context.report({hocso::Severity::error, where(found.begin),
                      fmt::format(fmt::runtime(message), fmt::arg("what", description(found.kind)),
                                  fmt::arg("value", masked(found.kind, written)),
                                  fmt::arg("example", placeholder(found.kind)),
                                  fmt::arg("if_not_personal", if_not_personal())),
                      check_id(found.kind)});
    }
  }

  std::string if_not_personal() const {
    // TRANSLATORS: the end of a privacy finding, after "or, ".
    return fmt::format(fmt::runtime(hocso::_("if it is not personal (a public hotline, an example), list it under "
                                             "`privacy: allow:` in {pack}")),
                       fmt::arg("pack", pack_path_));
  }

  // The translations of content/i18n/<language>/<name>.po (translate-po's
  // catalogs; a catalog it cannot read is its to report).
  void check_catalog(const hocso::PackView& pack, const std::string& language, const std::string& name,
                     hocso::PluginContext& context) {
    if (pack.content_root.empty()) return;
    const fs::path file = pack.content_root / "i18n" / language / (name + ".po");
    std::error_code ec;
    if (!fs::is_regular_file(fs::symlink_status(file, ec))) return;
    const std::string shown = hocso::catalog_display_path(file);
    std::optional<hocso::PoCatalog> catalog;
    try {
      catalog = hocso::read_po_file(file, shown, [](hocso::Diagnostic) {}, context.cache());
    } catch (const hocso::PoToolError&) {
      return;  // translate-po reports that msgfmt cannot be run
    }
    if (!catalog) return;
    std::string text;
    for (const hocso::PoEntry& entry : catalog->entries) {
      if (entry.obsolete || entry.msgstr.empty()) continue;
      if (find_private_data(entry.msgstr).empty()) continue;
      if (text.empty()) {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        text = std::move(bytes).str();
      }
      const int line = msgstr_line(text, entry.line);
      check_text(entry.msgstr, [&](std::size_t) { return hocso::Location{shown, line, 0}; }, translation_contains(), context);
    }
  }

  void check_lesson(const hocso::PackView& pack, const hocso::LessonView& lesson,
                    hocso::PluginContext& context) override {
    Json front_matter;
    if (lesson.front_matter) front_matter = Json::parse(lesson.front_matter->json(), nullptr, false);
    if (front_matter.is_object())
      walk_strings(front_matter, "", "", 0, [&](const std::string& pointer, const std::string& text) {
        check_text(text, [&](std::size_t) { return lesson.front_matter->locate(pointer); }, this_looks_like(),
                   context);
      });
    const std::string body(lesson.body);
    check_text(body, [&](std::size_t offset) {
      return place_in(lesson.markdown_path, body, offset, lesson.body_first_line);
    }, this_looks_like(), context);
    for (const std::string& language : languages_) check_catalog(pack, language, lesson.id, context);
    check_pictures(lesson, front_matter.is_object() ? front_matter : Json::object(), context);
  }

  // Nothing of a lesson is kept for end_pack(), and what check_lesson()
  // reports depends on the lesson's files, the pack file and the pictures' text
  // alone: a lesson whose files did not change need not be read again.
  std::optional<std::string> memo(const hocso::PackView&, const std::string&) override { return std::string(); }
  void recall(const hocso::PackView&, const std::string&, std::string_view, hocso::PluginContext&) override {}

  // Each picture the body shows, and its screens/<lang>/ variants: what a page
  // in any language may show.
  std::vector<Picture> pictures_of(const hocso::LessonView& lesson, const Json& front_matter) {
    std::vector<Picture> pictures;
    std::set<std::string> seen;
    const fs::path lesson_dir = fs::path(lesson.markdown_path).parent_path();
    const Json* screens = nullptr;
    if (auto it = front_matter.find("screens"); it != front_matter.end() && it->is_object()) screens = &*it;
    for (const hocso::SourceReference& reference : lesson.references) {
      if (reference.kind != hocso::SourceReference::Kind::image) continue;
      const hocso::LessonPathLookup found = hocso::look_up_lesson_path(lesson.folder, reference.target);
      if (found.state != hocso::LessonPathLookup::State::file) continue;  // validate-core reports it
      hocso::screenshots::Overlays overlays;
      if (screens) {
        if (auto entry = screens->find(reference.target); entry != screens->end()) {
          std::string error;
          auto parsed = hocso::screenshots::parse_overlays(entry->dump(), error);
          if (!parsed) continue;  // the schema check reports it; no bundle is made
          overlays = std::move(*parsed);
        }
      }
      const fs::path relative(found.relative);
      std::vector<std::pair<std::string, std::string>> files{{found.relative, "vie"}};
      std::error_code ec;
      for (fs::directory_iterator it(lesson.folder / relative.parent_path(), ec), end; !ec && it != end;
           it.increment(ec)) {
        if (!it->is_directory(ec) || it->is_symlink(ec)) continue;
        const std::string language = it->path().filename().string();
        const std::string variant = (relative.parent_path() / language / relative.filename()).generic_string();
        if (hocso::look_up_lesson_path(lesson.folder, variant).state == hocso::LessonPathLookup::State::file)
          files.emplace_back(variant, language == "en" ? "eng" : "vie");
      }
      std::sort(files.begin() + 1, files.end());
      for (const auto& [file, ocr_language] : files) {
        if (!seen.insert(file).second) continue;
        Picture picture{(lesson_dir / file).generic_string(), lesson.folder / file, reference.target, ocr_language,
                        overlays, overlays.redact};
        if (!redaction_painted_) picture.overlays.redact.clear();
        pictures.push_back(std::move(picture));
      }
    }
    return pictures;
  }

  void check_pictures(const hocso::LessonView& lesson, const Json& front_matter, hocso::PluginContext& context) {
    const std::vector<Picture> pictures = pictures_of(lesson, front_matter);
    if (pictures.empty()) return;
    if (!reader_) reader_ = std::make_unique<PictureReader>(max_megapixels_);
    const std::vector<PictureReading> readings = reader_->read(pictures, context.cache());
    for (std::size_t i = 0; i < pictures.size(); ++i) {
      const Picture& picture = pictures[i];
      const PictureReading& reading = readings[i];
      if (!reading.ok) {
        // A picture too large or damaged to decode could not be published
        // either: that is the writer's problem to fix, under the screenshots
        // stage's own check id (the build stops before that stage meets it).
        if (!reading.picture_fault.empty())
          context.report({hocso::Severity::error, {picture.shown, 0, 0},
                          fmt::format(fmt::runtime(hocso::_("this picture cannot be published (nor checked for "
                                                            "personal data): {problem}")),
                                      fmt::arg("problem", reading.problem)),
                          reading.picture_fault});
        else
          context.report({hocso::Severity::error, {picture.shown, 0, 0},
                          fmt::format(fmt::runtime(hocso::_("this picture could not be checked for personal data: "
                                                            "{problem}; a picture that is not checked is not "
                                                            "published")),
                                      fmt::arg("problem", reading.problem)),
                          "privacy-picture-unchecked"});
        continue;
      }
      std::vector<const PictureFinding*> shown;
      for (const PictureFinding& finding : reading.findings)
        if (!allowed_.count(finding.value)) shown.push_back(&finding);
      if (shown.empty()) continue;
      // A box written but not painted (no screenshots stage) already covers
      // what lies inside it; the rest needs new boxes, in one `redact:` line
      // ready to paste (two lines of one key would be a YAML error).
      auto written_covers = [&](const PictureFinding& f) {
        return std::any_of(picture.written_redact.begin(), picture.written_redact.end(), [&](const auto& r) {
          return r.x <= f.box.x && r.y <= f.box.y && r.x + r.w >= f.box.x + f.box.w && r.y + r.h >= f.box.y + f.box.h;
        });
      };
      std::string redact = "[";
      std::size_t added = 0;
      for (const auto& r : picture.written_redact) redact += rect_text(r) + ", ";
      for (const PictureFinding* finding : shown) {
        if (written_covers(*finding)) continue;
        redact += rect_text(finding->cover) + ", ";
        ++added;
      }
      redact.resize(redact.size() - 2);
      redact += "]";
      const std::string paint = fmt::format(
          fmt::runtime(hocso::_("add `- name: screenshots` to the `plugins:` list in {pack}: without that stage no "
                                "`redact:` box is painted")),
          fmt::arg("pack", pack_path_));
      // TRANSLATORS: said when a picture has more than one finding, before "— or, …"; keep the space at the end.
      const std::string covers_all =
          added > 1 ? fmt::format(fmt::runtime(hocso::_("(the line covers all {count} found in this picture) ")),
                                  fmt::arg("count", added))
                    : std::string();
      for (const PictureFinding* finding : shown) {
        // fmt::arg keeps a reference: the values live here, not in temporaries.
        const std::string shown_value = masked(finding->kind, finding->written), box_text = rect_text(finding->box);
        const char* what_text = description(finding->kind);
        const auto what = fmt::arg("what", what_text);
        const auto value = fmt::arg("value", shown_value);
        const auto box = fmt::arg("box", box_text);
        const auto lesson_file = fmt::arg("lesson", lesson.markdown_path);
        std::string message;
        if (written_covers(*finding)) {
          message = fmt::format(fmt::runtime(hocso::_("the picture shows what looks like {what}, {value}, at {box}; "
                                                      "its `redact:` box in {lesson} covers it, but nothing paints "
                                                      "it: {paint}")),
                                what, value, box, lesson_file, fmt::arg("paint", paint));
        } else {
          message = fmt::format(
              fmt::runtime(picture.written_redact.empty()
                               ? hocso::_("the picture shows what looks like {what}, {value}, at {box}; cover it "
                                          "with a black box: in {lesson}, under `screens:` → `{picture}:`, add the "
                                          "line  redact: {redact}  {covers_all}— or, {if_not_personal}")
                               : hocso::_("the picture shows what looks like {what}, {value}, at {box}; cover it "
                                          "with a black box: in {lesson}, under `screens:` → `{picture}:`, change "
                                          "its `redact:` line to  redact: {redact}  {covers_all}— or, "
                                          "{if_not_personal}")),
              what, value, box, lesson_file, fmt::arg("picture", picture.target), fmt::arg("redact", redact),
              fmt::arg("covers_all", covers_all), fmt::arg("if_not_personal", if_not_personal()));
          if (!redaction_painted_)
            // TRANSLATORS: added to the end of the message above when no stage paints redact: boxes.
            message += fmt::format(fmt::runtime(hocso::_("; and {paint}")), fmt::arg("paint", paint));
        }
        context.report({hocso::Severity::error, {picture.shown, 0, 0}, message, check_id(finding->kind)});
      }
    }
  }

  std::unique_ptr<PictureReader> reader_;  // its OCR threads live from a pack's first picture to its end
  std::set<std::string> allowed_;          // allow_key() of each `privacy: allow:` entry
  std::vector<std::string> languages_;     // the pack's languages other than its source language
  std::string pack_path_;
  double max_megapixels_ = hocso::screenshots::kDefaultMaxMegapixels;
  bool redaction_painted_ = true;  // the pack's pictures go through the screenshots stage
  bool stopped_ = false;
};

void register_stages(hocso::StageRegistry* registry) {
  registry->add_validate_stage(kStageName,
                               "Keeps personal data (ID, phone, card and account numbers, e-mail addresses, "
                               "one-time codes) out of lesson text, translations and pictures (OCR)",
                               std::make_unique<PrivacyStage>());
}

const hocso_plugin_info info{.name = kStageName, .version = "1.0.0",
                             .summary = "Checks lessons, translations and pictures (OCR) for personal data",
                             .register_stages = &register_stages};

}  // namespace

}  // namespace validate_privacy

HOCSO_PLUGIN(validate_privacy::info)
