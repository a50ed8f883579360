#include "source_watch.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

#include <fmt/format.h>

#include "display_text.h"
#include "fatal.h"

namespace hocso::preview {

namespace fs = std::filesystem;

namespace {

// What a save, a new file, a rename or a removal shows as. IN_MODIFY is left
// out: a write in progress is not a change yet (IN_CLOSE_WRITE follows it).
constexpr std::uint32_t kFolderEvents = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                                        IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW;

}  // namespace

SourceWatch::SourceWatch(fs::path root) : root_(std::move(root)) {
  inotify_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (inotify_ < 0) throw FatalError(fmt::format("cannot watch the sources for changes: {}", std::strerror(errno)));
  wake_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_ < 0) {
    ::close(inotify_);
    throw FatalError(fmt::format("cannot watch the sources for changes: {}", std::strerror(errno)));
  }
  watch_tree("", nullptr);
}

SourceWatch::~SourceWatch() {
  ::close(inotify_);
  ::close(wake_);
}

void SourceWatch::stop() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = ::write(wake_, &one, sizeof one);
}

// Watches `folder` (relative to the root) and every folder below it; with
// `changes`, what is found inside counts as changed (a folder moved in).
void SourceWatch::watch_tree(const fs::path& folder, SourceChanges* changes) {
  const fs::path absolute = folder.empty() ? root_ : root_ / folder;
  const int wd = ::inotify_add_watch(inotify_, absolute.c_str(), kFolderEvents);
  if (wd < 0) {
    if (!warned_ && (errno == ENOSPC || errno == ENOMEM))
      std::fprintf(stderr,
                   "hocso preview: warning: cannot watch %s for changes (too many folders watched; raise "
                   "fs.inotify.max_user_watches)\n",
                   display_text(absolute.string()).c_str());
    warned_ = warned_ || errno == ENOSPC || errno == ENOMEM;
    return;
  }
  folders_[wd] = folder;
  std::error_code ec;
  for (fs::directory_iterator it(absolute, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path relative = folder / it->path().filename();
    if (changes) changes->paths.insert(relative.generic_string());
    if (it->is_directory(ec) && !it->is_symlink(ec)) watch_tree(relative, changes);
  }
}

void SourceWatch::read_events(SourceChanges& changes) {
  alignas(inotify_event) std::array<char, 64 * 1024> buffer;
  for (;;) {
    const ssize_t n = ::read(inotify_, buffer.data(), buffer.size());
    if (n <= 0) return;  // EAGAIN: read all there was
    for (ssize_t at = 0; at < n;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer.data() + at);
      at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      if (event->mask & IN_Q_OVERFLOW) {
        changes.overflow = true;
        continue;
      }
      const auto folder = folders_.find(event->wd);
      if (folder == folders_.end()) continue;
      if (event->mask & IN_IGNORED) {  // the folder is gone
        changes.paths.insert(folder->second.generic_string());
        folders_.erase(folder);
        continue;
      }
      const fs::path where = event->len > 0 ? folder->second / event->name : folder->second;
      changes.paths.insert(where.generic_string());
      if ((event->mask & IN_ISDIR) && (event->mask & (IN_CREATE | IN_MOVED_TO))) watch_tree(where, &changes);
    }
  }
}

SourceChanges SourceWatch::wait(std::chrono::milliseconds quiet, std::chrono::milliseconds longest) {
  SourceChanges changes;
  using clock = std::chrono::steady_clock;
  std::optional<clock::time_point> first;
  for (;;) {
    int timeout = -1;
    if (first) {
      const auto left = std::min(quiet, std::chrono::duration_cast<std::chrono::milliseconds>(*first + longest - clock::now()));
      if (left.count() <= 0) return changes;
      timeout = static_cast<int>(left.count());
    }
    std::array<pollfd, 2> fds{{{inotify_, POLLIN, 0}, {wake_, POLLIN, 0}}};
    const int ready = ::poll(fds.data(), fds.size(), timeout);
    if (ready < 0 && errno == EINTR) continue;
    if (fds[1].revents) {
      changes.stopped = true;
      return changes;
    }
    if (ready == 0) return changes;  // quiet for long enough
    read_events(changes);
    if (!first && (!changes.paths.empty() || changes.overflow)) first = clock::now();
  }
}

}  // namespace hocso::preview
