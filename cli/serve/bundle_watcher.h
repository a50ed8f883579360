#pragma once
// hocso serve: switching to a new bundle without dropping a request.
//
// A timer on the server's first io_context looks at the bundle's path about
// every 200 ms (one stat). When the path names another file (a new bundle
// moved onto it) or the served file was written in place, and the file there
// has stayed the same for one look (so a file still being copied is not
// tried), a worker thread opens it, verifies it fully with the trusted keys and
// checks it is still the file at the path; only then does it become the bundle
// new requests get (CurrentBundle), with one log line. A file that fails is
// refused with its rules logged and not tried again until it changes, and so is
// an older version of the pack being served (a rollback; --allow-older lets it); the old
// bundle keeps serving if its file is intact (a rename leaves it so), else the
// server answers 503 until a verified file is in place. The server never stops
// for it.

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "access_log.h"
#include "entry_data.h"
#include "served_bundle.h"

namespace hocso::serve {

// Where the bundle to serve is and which keys it must be signed with.
struct BundleSource {
  // The bundle file to serve now: asked again at every look, so that a caller
  // can point at another file over time (a later `serve --state` naming the
  // newest installed bundle). Today: the path given on the command line.
  std::function<std::filesystem::path()> path;
  std::vector<std::string> trusted_keys;
  CacheLimits cache;
  // A verified file of the served pack at a lower version than the bundle
  // being served is refused (a rollback) unless this is set (serve --allow-older).
  bool allow_older = false;
};

class BundleWatcher {
 public:
  BundleWatcher(boost::asio::io_context& context, BundleSource source, CurrentBundle& current, AccessLog& log,
                std::chrono::milliseconds interval);
  // Waits for a verification in progress to end (its result is dropped).
  ~BundleWatcher();
  BundleWatcher(const BundleWatcher&) = delete;
  BundleWatcher& operator=(const BundleWatcher&) = delete;

  // Starts looking; call on the context's thread (or before it runs).
  void start();
  // Stops looking; call on the context's thread.
  void stop();

 private:
  void schedule();
  void look();
  void verify_in_background(const std::filesystem::path& path, const FileIdentity& identity);
  void on_verified(const std::filesystem::path& path, const FileIdentity& identity,
                   std::shared_ptr<ServedBundle> bundle, const std::vector<BundleProblem>& problems,
                   const std::string& error);

  boost::asio::io_context& context_;
  BundleSource source_;
  CurrentBundle& current_;
  AccessLog& log_;
  std::chrono::milliseconds interval_;
  boost::asio::steady_timer timer_;
  bool stopped_ = false;
  bool verifying_ = false;
  bool missing_noted_ = false;
  std::optional<FileIdentity> seen_;     // at the path at the last look
  std::optional<FileIdentity> refused_;  // the last file refused: not tried again as it is
  std::thread worker_;                   // the verification, off the serving threads
};

}  // namespace hocso::serve
