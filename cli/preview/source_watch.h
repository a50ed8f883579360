#pragma once
// hocso preview: which source files changed, from inotify(7). Every folder
// under the content root is watched (folders made later too, as they appear);
// links are not followed. Changes are gathered until the sources have been
// quiet for a moment, so that an editor's save (write a temporary file,
// rename it over the old one) is one change.

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>

namespace hocso::preview {

struct SourceChanges {
  std::set<std::string> paths;  // changed files and folders, relative to the root ("lessons/x/lesson.md")
  bool overflow = false;        // the kernel dropped events: anything may have changed
  bool stopped = false;         // stop() was called
};

class SourceWatch {
 public:
  // Starts watching `root` and every folder below it. Throws FatalError when
  // inotify cannot start; a folder that cannot be watched (the system's
  // fs.inotify.max_user_watches reached) is a warning on stderr.
  explicit SourceWatch(std::filesystem::path root);
  ~SourceWatch();
  SourceWatch(const SourceWatch&) = delete;
  SourceWatch& operator=(const SourceWatch&) = delete;

  // Waits for a change (or stop()), then gathers changes until none came for
  // `quiet`, `longest` at most.
  SourceChanges wait(std::chrono::milliseconds quiet, std::chrono::milliseconds longest);
  // Ends a wait() in progress and every later one. Thread-safe.
  void stop();

 private:
  void watch_tree(const std::filesystem::path& folder, SourceChanges* changes);
  // Reads the events waiting.
  void read_events(SourceChanges& changes);

  std::filesystem::path root_;
  int inotify_ = -1;
  int wake_ = -1;  // an eventfd: stop() writes to it
  std::map<int, std::filesystem::path> folders_;  // watch descriptor -> folder, relative to root_ ("" the root)
  bool warned_ = false;
};

}  // namespace hocso::preview
