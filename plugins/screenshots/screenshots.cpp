// The `screenshots` media stage: turns each lesson screenshot into the image a
// device profile stores (see docs/screenshots.md).

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "hocso/plugin.h"
#include "image_pipeline.h"
#include "overlays.h"
#include "screen_decode.h"
#include "screen_source.h"

namespace hocso::screenshots {

namespace {

constexpr const char* kPluginVersion = "1.0.0";
#ifndef HOCSO_LABEL_FONT_SHA256
#define HOCSO_LABEL_FONT_SHA256 "none"  // fonts-dejavu-core was missing when hocso was configured
#endif

// The stage setting `max_megapixels` (default 40), or the default when absent or unusable.
double max_megapixels(const PluginContext& context) {
  const auto doc = nlohmann::json::parse(context.settings_json(), nullptr, false);
  if (doc.is_object()) {
    auto it = doc.find("max_megapixels");
    if (it != doc.end() && it->is_number() && it->get<double>() > 0) return it->get<double>();
  }
  return kDefaultMaxMegapixels;
}

class ScreenshotStage final : public MediaStage {
 public:
  ImageResult process(const ImageRequest& request, PluginContext& context) override {
    ImageResult result;
    auto report = [&](std::string message, std::string check_id) {
      context.report({Severity::error, request.where, std::move(message), std::move(check_id)});
    };
    OutputSettings settings;
    std::string error;
    if (!parse_output_settings(request.profile_json, settings, error)) {
      report("profile '" + request.profile_name + "': " + error, "profile-invalid");
      return result;
    }
    const auto overlays = parse_overlays(request.overlays_json, error);
    if (!overlays) {
      report("screens: entry for '" + request.target + "': " + error, "overlay-invalid");
      return result;
    }
    ScreenSource source = read_screen_source(request, context);
    if (!source.ok) return result;
    result.source_file = source.relative;
    if (!ensure_vips_started()) {
      report("libvips could not be started to process '" + source.relative + "'", "image-library");
      return result;
    }
    ProcessedImage image = process_image(source.bytes, source.relative, *overlays, settings, max_megapixels(context),
                                         label_font_file(context.plugin_data_dir()));
    if (!image.ok) {
      report("screenshot '" + source.relative + "' " + image.message, image.check_id);
      return result;
    }
    result.ok = true;
    result.bytes = std::move(image.bytes);
    result.extension = image.extension;
    result.width = image.width;
    result.height = image.height;
    return result;
  }

  std::string cache_salt() const override {
    // The label size rule draws other pixels than before it: no cached image from then is reused.
    // Once a process: the fonts do not change under a running build.
    static const std::string fonts = fallback_fonts_digest();
    return std::string("screenshots ") + kPluginVersion + "; " + vips_version_text() + "; label font sha256 " +
           HOCSO_LABEL_FONT_SHA256 + "; labels " + std::to_string(kLabelMinCssPx) + " CSS px; fallback fonts " + fonts;
  }
};

void register_stages(StageRegistry* registry) {
  registry->add_media_stage("screenshots",
                            "Screenshots: per-language variants, redaction, highlights, resize, metadata stripped",
                            std::make_unique<ScreenshotStage>());
}

const hocso_plugin_info info{.name = "screenshots", .version = kPluginVersion,
                             .summary = "Processes lesson screenshots with libvips for each device profile",
                             .register_stages = &register_stages};

}  // namespace

}  // namespace hocso::screenshots

HOCSO_PLUGIN(hocso::screenshots::info)
