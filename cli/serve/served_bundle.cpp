#include "served_bundle.h"

#include <chrono>

#include <fmt/format.h>

#include "bundle_manifest.h"
#include "display_text.h"
#include "hocso/messages.h"

namespace hocso::serve {

namespace {

using clock = std::chrono::steady_clock;
constexpr auto kRecheckAfter = std::chrono::milliseconds(20);

}  // namespace

std::shared_ptr<ServedBundle> ServedBundle::open(const std::filesystem::path& path,
                                                 const std::vector<std::string>& trusted_keys, const CacheLimits& cache,
                                                 std::vector<BundleProblem>& problems) {
  // Opened before it is verified and checked to be the same file after: the
  // server reads through this descriptor only.
  auto file = std::make_unique<BundleFile>(path);
  BundleReader reader = BundleReader::open(path, trusted_keys);
  if (!reader.ok()) {
    problems.insert(problems.end(), reader.problems().begin(), reader.problems().end());
    return nullptr;
  }
  if (!file->is_file_at(path)) {
    problems.push_back({"bundle-file-changed", "", "the file changed while it was being verified"});
    return nullptr;
  }
  return std::shared_ptr<ServedBundle>(new ServedBundle(path.string(), std::move(file), std::move(reader), cache));
}

ServedBundle::ServedBundle(std::string label, std::unique_ptr<BundleFile> file, BundleReader reader,
                           const CacheLimits& cache)
    : label_(std::move(label)),
      file_(std::move(file)),
      reader_(std::move(reader)),
      catalog_(reader_.entries()),
      cache_(file_->fd(), cache.bytes, cache.entry_bytes) {
  // The reader parsed this manifest already: it cannot fail here.
  std::vector<BundleProblem> ignored;
  if (const auto manifest = parse_manifest(reader_.manifest_json(), ignored)) {
    pack_id_ = manifest->pack_id;
    pack_version_ = manifest->pack_version;
  }
}

bool ServedBundle::still_as_verified() {
  if (changed_.load(std::memory_order_relaxed)) return false;
  const long long now = clock::now().time_since_epoch().count();
  if (now - checked_.load(std::memory_order_relaxed) <
      std::chrono::duration_cast<clock::duration>(kRecheckAfter).count())
    return true;
  if (!file_->unchanged()) {
    changed_ = true;
    return false;
  }
  checked_.store(now, std::memory_order_relaxed);
  return true;
}

std::shared_ptr<ServedBundle> CurrentBundle::get() {
  std::shared_ptr<ServedBundle> bundle;
  {
    std::lock_guard lock(mutex_);
    bundle = current_;
  }
  if (!bundle || bundle->still_as_verified()) return bundle;
  std::lock_guard lock(mutex_);
  if (current_ == bundle) {
    current_.reset();
    log_.note(fmt::format(fmt::runtime(_("{file}: the served file was written in place (its size or modification "
                                         "time changed since it was verified); answering 503 until a verified bundle "
                                         "is in place")),
                          fmt::arg("file", display_text(bundle->label()))));
  }
  return nullptr;
}

void CurrentBundle::replace(std::shared_ptr<ServedBundle> next) {
  std::lock_guard lock(mutex_);
  current_ = std::move(next);
}

}  // namespace hocso::serve
