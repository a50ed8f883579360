#pragma once
// Packaging a validated pack: render every page, store media once, write the
// manifest, sign it, and write the zip beside its destination, renaming it into
// place only when it is complete and has passed the reader's own checks.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "localize.h"
#include "media_jobs.h"
#include "model.h"
#include "signing.h"

namespace hocso {

// Where a build is: a profile's images, then its pages. done == total ends a stage.
struct BuildProgress {
  std::string profile;
  std::string stage;        // "images" or "pages"
  std::size_t done = 0;
  std::size_t total = 0;
  std::size_t cached = 0;   // images taken from the build cache
};

struct BuildOptions {
  std::filesystem::path out_dir = "dist";
  std::vector<std::string> profiles;  // empty: every profile of the pack
  std::int64_t source_date_epoch = 315532800;
  // The localize stage, fallback chains and language plugins (localize.h).
  LocalizeOptions localize;
  // Called on the building thread as work advances; may be empty.
  std::function<void(const BuildProgress&)> progress;
  // The media stage that turns screenshots into stored images; nullopt: images
  // are stored as they are (checked only by their first bytes).
  std::optional<MediaStageChoice> media_stage;
  MediaWorkOptions media;  // threads (also for translating and rendering), build cache, language fallbacks
};

struct BuiltBundle {
  std::filesystem::path path;
  std::string profile;
  std::uint64_t size = 0;
  std::size_t entries = 0;
  std::size_t media = 0;
  std::string manifest_sha256;
};

// "<pack>-<version>-<profile>.hocso"
std::string bundle_file_name(const Pack& pack, const std::string& profile);

// Builds one bundle per selected profile. Content problems found while
// packaging are diagnostics (and no bundle is written); I/O problems throw
// FatalError. A profile's `budget_mb` (10^6 bytes) that the bundle exceeds is
// an error [bundle-over-budget] listing the largest lessons and images.
// With a media stage, every image is processed (on options.media.jobs threads)
// before anything is written. Nothing is left behind in out_dir on failure, and an earlier
// bundle of the same name is replaced only by a complete, verified one.
std::vector<BuiltBundle> build_bundles(const Pack& pack, const BuildOptions& options,
                                       const signing::SecretKey& key, Diagnostics& diagnostics);

}  // namespace hocso
