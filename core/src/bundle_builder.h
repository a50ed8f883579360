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

// Where a profile's build is. lessons == total: the profile's pages are done.
struct BuildProgress {
  std::string profile;
  std::size_t lessons = 0;  // read, translated, given their images and rendered
  std::size_t total = 0;    // lessons in all
  std::size_t images = 0;   // images made (or taken from the build cache) so far
  std::size_t cached = 0;   // of which from the build cache
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

// Builds one bundle per selected profile from a checked pack (check_pack()):
// its lessons may be summaries, `translations` their translations (summaries
// suffice). Each profile's bundle is made a batch of lessons at a time: read
// again (a lesson.md changed since is an error [source-changed]), translated,
// their images processed (on options.media.jobs threads), their pages rendered
// and written; so memory does not grow with the pack. Content problems found
// while packaging are diagnostics (and no bundle is written); I/O problems
// throw FatalError. A profile's `budget_mb` (10^6 bytes) that the bundle
// exceeds is an error [bundle-over-budget] listing the largest lessons and
// images. Nothing is left behind in out_dir on failure, and an earlier bundle
// of the same name is replaced only by a complete, verified one.
std::vector<BuiltBundle> build_bundles(const Pack& pack, const LocalizedLessons& translations,
                                       const BuildOptions& options, const signing::SecretKey& key,
                                       Diagnostics& diagnostics);

}  // namespace hocso
