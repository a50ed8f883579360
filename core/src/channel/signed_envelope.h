#pragma once
// Signed envelopes (docs/channel-format.md, section 2): a channel document's
// JSON text and the minisign signatures over its exact bytes, in one file, so
// that no reader or cache ever pairs a document with another's signatures.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "signing.h"

namespace hocso::channel {

inline constexpr std::size_t kMaxSignatures = 16;

// The keys of one role and how many of them must sign.
struct RoleKeys {
  std::vector<signing::PublicKey> keys;
  std::size_t threshold = 1;
};

// "<format> channel=<channel> version=<version> sha256=<hex of signed_text>":
// the trusted comment every signature of a document carries.
std::string document_trusted_comment(std::string_view format, std::string_view channel, std::uint64_t version,
                                     std::string_view signed_text);

// The envelope's text for `signed_text` signed by each of `keys` (at most 16).
// The document must hold string `format` and `channel` and integer `version`.
std::string seal(const nlohmann::ordered_json& document, const std::vector<signing::SecretKey>& keys);

// A refusal: the rule (docs/channel-format.md, section 5) and what was wrong.
struct Refusal {
  std::string rule;
  std::string message;
};

struct Opened {
  std::string signed_text;              // the document's exact bytes
  nlohmann::ordered_json document;      // parsed from signed_text after the signatures passed
  std::vector<signing::KeyId> signers;  // the role's keys whose signatures counted
};

// Opens an envelope read from `source` (named in messages) and checks that at
// least role.threshold distinct keys of `role` signed it with the trusted
// comment of the document it holds, and that the document's `format` is
// `format`. Malformed signatures, other keys and repeated keys do not count.
// Never throws for bad input: a Refusal names the rule (channel-not-json,
// channel-signature).
struct OpenResult {
  bool ok = false;
  Opened opened;
  Refusal refusal;
};
OpenResult open_sealed(std::string_view file_text, std::string_view source, std::string_view format,
                       const RoleKeys& role);

}  // namespace hocso::channel
