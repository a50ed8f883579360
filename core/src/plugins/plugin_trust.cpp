#include "plugin_trust.h"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>

#include <fmt/format.h>

namespace hocso {

namespace fs = std::filesystem;

namespace {

// Whether group `gid` has exactly one member, the user `owner`: as its
// primary group in the user database and at most as its only listed member.
// (Debian gives each user such a group and a umask of 002, so a user's files
// are often group-writable and harmless; OpenSSH's Debian patch allows them
// the same way.) A group with no member at all is not private.
bool is_private_group(gid_t gid, uid_t owner) {
  // getpwent and getgrgid walk process-wide state.
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  const group* gr = ::getgrgid(gid);
  if (!gr) return false;
  int members = 0;
  ::setpwent();
  bool others = false;
  while (const passwd* pw = ::getpwent()) {
    if (pw->pw_gid != gid) continue;
    ++members;
    if (pw->pw_uid != owner) others = true;
  }
  ::endpwent();
  if (others) return false;
  const passwd* pw = ::getpwuid(owner);
  if (!pw) return false;
  gr = ::getgrgid(gid);  // getpwent may have reused the static buffer
  if (!gr) return false;
  if (gr->gr_mem && gr->gr_mem[0]) {
    ++members;
    if (std::strcmp(gr->gr_mem[0], pw->pw_name) != 0 || gr->gr_mem[1]) return false;
  }
  return members > 0;
}

std::string mode_text(mode_t mode) { return fmt::format("{:04o}", static_cast<unsigned>(mode & 07777)); }

std::optional<std::string> check_one(const fs::path& path, const struct stat& st) {
  const uid_t me = ::geteuid();
  if (st.st_uid != 0 && st.st_uid != me) {
    const passwd* pw = ::getpwuid(st.st_uid);
    return fmt::format("{} is owned by {} (uid {}), neither root nor the user running hocso", path.string(),
                       pw ? pw->pw_name : "another user", static_cast<unsigned>(st.st_uid));
  }
  if (st.st_mode & S_IWOTH)
    return fmt::format("{} is writable by every user (mode {})", path.string(), mode_text(st.st_mode));
  if ((st.st_mode & S_IWGRP) && !is_private_group(st.st_gid, st.st_uid)) {
    const group* gr = ::getgrgid(st.st_gid);
    return fmt::format("{} is writable by the group {} (mode {}), which has other members than its owner",
                       path.string(), gr ? gr->gr_name : std::to_string(st.st_gid), mode_text(st.st_mode));
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> untrusted_reason(const fs::path& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0)
    return fmt::format("{} cannot be examined: {}", path.string(), std::strerror(errno));
  if (auto bad = check_one(path, st)) return bad;
  if (!S_ISDIR(st.st_mode)) return std::nullopt;
  // Whoever can rename a folder above can put another folder in its place.
  for (fs::path above = path.parent_path(); !above.empty(); above = above.parent_path()) {
    struct stat up{};
    if (::stat(above.c_str(), &up) != 0)
      return fmt::format("{} cannot be examined: {}", above.string(), std::strerror(errno));
    if ((up.st_mode & S_IWOTH) && !(up.st_mode & S_ISVTX))
      return fmt::format("{} (above {}) is writable by every user without the sticky bit (mode {})",
                         above.string(), path.string(), mode_text(up.st_mode));
    if (above == above.parent_path()) break;
  }
  return std::nullopt;
}

}  // namespace hocso
