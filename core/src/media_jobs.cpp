#include "media_jobs.h"

#include <algorithm>
#include <atomic>
#include <set>
#include <exception>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "fatal.h"
#include "hashing.h"
#include "media_cache.h"

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
  std::vector<Diagnostic> reported;

 private:
  const MediaStageChoice& stage_;
};

struct Job {
  ImageKey key;
  ImageRequest request;
};

struct Outcome {
  ImageResult result;
  std::vector<Diagnostic> diagnostics;
};

// What a candidate source file contributes to the cache key, or nullopt when the
// request must not be cached (a link or odd file: the stage will report it).
std::optional<std::string> candidate_state(const fs::path& folder, const std::string& relative) {
  fs::path walk = folder;
  std::error_code ec;
  for (const auto& part : fs::path(relative)) {
    if (part == "..") return std::nullopt;
    walk /= part;
    const auto status = fs::symlink_status(walk, ec);
    if (ec || !fs::exists(status)) return std::string("absent");
    if (fs::is_symlink(status)) return std::nullopt;
  }
  if (!fs::is_regular_file(fs::symlink_status(walk, ec))) return std::nullopt;
  try {
    return to_hex(sha256_file(walk));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// The cache key of a request: every input that can change the stage's output —
// the bytes of each file the stage may pick (screens/<lang>/NAME for the language
// and its fallbacks, then the file itself), the overlays, the profile, the
// stage's settings and its cache salt. nullopt: do not cache this one.
std::optional<std::string> cache_key(const ImageRequest& request, const MediaStageChoice& stage,
                                     const std::string& salt) {
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

  Sha256 hash;
  auto field = [&](std::string_view text) {
    hash.update(fmt::format("{}:", text.size()));
    hash.update(text);
  };
  field("hocso-media-cache-key/1");
  field(stage.name);
  field(salt);
  field(stage.settings_json);
  field(request.profile_json);
  field(request.overlays_json);
  field(request.target);
  for (const auto& c : candidates) {
    auto state = candidate_state(request.lesson_folder, c);
    if (!state) return std::nullopt;
    field(c);
    field(*state);
  }
  return to_hex(hash.finish());
}

Outcome run_one(const Job& job, const MediaStageChoice& stage, const MediaCache* cache, const std::string& salt) {
  Outcome outcome;
  std::optional<std::string> key;
  if (cache) {
    key = cache_key(job.request, stage, salt);
    if (key) {
      if (auto hit = cache->load(*key)) {
        outcome.result = std::move(*hit);
        return outcome;
      }
    }
  }
  CollectingContext context(stage);
  try {
    outcome.result = stage.stage->process(job.request, context);
  } catch (const std::exception& e) {
    outcome.result = {};
    context.reported.push_back({Severity::error, {stage.plugin_file},
                                fmt::format("plugin stage '{}' threw an exception on '{}': {}", stage.name,
                                            job.request.target, e.what()),
                                "plugin-threw"});
  } catch (...) {
    outcome.result = {};
    context.reported.push_back({Severity::error, {stage.plugin_file},
                                fmt::format("plugin stage '{}' threw an exception on '{}'", stage.name, job.request.target),
                                "plugin-threw"});
  }
  outcome.diagnostics = std::move(context.reported);
  const bool reported_error = std::any_of(outcome.diagnostics.begin(), outcome.diagnostics.end(),
                                          [](const Diagnostic& d) { return d.severity == Severity::error; });
  ImageResult& r = outcome.result;
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
  if (r.ok && cache && key) cache->store(*key, r);
  return outcome;
}

}  // namespace

std::string overlays_for(const Lesson& lesson, const std::string& target) {
  if (!lesson.front_matter) return "{}";
  const auto& doc = lesson.front_matter->value();
  if (!doc.is_object()) return "{}";
  auto screens = doc.find("screens");
  if (screens == doc.end() || !screens->is_object()) return "{}";
  auto entry = screens->find(target);
  if (entry == screens->end()) return "{}";
  return entry->dump();
}

std::map<ImageKey, StoredImage> process_pack_media(const Pack& pack, const Profile& profile,
                                                   const MediaStageChoice& stage, const MediaWorkOptions& options,
                                                   Diagnostics& diagnostics) {
  // Every request first, in a fixed order, each once.
  std::vector<Job> jobs;
  std::set<ImageKey> seen;
  const std::string profile_json = profile.settings.dump();
  for (const auto& lang : pack.languages) {
    std::vector<std::string> fallbacks;
    if (auto it = options.fallbacks.find(lang); it != options.fallbacks.end()) fallbacks = it->second;
    else if (lang != pack.source_language) fallbacks = {pack.source_language};
    for (const auto& lesson : pack.lessons) {
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
        request.overlays_json = overlays_for(lesson, ref.target);
        request.profile_name = profile.name;
        request.profile_json = profile_json;
        request.where = ref.where;
        jobs.push_back({std::move(key), std::move(request)});
      }
    }
  }

  std::unique_ptr<MediaCache> cache;
  if (options.cache_dir) cache = std::make_unique<MediaCache>(*options.cache_dir);
  const std::string salt = stage.stage->cache_salt();
  std::vector<Outcome> outcomes(jobs.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < jobs.size(); i = next++) outcomes[i] = run_one(jobs[i], stage, cache.get(), salt);
  };
  const unsigned threads = std::max(1u, std::min<unsigned>(options.jobs, static_cast<unsigned>(jobs.size())));
  if (threads <= 1) {
    worker();
  } else {
    std::vector<std::jthread> pool;
    pool.reserve(threads);
    try {
      for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    } catch (const std::system_error& e) {
      next = jobs.size();  // stop the threads already running
      pool.clear();
      throw FatalError(fmt::format("cannot start image worker threads: {}", e.what()));
    }
  }

  std::map<ImageKey, StoredImage> images;
  // The same bad file seen for several languages is reported once.
  std::set<std::tuple<std::string, int, int, std::string, std::string>> reported;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    for (auto& d : outcomes[i].diagnostics) {
      if (reported.insert({d.where.file, d.where.line, d.where.column, d.message, d.check_id}).second)
        diagnostics.report(std::move(d));
    }
    ImageResult& r = outcomes[i].result;
    if (!r.ok) continue;
    StoredImage image;
    image.file.path = fmt::format("media/{}.{}", to_hex(sha256(r.bytes)), r.extension);
    image.file.size = r.bytes.size();
    image.file.width = r.width;
    image.file.height = r.height;
    image.source_file = r.source_file;
    image.bytes = std::make_shared<const std::string>(std::move(r.bytes));
    images.emplace(jobs[i].key, std::move(image));
  }
  return images;
}

}  // namespace hocso
