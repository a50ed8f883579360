#pragma once
// minisign-compatible keys and signatures (libsodium): the pipeline's side,
// making keys, reading key files and signing. The reading side (public keys,
// verify) is the reader library's, minisign.h, which this header includes.
// Files written here are read by the stock `minisign` tool and vice versa.

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "minisign.h"

namespace hocso::signing {

// The secret key wipes its bytes when destroyed.
class SecretKey {
 public:
  SecretKey() = default;
  SecretKey(const SecretKey&);
  SecretKey& operator=(const SecretKey&);
  ~SecretKey();
  KeyId key_id{};
  std::array<std::uint8_t, 64> key{};  // libsodium's Ed25519 secret key (seed + public key)
  PublicKey public_key() const;
};

struct KeyPair {
  PublicKey public_key;
  SecretKey secret_key;
};

// A new random key pair (random 8-byte key id). Throws FatalError only if
// libsodium cannot start.
KeyPair generate_key_pair();

// The text of NAME.pub, as `minisign -G` writes it (minisign 0.11 drops leading
// zeros of the id in the comment line, which no reader looks at; we print 16 digits).
std::string format_public_key(const PublicKey& key);
// The text of NAME.key. With a password: scrypt-encrypted as minisign does
// (opslimit 33554432, memlimit 1 GiB). Without: kdf "\0\0", like `minisign -G -W`
// (whose checksum is all zero; ours is filled in). FatalError if scrypt fails.
std::string format_secret_key(const SecretKey& key, const std::optional<std::string>& password);

// scrypt cost of an encrypted secret key. minisign_kdf_limits is what `minisign -G`
// uses; parse_secret_key refuses files that ask for more (they would take minutes
// or more than 1 GiB). Cheaper limits are for tests: minisign reads them from the file.
struct KdfLimits {
  std::uint64_t opslimit = 0;
  std::uint64_t memlimit = 0;
};
KdfLimits minisign_kdf_limits();
// format_secret_key with a password and chosen scrypt limits. Throws FatalError
// if the key derivation fails (out of memory).
std::string format_secret_key(const SecretKey& key, const std::string& password, const KdfLimits& limits);

// Reads and parses NAME.pub (at most 4 KiB); FatalError naming the file on failure.
PublicKey load_public_key(const std::filesystem::path& file);

// Where a password for an encrypted secret key comes from, in this order:
// the HOCSO_KEY_PASSWORD environment variable, then a prompt on the terminal
// (no echo) when stdin is a terminal. Otherwise FatalError.
// The prompt names `key_file`; a password is at most 1023 bytes, like minisign's.
// `again` asks a second time ("Password for NAME.key again: ").
std::string password_for(const std::filesystem::path& key_file, bool again = false);

// Loads NAME.key (ours or the stock minisign's, encrypted or not), checks its
// checksum and throws FatalError naming the file on any problem (wrong password
// shows as a checksum mismatch).
// Asks for a password (password_for) only when the key is encrypted. At most 4 KiB.
SecretKey load_secret_key(const std::filesystem::path& file);
// The same for the text of NAME.key; `password` is used only if the key is encrypted.
SecretKey parse_secret_key(std::string_view text, const std::string& source,
                           const std::optional<std::string>& password);

// The .minisig text for `message` (4 lines, algorithm `ED`). Throws FatalError
// if a comment has a line break or NUL byte, or the trusted comment is over 1 KiB.
std::string sign(std::string_view message, const SecretKey& key, const std::string& trusted_comment,
                 const std::string& untrusted_comment = "signature from hocso secret key");

}  // namespace hocso::signing
