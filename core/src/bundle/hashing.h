#pragma once
// Hashes: SHA-256 for bundle entries (OpenSSL: uses the CPU's SHA extensions),
// BLAKE2b-512 for minisign's prehash (libsodium).

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace hocso {

using Sha256Digest = std::array<std::uint8_t, 32>;

// Incremental SHA-256.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(const void* data, std::size_t size);
  void update(std::string_view bytes) { update(bytes.data(), bytes.size()); }
  Sha256Digest finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

Sha256Digest sha256(std::string_view bytes);
// SHA-256 of a file's bytes; throws FatalError if it cannot be read.
Sha256Digest sha256_file(const std::filesystem::path& path);
std::string to_hex(const std::uint8_t* bytes, std::size_t size);
std::string to_hex(const Sha256Digest& digest);

}  // namespace hocso
