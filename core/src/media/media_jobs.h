#pragma once
// Image work for a build: one request per (lesson, image, language) for a
// profile, run through the pack's media stage on N threads, with the build
// cache in front. Requests that would read the same source file with the same
// overlays (a language with no screens/<lang>/ variant of its own) are one job.
// Each result is written to a spool folder as soon as it is made, so memory
// does not grow with the number of images; results are keyed, so the bundle is
// written afterwards in its own fixed order whatever the threads did.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "build_cache.h"
#include "diagnostics.h"
#include "fallback_chain.h"
#include "model.h"
#include "render.h"
#include "stage_choice.h"

namespace hocso {

// The media stage a build uses (owned by the plugin host).
using MediaStageChoice = StageChoice<MediaStage>;

struct MediaWorkOptions {
  unsigned jobs = 1;                               // worker threads (at least 1)
  const BuildCache* cache = nullptr;               // nullptr: no build cache
  // Each language's declared fallbacks (the language plugins'): the order in
  // which screens/<lang>/NAME variants are tried is fallback_chain()'s.
  DeclaredFallbacks fallbacks;
};

// One processed image, ready to store as `file.path`; its bytes are in `data`.
struct StoredImage {
  MediaFile file;
  std::string sha256;               // of the bytes (hex)
  std::filesystem::path data;       // the file holding the bytes (a spool file or a cache entry)
  std::uint64_t offset = 0;         // where they start in it
  std::string source_file;          // relative to the lesson folder, for budget reports
};

// (lesson id, target as referenced, language)
using ImageKey = std::tuple<std::string, std::string, std::string>;

// The lesson a language's page shows (a translated copy, or the lesson itself).
using PageLesson = std::function<const Lesson&(const std::string& language, const Lesson& lesson)>;

// Called on the calling thread about ten times a second: (images done, images in all, from cache).
using MediaProgress = std::function<void(std::size_t done, std::size_t total, std::size_t cached)>;

struct MediaOutcome {
  std::map<ImageKey, StoredImage> images;
  std::size_t jobs = 0;       // distinct images processed or taken from the cache
  std::size_t cached = 0;     // of which from the cache
};

class MediaCache;
class MediaSpool;
class SourceHashIndex;

// The image work of one profile's bundle, done a batch of lessons at a time;
// results of every batch stay in the spool until the bundle is written.
class MediaWork {
 public:
  // `spool_dir` must exist. Everything given must outlive this object;
  // `sources` is the build's one memory of source file hashes (shared with
  // the narration work, saved by the build).
  MediaWork(const Pack& pack, const Profile& profile, const MediaStageChoice& stage, const MediaWorkOptions& options,
            const std::filesystem::path& spool_dir, SourceHashIndex& sources);
  ~MediaWork();
  MediaWork(const MediaWork&) = delete;
  MediaWork& operator=(const MediaWork&) = delete;

  // Runs the stage on every image that `lessons` (loaded, not summaries)
  // reference, for every pack language. Problems are reported to `diagnostics`
  // in a fixed order (request order), never from worker threads directly; an
  // exception from the stage is an error naming the plugin [plugin-threw]. The
  // caller checks diagnostics for failures.
  MediaOutcome process(const std::vector<const Lesson*>& lessons, const PageLesson& shown,
                       const MediaProgress& progress, Diagnostics& diagnostics);

 private:
  const Pack& pack_;
  const Profile& profile_;
  const MediaStageChoice& stage_;
  const MediaWorkOptions& options_;
  std::string profile_json_;
  std::string salt_;
  std::unique_ptr<MediaCache> cache_;
  SourceHashIndex& sources_;
  std::unique_ptr<MediaSpool> spool_;
};

// The file an image reference means for one page, relative to the lesson
// folder: screens/<lang>/NAME for each language of `chain` (the page's, then
// its fallbacks), then the reference itself: the first that exists, never
// through a symbolic link or out of the lesson folder (look_up_lesson_path);
// else why not, at `where` ([image-missing], [path-symlink],
// [path-outside-lesson]). The media stage reads that file and nothing else, so
// the cache key covers exactly its input; hocso preview shows that file.
std::variant<std::string, Diagnostic> choose_screen_source(const std::filesystem::path& lesson_folder,
                                                           const std::string& target,
                                                           const std::vector<std::string>& chain,
                                                           const Location& where);

// The `screens:` front matter entry for `target` in `lesson` as JSON, or "{}";
// its `label` is the one `shown` carries (translated), when it has one.
std::string overlays_for(const Lesson& lesson, const Lesson& shown, const std::string& target);

}  // namespace hocso
