#include "stale_temporaries.h"

#include <signal.h>

#include <cerrno>
#include <regex>
#include <system_error>

#include <fmt/format.h>

namespace hocso {

namespace fs = std::filesystem;

std::string temporary_bundle_file(const std::string& bundle_file, pid_t pid) {
  return fmt::format(".{}.{}.tmp", bundle_file, pid);
}

std::string temporary_staging_folder(const std::string& bundle_file, pid_t pid) {
  return fmt::format(".{}.{}.staging", bundle_file, pid);
}

std::string temporary_media_folder(const std::string& pack_id, const std::string& version, pid_t pid) {
  return fmt::format(".{}-{}.{}.media", pack_id, version, pid);
}

std::size_t remove_stale_temporaries(const fs::path& out_dir, fs::file_time_type started) {
  // Pack ids and versions are [a-z0-9.+-] (the pack schema), so are bundle names.
  static const std::regex name(R"(^\.([a-z0-9][a-z0-9.+-]*\.hocso\.([0-9]{1,9})\.(tmp|staging)|[a-z0-9][a-z0-9.+-]*\.([0-9]{1,9})\.media)$)");
  std::size_t removed = 0;
  std::error_code ec;
  for (fs::directory_iterator it(out_dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string file = it->path().filename().string();
    std::smatch m;
    if (!std::regex_match(file, m, name)) continue;
    const auto pid = static_cast<pid_t>(std::stol(m[2].matched ? m[2].str() : m[4].str()));
    std::error_code time_ec;
    const auto changed = fs::symlink_status(it->path(), time_ec).type() == fs::file_type::symlink
                             ? fs::file_time_type::min()
                             : fs::last_write_time(it->path(), time_ec);
    if (time_ec || changed >= started) continue;  // maybe another build's, just begun
    if (pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM)) continue;  // its build still runs
    std::error_code remove_ec;
    removed += fs::remove_all(it->path(), remove_ec) > 0 && !remove_ec;
  }
  return removed;
}

}  // namespace hocso
