#include "plugin_trust.h"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>

#include <fmt/format.h>

#include "say.h"

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
    const std::string shown = path.string();
    const unsigned owner = st.st_uid;
    const auto file = fmt::arg("file", shown);
    const auto uid = fmt::arg("uid", owner);
    if (!pw) return say(N_("{file} is owned by another user (uid {uid}), neither root nor the user running hocso"), file, uid);
    return say(N_("{file} is owned by {user} (uid {uid}), neither root nor the user running hocso"), file,
               fmt::arg("user", pw->pw_name), uid);
  }
  if (st.st_mode & S_IWOTH)
    return say(N_("{file} is writable by every user (mode {mode})"), fmt::arg("file", path.string()),
               fmt::arg("mode", mode_text(st.st_mode)));
  if ((st.st_mode & S_IWGRP) && !is_private_group(st.st_gid, st.st_uid)) {
    const group* gr = ::getgrgid(st.st_gid);
    return say(N_("{file} is writable by the group {group} (mode {mode}), which has other members than its owner"),
               fmt::arg("file", path.string()), fmt::arg("group", gr ? gr->gr_name : std::to_string(st.st_gid)),
               fmt::arg("mode", mode_text(st.st_mode)));
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> untrusted_reason(const fs::path& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0)
    return say(N_("{file} cannot be examined: {reason}"), fmt::arg("file", path.string()),
               fmt::arg("reason", std::strerror(errno)));
  if (auto bad = check_one(path, st)) return bad;
  if (!S_ISDIR(st.st_mode)) return std::nullopt;
  // Whoever can rename a folder above can put another folder in its place.
  for (fs::path above = path.parent_path(); !above.empty(); above = above.parent_path()) {
    struct stat up{};
    if (::stat(above.c_str(), &up) != 0)
      return say(N_("{file} cannot be examined: {reason}"), fmt::arg("file", above.string()),
                 fmt::arg("reason", std::strerror(errno)));
    if ((up.st_mode & S_IWOTH) && !(up.st_mode & S_ISVTX))
      return say(N_("{folder} (above {file}) is writable by every user without the sticky bit (mode {mode})"),
                 fmt::arg("folder", above.string()), fmt::arg("file", path.string()),
                 fmt::arg("mode", mode_text(up.st_mode)));
    if (above == above.parent_path()) break;
  }
  return std::nullopt;
}

}  // namespace hocso
