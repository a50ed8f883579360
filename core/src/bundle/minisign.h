#pragma once
// The reading side of minisign (libsodium): public keys and the check of a
// signature, as bundle readers need them. Algorithm `ED` only: Ed25519 over the
// unkeyed BLAKE2b-512 of the message; the global signature covers the 64-byte
// signature followed by the trusted comment's bytes. Keys and signatures of the
// stock `minisign` tool are read as well as ours. Making keys and signing is
// the pipeline's (signing.h).

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hocso::signing {

using KeyId = std::array<std::uint8_t, 8>;

struct PublicKey {
  KeyId key_id{};
  std::array<std::uint8_t, 32> key{};
};

// "KEYID" as minisign prints it: 16 upper-case hex digits of the little-endian id.
std::string key_id_hex(const KeyId& id);

// Parses a public key: the .pub file text (comment line + base64 line), or the
// bare base64 line. Throws FatalError with a message naming `source` on bad input.
PublicKey parse_public_key(std::string_view text, const std::string& source);

struct SignatureCheck {
  bool ok = false;
  std::string reason;           // why not, when !ok (names the rule)
  std::string trusted_comment;  // when ok
  KeyId key_id{};               // of the signature
};

// Checks a .minisig text against `message` with any of `trusted` keys (the key id
// picks the key). Refuses: malformed signature file, algorithm other than `ED`,
// unknown key id, bad signature, bad global (trusted comment) signature; also a
// file over 4 KiB or a trusted comment over 1 KiB. Never throws for bad input.
SignatureCheck verify(std::string_view message, std::string_view minisig_text,
                      const std::vector<PublicKey>& trusted);

}  // namespace hocso::signing
