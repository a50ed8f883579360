#include "minisign.h"

#include <cstring>

#include "fatal.h"
#include "minisign_format.h"

namespace hocso::signing {

using namespace format;

namespace {

SignatureCheck refuse(SignatureCheck check, std::string reason) {
  check.ok = false;
  check.reason = std::move(reason);
  check.trusted_comment.clear();
  return check;
}

}  // namespace

std::string key_id_hex(const KeyId& id) {
  static const char digits[] = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = id.size(); i-- > 0;) {
    out += digits[id[i] >> 4];
    out += digits[id[i] & 15];
  }
  return out;
}

PublicKey parse_public_key(std::string_view text, const std::string& source) {
  ensure_sodium();
  const std::string bad = source + ": not a minisign public key: ";
  if (text.size() > kMaxKeyFileBytes)
    throw FatalError(bad + "larger than " + std::to_string(kMaxKeyFileBytes) + " bytes");
  const std::vector<std::string_view> lines = key_file_lines(text);
  std::string_view key_line;
  if (lines.size() == 2) {
    if (!starts_with(lines[0], kUntrustedPrefix))
      throw FatalError(bad + "line 1 must start with \"" + std::string(kUntrustedPrefix) + "\"");
    key_line = lines[1];
  } else if (lines.size() == 1) {
    if (starts_with(lines[0], kUntrustedPrefix)) throw FatalError(bad + "the key line is missing (truncated file?)");
    key_line = lines[0];
    // A bare key may come from a command line or an environment variable.
    while (!key_line.empty() && (key_line.front() == ' ' || key_line.front() == '\t')) key_line.remove_prefix(1);
    while (!key_line.empty() && (key_line.back() == ' ' || key_line.back() == '\t')) key_line.remove_suffix(1);
  } else {
    throw FatalError(bad + "expected a comment line and a key line, found " + std::to_string(lines.size()) +
                     " lines");
  }
  PublicKeyBlob blob{};
  if (!from_base64(key_line, &blob, sizeof blob))
    throw FatalError(bad + "the key line is not base64 of " + std::to_string(sizeof blob) + " bytes");
  if (std::memcmp(blob.sig_alg, kSignatureAlgorithm, 2) != 0)
    throw FatalError(bad + "unsupported signature algorithm (expected \"Ed\")");
  PublicKey key;
  std::memcpy(key.key_id.data(), blob.key_id, key.key_id.size());
  std::memcpy(key.key.data(), blob.key, key.key.size());
  return key;
}

SignatureCheck verify(std::string_view message, std::string_view minisig_text,
                      const std::vector<PublicKey>& trusted) {
  ensure_sodium();
  SignatureCheck check;
  if (minisig_text.size() > kMaxSignatureFileBytes)
    return refuse(check, "signature file is larger than " + std::to_string(kMaxSignatureFileBytes) + " bytes");
  const std::vector<std::string_view> lines = split_lines(minisig_text);
  if (lines.size() != 4)
    return refuse(check, "malformed signature file: expected 4 lines, found " + std::to_string(lines.size()));
  if (!starts_with(lines[0], kUntrustedPrefix))
    return refuse(check, "malformed signature file: line 1 must start with \"" + std::string(kUntrustedPrefix) +
                             "\"");
  if (!starts_with(lines[2], kTrustedPrefix))
    return refuse(check, "malformed signature file: line 3 must start with \"" + std::string(kTrustedPrefix) +
                             "\"");
  const std::string_view trusted_comment = lines[2].substr(kTrustedPrefix.size());
  if (trusted_comment.size() > kMaxTrustedCommentBytes)
    return refuse(check, "trusted comment is longer than " + std::to_string(kMaxTrustedCommentBytes) + " bytes");
  if (trusted_comment.find('\0') != std::string_view::npos)
    return refuse(check, "malformed signature file: NUL byte in the trusted comment");

  SignatureBlob blob{};
  if (!from_base64(lines[1], &blob, sizeof blob))
    return refuse(check, "malformed signature file: line 2 is not base64 of " + std::to_string(sizeof blob) +
                             " bytes");
  std::memcpy(check.key_id.data(), blob.key_id, check.key_id.size());
  if (std::memcmp(blob.sig_alg, kSignatureAlgorithm, 2) == 0)
    return refuse(check, "legacy signature algorithm \"Ed\" (not prehashed): only \"ED\" is accepted");
  if (std::memcmp(blob.sig_alg, kPrehashedAlgorithm, 2) != 0)
    return refuse(check, "unsupported signature algorithm: only \"ED\" is accepted");
  Signature global{};
  if (!from_base64(lines[3], global.data(), global.size()))
    return refuse(check, "malformed signature file: line 4 is not base64 of " + std::to_string(global.size()) +
                             " bytes");

  std::vector<const PublicKey*> candidates;
  for (const PublicKey& key : trusted)
    if (key.key_id == check.key_id) candidates.push_back(&key);
  if (candidates.empty())
    return refuse(check, "unknown key id " + key_id_hex(check.key_id) + ": no trusted public key has it");

  const auto digest = blake2b_512(message);
  const std::vector<std::uint8_t> global_bytes = global_signed_bytes(blob.signature, trusted_comment);
  bool signature_ok = false;
  for (const PublicKey* key : candidates) {
    if (crypto_sign_verify_detached(blob.signature, digest.data(), digest.size(), key->key.data()) != 0) continue;
    signature_ok = true;
    if (crypto_sign_verify_detached(global.data(), global_bytes.data(), global_bytes.size(), key->key.data()) ==
        0) {
      check.ok = true;
      check.trusted_comment = std::string(trusted_comment);
      return check;
    }
  }
  if (!signature_ok)
    return refuse(check, "signature does not match the message and the public key " + key_id_hex(check.key_id));
  return refuse(check, "global signature does not match the trusted comment (was it edited?)");
}

}  // namespace hocso::signing
