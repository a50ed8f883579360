#include "media_jobs.h"

#include <cerrno>
#include <algorithm>
#include <atomic>
#include <set>
#include <exception>
#include <system_error>
#include <thread>
#include <variant>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>

#include <fmt/format.h>

#include "cache_key.h"
#include "fallback_chain.h"
#include "fatal.h"
#include "hashing.h"
#include "hocso/lesson_files.h"
#include "interrupt.h"
#include "media_cache.h"
#include "say.h"
#include "source_hash_index.h"
#include "write_error.h"

namespace hocso {

namespace fs = std::filesystem;

namespace {

using MediaContext = CollectingContext<MediaStage>;

// A unit of work: the first request that needs it stands for all of them.
// Its request names the source file the stage reads (request.source_file);
// a request whose source cannot be used carries the problem instead, and the
// stage is not called.
struct Job {
  ImageRequest request;
  std::optional<Diagnostic> problem;
};

struct Outcome {
  std::optional<StoredImage> image;
  std::vector<Diagnostic> diagnostics;
  bool from_cache = false;
};

}  // namespace

std::variant<std::string, Diagnostic> choose_screen_source(const fs::path& lesson_folder, const std::string& target,
                                                           const std::vector<std::string>& chain,
                                                           const Location& where) {
  auto problem = [&](std::string message, std::string check_id) {
    return Diagnostic{Severity::error, where, std::move(message), std::move(check_id)};
  };
  const LessonPathLookup reference = look_up_lesson_path(lesson_folder, target);
  if (reference.state == LessonPathLookup::State::not_relative || reference.state == LessonPathLookup::State::outside)
    return problem("screenshot '" + target + "' is outside the lesson folder; use a path like screens/NAME.png",
                   "path-outside-lesson");
  const fs::path relative(reference.relative);
  std::vector<std::string> candidates;
  for (const auto& lang : chain) {
    if (lang.empty() || lang.find('/') != std::string::npos || lang == "." || lang == "..") continue;
    std::string c = (relative.parent_path() / lang / relative.filename()).generic_string();
    if (std::find(candidates.begin(), candidates.end(), c) == candidates.end()) candidates.push_back(std::move(c));
  }
  candidates.push_back(reference.relative);
  for (const auto& candidate : candidates) {
    switch (look_up_lesson_path(lesson_folder, candidate).state) {
      case LessonPathLookup::State::file:
        return candidate;
      case LessonPathLookup::State::link:
        return problem("screenshot '" + candidate +
                           "' is (or is inside) a symbolic link; copy the file into the lesson folder",
                       "path-symlink");
      case LessonPathLookup::State::not_a_file:
        return problem("screenshot '" + candidate + "' is not a regular file", "image-missing");
      default:
        continue;  // absent: the next candidate
    }
  }
  return problem("screenshot '" + target + "' not found in the lesson folder", "image-missing");
}

namespace {

// The cache key of a job: every input that can change the stage's output — the
// source file's name and bytes (the one file the stage reads), the overlays, the profile, the stage's
// settings and its cache salt. nullopt: do not cache this one.
std::optional<std::string> cache_key(const Job& job, const MediaStageChoice& stage, const std::string& salt,
                                     SourceHashIndex& sources) {
  std::string source_hash;
  try {
    source_hash = sources.hash(job.request.lesson_folder / job.request.source_file);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return CacheKey()
      .field("hocso-media-cache-key/2")
      .field(stage.name)
      .field(salt)
      .field(stage.settings_json)
      .field(job.request.profile_json)
      .field(job.request.overlays_json)
      .field(job.request.source_file)
      .field(source_hash)
      .hex();
}

}  // namespace

// Processed images, appended to one file (thousands of small files are slow to
// create); identical bytes are kept once.
class MediaSpool {
 public:
  explicit MediaSpool(fs::path file) : path_(std::move(file)) {}

  StoredImage add(const ImageResult& r) {
    StoredImage image;
    image.sha256 = to_hex(sha256(r.bytes));
    image.file.path = fmt::format("media/{}.{}", image.sha256, r.extension);
    image.file.size = r.bytes.size();
    image.file.width = r.width;
    image.file.height = r.height;
    image.source_file = r.source_file;
    image.data = path_;
    std::lock_guard lock(mutex_);
    if (auto it = offsets_.find(image.file.path); it != offsets_.end()) {
      image.offset = it->second;
      return image;
    }
    if (!out_.is_open()) out_.open(path_, std::ios::binary | std::ios::trunc);
    out_.write(r.bytes.data(), static_cast<std::streamsize>(r.bytes.size()));
    out_.flush();  // the bundle writer reads it back through another handle
    if (!out_) throw FatalError(write_error(path_, errno));
    image.offset = size_;
    offsets_.emplace(image.file.path, size_);
    size_ += r.bytes.size();
    return image;
  }

