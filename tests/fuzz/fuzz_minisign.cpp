// Fuzz target: minisign texts. The input is checked as a bundle's
// manifest.json.minisig over a fixed manifest with the fuzz test key trusted
// (signing::verify), and read as a trusted public key (signing::parse_public_key),
// the two minisign texts a reader of bundles parses. Inside a bundle the
// signature is deflated, which mutations rarely keep valid: this target reaches
// the signature parser directly.
// Oracles beyond "no crash": verify never throws and says why it refused; an
// accepted signature carries a trusted comment of at most 1 KiB without a line
// break; a public key that parses prints back to a key that parses the same.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fatal.h"
#include "fuzz_support.h"
#include "signing.h"

using hocso::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const std::vector<hocso::signing::PublicKey> trusted = {
      hocso::signing::parse_public_key(hocso::fuzz::test_public_key(), "fuzz-test.pub")};
  static const std::string message = R"({"format":"hocso-bundle/1","pack":{"id":"fuzz","version":"1"},"entries":[]})";

  const hocso::signing::SignatureCheck check = hocso::signing::verify(message, text, trusted);
  if (check.ok) {
    require(check.trusted_comment.size() <= 1024, "an accepted trusted comment over 1 KiB");
    require(check.trusted_comment.find('\n') == std::string::npos, "an accepted trusted comment with a line break");
  } else {
    require(!check.reason.empty(), "a refused signature without a reason");
  }

  try {
    const hocso::signing::PublicKey key = hocso::signing::parse_public_key(text, "fuzz.pub");
    const hocso::signing::PublicKey again =
        hocso::signing::parse_public_key(hocso::signing::format_public_key(key), "printed");
    require(again.key == key.key && again.key_id == key.key_id, "a public key prints back as another key");
  } catch (const hocso::FatalError& error) {
    require(std::string_view(error.what()).find("fuzz.pub") != std::string_view::npos,
            "a key refusal that does not name the file");
  }
  return 0;
}
