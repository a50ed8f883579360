#include "media_jobs.h"

#include <cerrno>
#include <algorithm>
#include <atomic>
#include <set>
#include <exception>
#include <system_error>
#include <thread>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>

#include <fmt/format.h>

#include "fatal.h"
#include "hashing.h"
#include "interrupt.h"
#include "media_cache.h"
#include "write_error.h"
#include "source_hash_index.h"

namespace hocso {

namespace fs = std::filesystem;

namespace {

// A PluginContext for one request: collects what the stage reports so the
// caller can hand it on in a fixed order.
class CollectingContext final : public PluginContext {
 public:
  explicit CollectingContext(const MediaStageChoice& stage) : stage_(stage) {}
  void report(Diagnostic diagnostic) override { reported.push_back(std::move(diagnostic)); }
  const std::string& settings_json() const override { return stage_.settings_json; }
  const fs::path& hocso_data_dir() const override { return stage_.data_dir; }
  const fs::path& plugin_data_dir() const override { return stage_.plugin_data_dir; }
  const fs::path& content_root() const override { return stage_.content_root; }
  std::vector<Diagnostic> reported;

 private:
  const MediaStageChoice& stage_;
};

// A unit of work: the first request that needs it stands for all of them.
struct Job {
  ImageRequest request;
  std::optional<std::string> chosen;  // the source file the stage will read, when known
};

struct Outcome {
  std::optional<StoredImage> image;
  std::vector<Diagnostic> diagnostics;
  bool from_cache = false;
};

// Walks `relative` below `folder`: "absent", "file", or nullopt for a link or
// anything that is not a regular file (the stage reports those; never cached).
std::optional<std::string> look_up(const fs::path& folder, const fs::path& relative) {
  fs::path walk = folder;
  std::error_code ec;
  for (const auto& part : relative) {
    if (part == "..") return std::nullopt;
    walk /= part;
    const auto status = fs::symlink_status(walk, ec);
    if (ec || !fs::exists(status)) return std::string("absent");
    if (fs::is_symlink(status)) return std::nullopt;
  }
  if (!fs::is_regular_file(fs::symlink_status(walk, ec))) return std::nullopt;
  return std::string("file");
}

// The file a request's stage will read: screens/<lang>/NAME for the language,
// then each fallback, then the file itself — the first that exists. nullopt when
// that cannot be known safely (a link, an odd path): such a request runs alone
// and uncached, and the stage reports the problem.
std::optional<std::string> chosen_source(const ImageRequest& request) {
  const fs::path target = fs::path(request.target).lexically_normal();
  if (target.empty() || target.is_absolute() || *target.begin() == "..") return std::nullopt;
  std::vector<std::string> candidates;
  auto add = [&](const std::string& lang) {
    if (lang.empty() || lang.find('/') != std::string::npos || lang == "." || lang == "..") return;
    std::string c = (target.parent_path() / lang / target.filename()).generic_string();
    if (std::find(candidates.begin(), candidates.end(), c) == candidates.end()) candidates.push_back(c);
  };
  add(request.language);
  for (const auto& f : request.fallbacks) add(f);
  candidates.push_back(target.generic_string());
  for (const auto& c : candidates) {
    auto state = look_up(request.lesson_folder, c);
    if (!state) return std::nullopt;
    if (*state == "file") return c;
  }
  return std::nullopt;  // missing: the stage says so
}

// The cache key of a job: every input that can change the stage's output — the
// chosen source file's name and bytes, the overlays, the profile, the stage's
// settings and its cache salt. nullopt: do not cache this one.
std::optional<std::string> cache_key(const Job& job, const MediaStageChoice& stage, const std::string& salt,
                                     SourceHashIndex& sources) {
  if (!job.chosen) return std::nullopt;
  std::string source_hash;
  try {
    source_hash = sources.hash(job.request.lesson_folder / *job.chosen);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  Sha256 hash;
  auto field = [&](std::string_view text) {
    hash.update(fmt::format("{}:", text.size()));
    hash.update(text);
  };
  field("hocso-media-cache-key/2");
  field(stage.name);
  field(salt);
  field(stage.settings_json);
  field(job.request.profile_json);
  field(job.request.overlays_json);
  field(*job.chosen);
  field(source_hash);
  return to_hex(hash.finish());
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
  CollectingContext context(stage);
  ImageResult r;
  try {
    r = stage.stage->process(job.request, context);
  } catch (const std::exception& e) {
    r = {};
    context.reported.push_back({Severity::error, {stage.plugin_file},
                                fmt::format("plugin stage '{}' threw an exception on '{}': {}", stage.name,
                                            job.request.target, e.what()),
                                "plugin-threw"});
  } catch (...) {
    r = {};
    context.reported.push_back({Severity::error, {stage.plugin_file},
                                fmt::format("plugin stage '{}' threw an exception on '{}'", stage.name, job.request.target),
                                "plugin-threw"});
  }
  outcome.diagnostics = std::move(context.reported);
  const bool reported_error = std::any_of(outcome.diagnostics.begin(), outcome.diagnostics.end(),
                                          [](const Diagnostic& d) { return d.severity == Severity::error; });
  if (r.ok && (r.bytes.empty() || (r.extension != "webp" && r.extension != "png" && r.extension != "jpg") ||
               r.width <= 0 || r.height <= 0)) {
    r.ok = false;
    outcome.diagnostics.push_back({Severity::error, job.request.where,
                                   fmt::format("media stage '{}' returned an unusable image for '{}'", stage.name,
                                               job.request.target),
                                   "plugin-bad-result"});
  } else if (!r.ok && !reported_error) {
    outcome.diagnostics.push_back({Severity::error, job.request.where,
                                   fmt::format("media stage '{}' could not process '{}'", stage.name, job.request.target),
                                   "image-unusable"});
  }
  if (r.ok && reported_error) r.ok = false;
  if (!r.ok) return outcome;
  // Cache only what came from the file the key names (a stage that picked
  // another file follows other rules than the key assumes).
  if (cache && key && r.source_file == *job.chosen) cache->store(*key, r);
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
                     const MediaWorkOptions& options, const fs::path& spool_dir)
    : pack_(pack), profile_(profile), stage_(stage), options_(options), profile_json_(profile.settings.dump()),
      salt_(stage.stage->cache_salt()),
      sources_(std::make_unique<SourceHashIndex>(options.cache)),
      spool_(std::make_unique<MediaSpool>(spool_dir / fmt::format("{}.spool", profile.name))) {
  if (options.cache) cache_ = std::make_unique<MediaCache>(*options.cache);
}

MediaWork::~MediaWork() = default;

void MediaWork::finish() { sources_->save(); }

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
    std::vector<std::string> fallbacks;
    if (auto it = options.fallbacks.find(lang); it != options.fallbacks.end()) fallbacks = it->second;
    else if (lang != pack.source_language) fallbacks = {pack.source_language};
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
        auto chosen = chosen_source(request);
        if (chosen) {
          auto [it, added] = job_of.try_emplace({lesson.id, *chosen, request.overlays_json}, jobs.size());
          if (!added) {
            requests.emplace_back(std::move(key), it->second);
            continue;
          }
        }
        requests.emplace_back(std::move(key), jobs.size());
        jobs.push_back({std::move(request), std::move(chosen)});
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
        outcomes[i] = run_one(jobs[i], stage, cache_.get(), salt_, *spool_, *sources_);
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
      throw FatalError(fmt::format("cannot start image worker threads: {}", e.what()));
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
