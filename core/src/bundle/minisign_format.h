#pragma once
// minisign's file layouts and the small helpers both of its sides use: the
// reader's signature check (minisign.cpp, in the reader library) and the
// pipeline's key files and signing (signing.cpp). Internal to those two.

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace hocso::signing::format {

// File layouts of minisign 0.11 (src/minisign.h): all byte arrays, no padding.
inline constexpr char kSignatureAlgorithm[] = "Ed";  // keys; legacy signatures
inline constexpr char kPrehashedAlgorithm[] = "ED";  // signatures over BLAKE2b-512
inline constexpr std::string_view kUntrustedPrefix = "untrusted comment: ";
inline constexpr std::string_view kTrustedPrefix = "trusted comment: ";

inline constexpr std::size_t kMaxKeyFileBytes = 4096;
inline constexpr std::size_t kMaxSignatureFileBytes = 4096;
inline constexpr std::size_t kMaxTrustedCommentBytes = 1024;

struct PublicKeyBlob {
  std::uint8_t sig_alg[2];
  std::uint8_t key_id[8];
  std::uint8_t key[crypto_sign_PUBLICKEYBYTES];
};
static_assert(sizeof(PublicKeyBlob) == 42);

struct SignatureBlob {
  std::uint8_t sig_alg[2];
  std::uint8_t key_id[8];
  std::uint8_t signature[crypto_sign_BYTES];
};
static_assert(sizeof(SignatureBlob) == 74);

using Signature = std::array<std::uint8_t, crypto_sign_BYTES>;

// Starts libsodium once; throws FatalError if it cannot.
void ensure_sodium();

// Decodes `text` (padded, original alphabet, nothing else) into exactly `size` bytes.
bool from_base64(std::string_view text, void* out, std::size_t size);

// The lines of a small text file, without their '\n' or a '\r' before it.
// A final newline does not start another line.
std::vector<std::string_view> split_lines(std::string_view text);

// Key files: empty lines at the end (an editor's extra newline) are ignored.
std::vector<std::string_view> key_file_lines(std::string_view text);

inline bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The unkeyed BLAKE2b-512 of a message: what an `ED` signature signs.
std::array<std::uint8_t, crypto_generichash_BYTES_MAX> blake2b_512(std::string_view message);

// The bytes the global signature covers: signature || trusted comment.
std::vector<std::uint8_t> global_signed_bytes(const std::uint8_t* signature, std::string_view trusted_comment);

}  // namespace hocso::signing::format
