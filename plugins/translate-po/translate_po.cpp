// translate-po: looks each segment of a lesson up in its gettext catalog,
// content/i18n/<language>/<lesson id>.po (msgctxt = "<lesson id>|<role>", msgid = the
// segment's Markdown source). The catalog is checked with `msgfmt --check` in a
// child process before libgettextpo reads it (po_catalog.h says why).
#include <filesystem>
#include <memory>
#include <optional>
#include <system_error>

#include "hocso/plugin.h"
#include "po_catalog.h"

namespace {

namespace fs = std::filesystem;

class TranslatePo final : public hocso::LocalizeStage {
 public:
  std::vector<hocso::SegmentTranslation> translate(const std::string& language, const std::string& lesson_id,
                                                   const std::vector<hocso::Segment>& segments,
                                                   hocso::PluginContext& context) override {
    using State = hocso::SegmentTranslation::State;
    std::vector<hocso::SegmentTranslation> out(segments.size());
    if (context.content_root().empty()) {
      context.report({hocso::Severity::error, {}, "translate-po was given no content folder to find catalogs in",
                      "translate-po-no-content"});
      return out;
    }
    const fs::path file = context.content_root() / "i18n" / language / (lesson_id + ".po");
    std::error_code ec;
    if (!fs::exists(file, ec)) return out;  // no catalog yet: everything missing
    const std::string shown = hocso::catalog_display_path(file);
    std::optional<hocso::PoCatalog> catalog;
    try {
      // Catalogs that passed `msgfmt --check` before are remembered, parsed,
      // in the host's build cache (authenticated by the host).
      catalog = hocso::read_po_file(file, shown, [&](hocso::Diagnostic d) { context.report(std::move(d)); },
                                    context.cache());
    } catch (const hocso::PoToolError& e) {
      context.report({hocso::Severity::error, {shown}, e.what(), "po-tools"});
    }
    if (!catalog) return out;

    // Found by segment_key(): a re-wrapped source paragraph keeps its translation.
    const hocso::PoIndex entries(&*catalog);
    for (std::size_t i = 0; i < segments.size(); ++i) {
      hocso::SegmentTranslation& t = out[i];
      t.where = {shown, 0, 0};
      const hocso::PoEntry* found = entries.find(segments[i].context, segments[i].text);
      if (!found) continue;
      const hocso::PoEntry& e = *found;
      t.where.line = e.line;
      t.where.column = 1;
      if (e.msgstr.empty()) continue;
      if (e.fuzzy) {
        t.state = State::fuzzy;
        continue;
      }
      t.state = State::translated;
      t.text = e.msgstr;
    }
    return out;
  }
};

void register_stages(hocso::StageRegistry* registry) {
  registry->add_localize_stage("translate-po", "gettext catalogs content/i18n/<language>/<lesson>.po",
                               std::make_unique<TranslatePo>());
}

const hocso_plugin_info kInfo{.name = "translate-po", .version = "1.0.0",
                              .summary = "applies gettext PO catalogs at build time (the standard localize stage)",
                              .register_stages = register_stages};

}  // namespace

HOCSO_PLUGIN(kInfo)
