#pragma once
// Files for unit tests: a temporary folder removed at the end of the test, a
// current folder or an environment variable for a while, and whole-file reads
// and writes.

#include <errno.h>
#include <stdlib.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>

#include <doctest/doctest.h>

namespace hocso::test {

// A fresh folder under the system temp folder, e.g. TempDir("hocso-writer");
// without a prefix, "hocso-" and the test program's name.
struct TempDir {
  std::filesystem::path path;
  TempDir() : TempDir(std::string("hocso-") + program_invocation_short_name) {}
  explicit TempDir(const std::string& prefix) {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::filesystem::path operator/(const std::string& name) const { return path / name; }
};

// Makes `folder` the current folder for its lifetime, then goes back. Display
// paths are relative to the current folder when the file is inside it: running
// in a temporary content folder makes them "content/lessons/b/lesson.md".
struct InFolder {
  std::filesystem::path before = std::filesystem::current_path();
  explicit InFolder(const std::filesystem::path& folder) { std::filesystem::current_path(folder); }
  ~InFolder() {
    std::error_code ignored;
    std::filesystem::current_path(before, ignored);
  }
  InFolder(const InFolder&) = delete;
  InFolder& operator=(const InFolder&) = delete;
};

// Sets or unsets an environment variable for one scope, then restores it (TZ
// is read again both times).
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) ::setenv(name, value, 1);
    else
      ::unsetenv(name);
    ::tzset();
  }
  ~ScopedEnv() {
    if (old_) ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
    ::tzset();
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

inline std::string read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline void write_bytes(const std::filesystem::path& file, std::string_view bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  REQUIRE(out.good());
}

// Rewrites a build cache entry's bytes and fixes the SHA-256 it records, as a
// poisoner who does not know the cache's secret would: only the MAC is left
// to notice. (Layout: "hocso-cache/1 SIZE SHA256 MAC\nMETA\nBYTES".)
inline void poison_cache_entry(const std::filesystem::path& entry, const std::string& new_bytes,
                               const std::string& new_sha256) {
  const std::string text = read_bytes(entry);
  const std::size_t first = text.find('\n'), second = text.find('\n', first + 1);
  REQUIRE(second != std::string::npos);
  const std::string line = text.substr(0, first);
  const std::size_t a = line.find(' '), b = line.find(' ', a + 1), c = line.find(' ', b + 1);
  REQUIRE(c != std::string::npos);
  write_bytes(entry, line.substr(0, a + 1) + std::to_string(new_bytes.size()) + " " + new_sha256 + line.substr(c) +
                         "\n" + text.substr(first + 1, second - first) + new_bytes);
}

}  // namespace hocso::test
