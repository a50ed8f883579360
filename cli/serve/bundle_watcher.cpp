#include "bundle_watcher.h"

#include <exception>

#include <fmt/format.h>
#include <boost/asio/post.hpp>

#include "channel/semantic_version.h"
#include "display_text.h"
#include "hocso/messages.h"
#include "message_language.h"

namespace hocso::serve {

namespace {

// Problem lines logged for one refused file; a truncated file can break many rules.
constexpr std::size_t kProblemLines = 10;

std::string describe(const ServedBundle& bundle) {
  return fmt::format(fmt::runtime(_("{bundle} (pack {pack} version {version})")),
                     fmt::arg("bundle", display_text(bundle.label())), fmt::arg("pack", bundle.pack_id()),
                     fmt::arg("version", bundle.pack_version()));
}

// What is served now, after a bundle file's problem: "still serving …", or 503.
std::string serving_now(const ServedBundle* served) {
  return served ? fmt::format(fmt::runtime(_("still serving {bundle}")), fmt::arg("bundle", describe(*served)))
                : _("answering 503 until a verified bundle is in place");
}

}  // namespace

BundleWatcher::BundleWatcher(boost::asio::io_context& context, BundleSource source, CurrentBundle& current,
                             AccessLog& log, std::chrono::milliseconds interval)
    : context_(context),
      source_(std::move(source)),
      current_(current),
      log_(log),
      interval_(interval),
      timer_(context) {}

BundleWatcher::~BundleWatcher() {
  if (worker_.joinable()) worker_.join();
}

void BundleWatcher::start() {
  stopped_ = false;
  schedule();
}

void BundleWatcher::stop() {
  stopped_ = true;
  timer_.cancel();
}

void BundleWatcher::schedule() {
  if (stopped_) return;
  timer_.expires_after(interval_);
  timer_.async_wait([this](const boost::system::error_code& error) {
    if (!error && !stopped_) look();
  });
}

void BundleWatcher::look() {
  if (verifying_) return schedule();
  const std::filesystem::path path = source_.path();
  // Also drops (and logs) a served bundle whose file was written in place.
  const auto served = current_.get();
  const auto at = file_identity(path);
  if (!at) {
    if (!missing_noted_)
      log_.note(fmt::format(fmt::runtime(_("{file}: no bundle file at the path; {serving}")),
                            fmt::arg("file", display_text(path.string())), fmt::arg("serving", serving_now(served.get()))));
    missing_noted_ = true;
    seen_.reset();
    return schedule();
  }
  missing_noted_ = false;
  const bool settled = seen_ == at;  // unchanged since the last look: not being written
  seen_ = at;
  if ((served && *at == served->file().opened()) || at == refused_ || !settled) return schedule();
  verify_in_background(path, *at);
  schedule();
}

void BundleWatcher::verify_in_background(const std::filesystem::path& path, const FileIdentity& identity) {
  verifying_ = true;
  if (worker_.joinable()) worker_.join();  // the last one has posted its result: it is ending
  worker_ = std::thread([this, path, identity] {
    std::shared_ptr<ServedBundle> bundle;
    std::vector<BundleProblem> problems;
    std::string error;
    try {
      bundle = ServedBundle::open(path, source_.trusted_keys, source_.cache, problems);
    } catch (const std::exception& e) {  // cannot open it (FatalError), or out of memory
      error = e.what();
    }
    boost::asio::post(context_, [this, path, identity, bundle = std::move(bundle), problems = std::move(problems),
                                 error = std::move(error)]() mutable {
      on_verified(path, identity, std::move(bundle), problems, error);
    });
  });
}

void BundleWatcher::on_verified(const std::filesystem::path& path, const FileIdentity& identity,
                                std::shared_ptr<ServedBundle> bundle, const std::vector<BundleProblem>& problems,
                                const std::string& error) {
  verifying_ = false;
  if (stopped_) return;
  const std::string shown = display_text(path.string());
  const auto served = current_.get();
  if (bundle && served && !source_.allow_older && bundle->pack_id() == served->pack_id() &&
      channel::compare_versions(bundle->pack_version(), served->pack_version()).value_or(0) < 0) {
    refused_ = identity;
    log_.note(fmt::format(fmt::runtime(_("{file}: REFUSED: pack {pack} version {version} is older than the version "
                                         "{served_version} being served (a rollback); still serving {served}; to go "
                                         "back to an older bundle, restart with --allow-older")),
                          fmt::arg("file", shown), fmt::arg("pack", bundle->pack_id()),
                          fmt::arg("version", bundle->pack_version()), fmt::arg("served_version", served->pack_version()),
                          fmt::arg("served", describe(*served))));
    return;
  }
  if (bundle) {
    refused_.reset();
    log_.note(fmt::format(fmt::runtime(_("switched to {file}: pack {pack} version {version} (verified)")),
                          fmt::arg("file", shown), fmt::arg("pack", bundle->pack_id()),
                          fmt::arg("version", bundle->pack_version())));
    current_.replace(std::move(bundle));
    return;
  }
  refused_ = identity;
  for (std::size_t i = 0; i < problems.size() && i < kProblemLines; ++i) {
    const auto& p = problems[i];
    const std::string entry = p.entry.empty() ? "" : fmt::format(fmt::runtime(_(" (entry '{entry}')")), fmt::arg("entry", display_text(p.entry)));
    log_.note(fmt::format("{}: {}: {}{} [{}]", shown, severity_word(Severity::error), display_text(p.message), entry,
                          display_text(p.rule)));
  }
  if (problems.size() > kProblemLines)
    log_.note(fmt::format(fmt::runtime(P_("{file}: and {count} more problem", "{file}: and {count} more problems",
                                          problems.size() - kProblemLines)),
                          fmt::arg("file", shown), fmt::arg("count", problems.size() - kProblemLines)));
  if (!error.empty())
    log_.note(fmt::format("{}: {}: {}", shown, severity_word(Severity::error), display_text(error)));
  log_.note(fmt::format(fmt::runtime(_("{file}: REFUSED: not switching to a bundle that fails verification; {serving}")),
                        fmt::arg("file", shown), fmt::arg("serving", serving_now(served.get()))));
}

}  // namespace hocso::serve