 private:
  fs::path path_;
  std::mutex mutex_;
  std::ofstream out_;
  std::uint64_t size_ = 0;
  std::map<std::string, std::uint64_t> offsets_;
};

namespace {

Outcome run_one(const Job& job, const MediaStageChoice& stage, const MediaCache* cache, const std::string& salt,
                MediaSpool& spool, SourceHashIndex& sources) {
  Outcome outcome;
  if (job.problem) {
    outcome.diagnostics.push_back(*job.problem);
    return outcome;
  }
  std::optional<std::string> key;
  if (cache) {
    key = cache_key(job, stage, salt, sources);
    if (key) {
      if (auto hit = cache->find(*key)) {  // read from the cache entry itself when zipped
        StoredImage image;
        image.sha256 = hit->sha256;
        image.file.path = fmt::format("media/{}.{}", hit->sha256, hit->extension);
        image.file.size = hit->size;
        image.file.width = hit->width;
        image.file.height = hit->height;
        image.source_file = hit->source_file;
        image.data = hit->file;
        image.offset = hit->offset;
        outcome.image = std::move(image);
        outcome.from_cache = true;
        return outcome;
      }
    }
  }
  MediaContext context(stage);
  ImageResult r;
  try {
    r = stage.stage->process(job.request, context);
  } catch (const std::exception& e) {
    r = {};
    context.reported.push_back({Severity::error, {stage.plugin_file},
                                say(N_("plugin stage '{stage}' threw an exception on '{file}': {what}"),
                                    fmt::arg("stage", stage.name), fmt::arg("file", job.request.target),
                                    fmt::arg("what", e.what())),
                                "plugin-threw"});
  } catch (...) {
    r = {};
    context.reported.push_back({Severity::error, {stage.plugin_file},
                                say(N_("plugin stage '{stage}' threw an exception on '{file}'"),
                                    fmt::arg("stage", stage.name), fmt::arg("file", job.request.target)),
                                "plugin-threw"});
  }
  outcome.diagnostics = std::move(context.reported);
  const bool reported_error = std::any_of(outcome.diagnostics.begin(), outcome.diagnostics.end(),
                                          [](const Diagnostic& d) { return d.severity == Severity::error; });
  if (r.ok && (r.bytes.empty() || (r.extension != "webp" && r.extension != "png" && r.extension != "jpg") ||
               r.width <= 0 || r.height <= 0)) {
    r.ok = false;
    outcome.diagnostics.push_back({Severity::error, job.request.where,
                                   say(N_("media stage '{stage}' returned an unusable image for '{file}'"),
                                       fmt::arg("stage", stage.name), fmt::arg("file", job.request.target)),
                                   "plugin-bad-result"});
  } else if (!r.ok && !reported_error) {
    outcome.diagnostics.push_back({Severity::error, job.request.where,
                                   say(N_("media stage '{stage}' could not process '{file}'"),
                                       fmt::arg("stage", stage.name), fmt::arg("file", job.request.target)),
                                   "image-unusable"});
  }
  if (r.ok && reported_error) r.ok = false;
  if (!r.ok) return outcome;
  if (cache && key) cache->store(*key, r);
  outcome.image = spool.add(r);
  return outcome;
}

}  // namespace

std::string overlays_for(const Lesson& lesson, const Lesson& shown, const std::string& target) {
  if (!lesson.front_matter) return "{}";
  const auto& doc = lesson.front_matter->value();
  if (!doc.is_object()) return "{}";
  auto screens = doc.find("screens");
  if (screens == doc.end() || !screens->is_object()) return "{}";
  auto entry = screens->find(target);
  if (entry == screens->end()) return "{}";
  if (entry->is_object() && entry->contains("label")) {
    if (auto label = shown.screen_labels.find(target); label != shown.screen_labels.end()) {
      auto copy = *entry;
      copy["label"] = label->second;
      return copy.dump();
    }
  }
  return entry->dump();
}

MediaWork::MediaWork(const Pack& pack, const Profile& profile, const MediaStageChoice& stage,
                     const MediaWorkOptions& options, const fs::path& spool_dir, SourceHashIndex& sources)
    : pack_(pack), profile_(profile), stage_(stage), options_(options), profile_json_(profile.settings.dump()),
      salt_(stage.stage->cache_salt()),
      sources_(sources),
      spool_(std::make_unique<MediaSpool>(spool_dir / fmt::format("{}.spool", profile.name))) {
  if (options.cache) cache_ = std::make_unique<MediaCache>(*options.cache);
}

MediaWork::~MediaWork() = default;

MediaOutcome MediaWork::process(const std::vector<const Lesson*>& lessons, const PageLesson& shown,
                                const MediaProgress& progress, Diagnostics& diagnostics) {
  const Pack& pack = pack_;
  const MediaWorkOptions& options = options_;
  const MediaStageChoice& stage = stage_;
  // Every request first, in a fixed order, each once; requests that read the
  // same file with the same overlays share a job.
  std::vector<Job> jobs;
  std::vector<std::pair<ImageKey, std::size_t>> requests;  // -> job index
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> job_of;  // (lesson, chosen, overlays)
  std::set<ImageKey> seen;
  for (const auto& lang : pack.languages) {
    const std::vector<std::string> chain = fallback_chain(lang, options.fallbacks, pack.source_language);
    const std::vector<std::string> fallbacks(chain.begin() + 1, chain.end());
    for (const Lesson* each : lessons) {
      const Lesson& lesson = *each;
      const Lesson& page = shown(lang, lesson);
      for (const auto& ref : lesson.markdown->references()) {
        if (ref.kind != SourceReference::Kind::image) continue;
        ImageKey key{lesson.id, ref.target, lang};
        if (!seen.insert(key).second) continue;
        ImageRequest request;
        request.lesson_folder = lesson.folder;
        request.lesson_id = lesson.id;
        request.target = ref.target;
        request.alt = ref.text;
        request.language = lang;
        request.fallbacks = fallbacks;
        request.overlays_json = overlays_for(lesson, page, ref.target);
        request.profile_name = profile_.name;
        request.profile_json = profile_json_;
        request.where = ref.where;
        auto chosen = choose_screen_source(lesson.folder, ref.target, chain, ref.where);
        if (auto* file = std::get_if<std::string>(&chosen)) {
          request.source_file = *file;
          auto [it, added] = job_of.try_emplace({lesson.id, *file, request.overlays_json}, jobs.size());
          if (!added) {
            requests.emplace_back(std::move(key), it->second);
            continue;
          }
        }
        requests.emplace_back(std::move(key), jobs.size());
        Job job{std::move(request), std::nullopt};
        if (auto* problem = std::get_if<Diagnostic>(&chosen)) job.problem = std::move(*problem);
        jobs.push_back(std::move(job));
      }
    }
  }

  std::vector<Outcome> outcomes(jobs.size());
  std::atomic<std::size_t> next{0}, finished{0}, cached{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  std::atomic<bool> failed{false};
  // Woken by each worker as it runs out of work, so a batch's last image is
  // not followed by a sleep.
  std::mutex wake_mutex;
  std::condition_variable wake;
  auto worker = [&] {
    for (std::size_t i = next++; i < jobs.size(); i = next++) {
      try {
        outcomes[i] = run_one(jobs[i], stage, cache_.get(), salt_, *spool_, sources_);
      } catch (...) {  // an I/O failure in the spool folder: stop everything
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        failed = true;
        next = jobs.size();
      }
      if (outcomes[i].from_cache) ++cached;
      ++finished;
    }
    { std::lock_guard lock(wake_mutex); }
    wake.notify_all();
  };
  const unsigned threads = std::max(1u, std::min<unsigned>(options.jobs, static_cast<unsigned>(jobs.size())));
  {
    std::vector<std::jthread> pool;
    pool.reserve(threads);
    try {
      for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    } catch (const std::system_error& e) {
      next = jobs.size();  // stop the threads already running
      pool.clear();
      throw FatalError(say(N_("cannot start image worker threads: {what}"), fmt::arg("what", e.what())));
    }
    // This thread reports progress while the workers run.
    auto all_done = [&] { return finished.load() >= jobs.size() || failed.load(); };
    while (!all_done()) {
      if (interrupted()) {
        next = jobs.size();  // the workers stop after their current image
        break;
      }
      if (progress) progress(finished.load(), jobs.size(), cached.load());
      std::unique_lock lock(wake_mutex);
      wake.wait_for(lock, std::chrono::milliseconds(100), all_done);
    }
  }  // joins the workers
  if (failure) std::rethrow_exception(failure);
  throw_if_interrupted();
  if (progress) progress(jobs.size(), jobs.size(), cached.load());

  MediaOutcome result;
  result.jobs = jobs.size();
  result.cached = cached.load();
  // The same bad file seen for several languages is reported once.
  std::set<std::tuple<std::string, int, int, std::string, std::string>> reported;
  for (auto& outcome : outcomes)
    for (auto& d : outcome.diagnostics)
      if (reported.insert({d.where.file, d.where.line, d.where.column, d.message, d.check_id}).second)
        diagnostics.report(std::move(d));
  for (auto& [key, job] : requests)
    if (outcomes[job].image) result.images.emplace(key, *outcomes[job].image);
  return result;
}

}  // namespace hocso
