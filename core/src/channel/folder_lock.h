#pragma once
// One writer at a time on a channel or state folder: an advisory lock on the
// folder itself (no lock file that rsync would copy to mirrors).

#include <filesystem>
#include <string>

namespace hocso::channel {

class FolderLock {
 public:
  // Throws FatalError with `busy_message` when another process holds the lock.
  FolderLock(const std::filesystem::path& dir, const std::string& busy_message);
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  int fd_;
};

}  // namespace hocso::channel
