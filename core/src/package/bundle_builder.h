#pragma once
// Packaging a validated pack: render every page, store media once, write the
// manifest, sign it, and write the zip beside its destination, renaming it into
// place only when it is complete and has passed the reader's own checks.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "audio_jobs.h"
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
  std::size_t reused = 0;   // lessons whose pages were carried over from the earlier bundle
};

struct BuildOptions {
  std::filesystem::path out_dir = "dist";
  std::vector<std::string> profiles;  // empty: every profile of the pack
  std::int64_t source_date_epoch = 315532800;
  // The localize stage, fallback chains and language plugins (localize.h): the
  // lesson stream's, for the first read and every later one alike.
  LocalizeOptions localize;
  // Called on the building thread as work advances; may be empty.
  std::function<void(const BuildProgress&)> progress;
  // The media stage that turns screenshots into stored images; nullopt: images
  // are stored as they are (checked only by their first bytes).
  std::optional<MediaStageChoice> media_stage;
  // The audio stage that encodes narration recordings (audio_jobs.h); nullopt:
  // recordings are not shipped.
  std::optional<AudioStageChoice> audio_stage;
  // The machine voice of the pack's `audio: {tts: [...]}` (used only with an
  // audio stage); nullopt: units no one recorded have no narration.
  std::optional<SpeechStageChoice> speech_stage;
  MediaWorkOptions media;  // threads (also for translating and rendering), build cache, language fallbacks
  // hocso's own files, its plugins' and their data folders: with the build
  // cache, a bundle records what it was made with, and the next build of it
  // carries over the pages of the lessons that did not change (decision 0026).
  // Empty (hocso handout's build in a temporary folder): nothing is recorded.
  std::vector<std::filesystem::path> tools;
};

struct BuiltBundle {
  std::filesystem::path path;
  std::string profile;
  std::uint64_t size = 0;
  std::size_t entries = 0;
  std::size_t media = 0;
  std::string manifest_sha256;
  std::size_t reused_lessons = 0;  // whose pages were carried over from the earlier bundle
};

// "<pack>-<version>-<profile>.hocso"
std::string bundle_file_name(const Pack& pack, const std::string& profile);

// Builds a pack's bundles, one per selected profile, from the lesson stream
// (lesson_stream.h; decision 0008): it only renders and writes. The first
// profile's pages are made from the stream's first read: the caller hands every
// batch it yields to batch(). A page that links a lesson later in the pack
// waits for finish(), as do the indexes and the manifest. finish() reads the
// lessons again through the stream for those pages and for every other profile
// (a lesson.md changed since the first read is an error [source-changed]). So
// memory does not grow with the pack.
// Content problems are diagnostics, and no bundle is written once the run has
// an error; I/O problems throw FatalError. A profile's `budget_mb` (10^6 bytes)
// that its bundle exceeds is an error [bundle-over-budget] listing the largest
// lessons and images. Nothing is left behind in out_dir on failure, and an
// earlier bundle of the same name is replaced only by a complete, verified one
// (publish()).
// With a build cache, each bundle written is recorded there (build_record.h);
// the next build of the same bundle carries the pages of every lesson whose
// files did not change over from it, as they are stored, when nothing else
// changed either (decision 0026). The bytes are those of a clean build.
class PackBuild {
 public:
  // `pack` (its file loaded: load_pack_file) must outlive this object; its
  // lessons are appended by the check. Throws FatalError for a profile the pack
  // does not have or an output folder that cannot be made.
  PackBuild(const Pack& pack, const BuildOptions& options, Diagnostics& diagnostics);
  ~PackBuild();
  PackBuild(const PackBuild&) = delete;
  PackBuild& operator=(const PackBuild&) = delete;

  // The profiles built: the lesson stream checks each step's fit on their
  // screens (FirstRead::fit).
  std::vector<const Profile*> profiles() const;

  // A batch of the stream's first read (LessonStream::next()); pack.lessons and
  // `summaries` (LessonStream::summaries()) already hold their summaries and
  // those of every earlier lesson. Does nothing once the run has an error.
  void batch(const LocalizedBatch& batch, const LocalizedSummaries& summaries);
  // After the check: the rest of every bundle, signed with `key`, written and
  // checked beside its destination. False when the run has an error (nothing
  // is kept).
  bool finish(const LocalizedSummaries& translations, const signing::SecretKey& key);
  // Moves the finished bundles into place.
  std::vector<BuiltBundle> publish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hocso
