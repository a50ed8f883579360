#pragma once
// Image work for a build: one request per (lesson, image, language) for a
// profile, run through the pack's media stage on N threads, with the build
// cache in front. Results are keyed, so the bundle is written afterwards in its
// own fixed order whatever the threads did.

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "diagnostics.h"
#include "model.h"
#include "render.h"

namespace hocso {

// The media stage a build uses (owned by the plugin host).
struct MediaStageChoice {
  MediaStage* stage = nullptr;
  std::string name;                    // e.g. "screenshots"
  std::string settings_json = "{}";    // the pack's settings for it
  std::string plugin_file;             // for messages about the plugin itself
  std::filesystem::path data_dir;      // hocso's data folder
  std::filesystem::path plugin_data_dir;
};

struct MediaWorkOptions {
  unsigned jobs = 1;                               // worker threads (at least 1)
  std::optional<std::filesystem::path> cache_dir;  // nullopt: no build cache
  // Languages tried after each language for per-language screenshots (ending
  // with the pack's source language); a language not listed gets {source}.
  std::map<std::string, std::vector<std::string>> fallbacks;
};

// One processed image, ready to store as `file.path`.
struct StoredImage {
  MediaFile file;
  std::shared_ptr<const std::string> bytes;
  std::string source_file;  // relative to the lesson folder, for budget reports
};

// (lesson id, target as referenced, language)
using ImageKey = std::tuple<std::string, std::string, std::string>;

// Runs `stage` on every image the lessons of `pack` reference, for every pack
// language, for `profile`. Problems are reported to `diagnostics` in a fixed
// order (request order), never from worker threads directly; an exception from
// the stage is an error naming the plugin [plugin-threw]. Returns the images
// that were processed; the caller checks diagnostics for failures.
std::map<ImageKey, StoredImage> process_pack_media(const Pack& pack, const Profile& profile,
                                                   const MediaStageChoice& stage, const MediaWorkOptions& options,
                                                   Diagnostics& diagnostics);

// The `screens:` front matter entry for `target` in `lesson` as JSON, or "{}".
std::string overlays_for(const Lesson& lesson, const std::string& target);

}  // namespace hocso
