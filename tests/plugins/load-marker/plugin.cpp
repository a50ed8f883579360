// A plugin that tells when it is loaded: its static constructor appends the
// library's own path to the file named by HOCSO_TEST_LOAD_MARKER (when set).
// dlopen runs that constructor before hocso sees the entry point, so a test
// copies this file where hocso must never load it (a shadowed file, a folder
// others can write to) and checks that the marker stays empty.
#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "../test_plugin.h"

namespace {

struct AnnounceLoad {
  AnnounceLoad() {
    const char* marker = std::getenv("HOCSO_TEST_LOAD_MARKER");
    if (!marker || !*marker) return;
    Dl_info self{};
    std::string line = ::dladdr(reinterpret_cast<void*>(&announce_address), &self) && self.dli_fname
                           ? self.dli_fname
                           : "hocso-load-marker";
    line += '\n';
    const int fd = ::open(marker, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return;
    const ssize_t written = ::write(fd, line.data(), line.size());
    (void)written;
    ::close(fd);
  }
  static void announce_address() {}
};
const AnnounceLoad announce;

}  // namespace

HOCSO_TEST_VALIDATE_PLUGIN("load-marker", hocso_test_plugin::Nothing, "checks nothing; says when it is loaded",
                           "a test plugin whose constructor writes a marker file")
