#include "fuzz_support.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

namespace hocso::fuzz {

namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "fuzz: cannot read %s\n", file.c_str());
    std::abort();
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

const fs::path kKeys = fs::path(HOCSO_SOURCE_DIR) / "tests" / "fuzz" / "keys";

}  // namespace

const fs::path& scratch_dir() {
  static const fs::path dir = [] {
    std::string pattern = (fs::temp_directory_path() / "hocso-fuzz-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) {
      std::perror("fuzz: mkdtemp");
      std::abort();
    }
    return fs::path(pattern);
  }();
  static const bool cleanup_registered = [] {
    std::atexit([] {
      std::error_code ignored;
      fs::remove_all(dir, ignored);
    });
    return true;
  }();
  (void)cleanup_registered;
  return dir;
}

MemoryFile::MemoryFile(std::string_view bytes) {
  fd_ = ::memfd_create("hocso-fuzz", MFD_CLOEXEC);
  if (fd_ < 0) {
    std::perror("fuzz: memfd_create");
    std::abort();
  }
  for (std::size_t done = 0; done < bytes.size();) {
    const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      std::perror("fuzz: write to memfd");
      std::abort();
    }
    done += static_cast<std::size_t>(n);
  }
  path_ = "/proc/self/fd/" + std::to_string(fd_);
}

MemoryFile::~MemoryFile() { ::close(fd_); }

const signing::SecretKey& test_secret_key() {
  static const signing::SecretKey key =
      signing::parse_secret_key(read_text(kKeys / "fuzz-test.key"), "fuzz-test.key", std::nullopt);
  return key;
}

const std::string& test_public_key() {
  static const std::string text = read_text(kKeys / "fuzz-test.pub");
  return text;
}

void require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz: broken promise: %s\n", what);
  std::abort();
}

}  // namespace hocso::fuzz
