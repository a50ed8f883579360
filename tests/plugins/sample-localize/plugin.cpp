// A localize stage that is not translate-po: it "translates" every plain-text
// segment (no markup, one line) as the source text + " (sample)", so a test can
// see that the build uses the stage the pack names, and what it is given.
#include <memory>

#include "hocso/plugin.h"

namespace {

class SampleLocalize final : public hocso::LocalizeStage {
 public:
  std::vector<hocso::SegmentTranslation> translate(const std::string& language, const std::string& lesson_id,
                                                   const std::vector<hocso::Segment>& segments,
                                                   hocso::PluginContext& context) override {
    std::vector<hocso::SegmentTranslation> out(segments.size());
    for (std::size_t i = 0; i < segments.size(); ++i) {
      // A lesson text's msgctxt is "<lesson id>|<role>" (API 6.1).
      if (!segments[i].context.starts_with(lesson_id + "|") || segments[i].text.find_first_of("[]()*_`<>#!|\n-") != std::string::npos)
        continue;
      out[i].state = hocso::SegmentTranslation::State::translated;
      out[i].text = segments[i].text + " (sample)";
      out[i].where = {"sample:" + language, static_cast<int>(i) + 1, 1};
    }
    // The content folder is what a localize stage finds its catalogs in.
    if (context.content_root().empty() || !std::filesystem::is_directory(context.content_root() / "lessons"))
      context.report({hocso::Severity::error, {}, "no content folder", "sample-localize"});
    return out;
  }
};

void register_stages(hocso::StageRegistry* registry) {
  registry->add_localize_stage("sample-localize", "test: plain segments + \" (sample)\"",
                               std::make_unique<SampleLocalize>());
}

const hocso_plugin_info info{.name = "sample-localize", .version = "1.0",
                             .summary = "a test localize stage", .register_stages = &register_stages};

}  // namespace

HOCSO_PLUGIN(info)
