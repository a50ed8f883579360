#include "channel/folder_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>

#include "fatal.h"
#include "say.h"

namespace hocso::channel {

FolderLock::FolderLock(const std::filesystem::path& dir, const std::string& busy_message)
    : fd_(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
  if (fd_ < 0) throw FatalError(say(N_("{folder}: not a folder that can be opened"), fmt::arg("folder", dir.string())));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    throw FatalError(fmt::format("{}: {}", dir.string(), busy_message));
  }
}

FolderLock::~FolderLock() { ::close(fd_); }

}  // namespace hocso::channel
