#pragma once
// What the fuzz targets share: a scratch folder of their own, bytes readable by
// path without touching the disk, the fixed test key pair, and the checks that
// turn a broken promise into a crash the fuzzer keeps.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "signing.h"

namespace hocso::fuzz {

// A folder of this process's own under $TMPDIR (fuzzers may run side by side),
// removed when the process exits normally.
const std::filesystem::path& scratch_dir();

// `bytes` in an anonymous in-memory file (memfd), readable by path
// (/proc/self/fd/N) while this object lives: what a reader opens by name gets
// the fuzzer's bytes without a write to disk per input.
class MemoryFile {
 public:
  explicit MemoryFile(std::string_view bytes);
  ~MemoryFile();
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  int fd_ = -1;
  std::filesystem::path path_;
};

// The fuzz test key pair in tests/fuzz/keys/ (minisign, unencrypted). It signs
// the bundle seeds and lets the targets re-sign what they build; nothing else
// trusts it.
const signing::SecretKey& test_secret_key();
const std::string& test_public_key();  // the .pub text

// Aborts (a crash the fuzzer records) with `what` when `condition` is false:
// the oracle checks of the targets, beyond "no crash".
void require(bool condition, const char* what);

}  // namespace hocso::fuzz
