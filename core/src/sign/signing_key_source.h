#pragma once
// Which secret key `hocso build` signs with.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "signing.h"

namespace hocso {

struct ChosenKey {
  signing::SecretKey key;
  std::string source;             // what to tell the user, in the reader's language: "key ci.key", "development key .hocso/dev.key"
  std::filesystem::path file;     // the development key's file (display_path), for build's note
  bool development = false;       // the automatic development key
  bool created = false;           // the development key was created just now
  std::filesystem::path public_key_file;  // NAME.pub when known (to print how to verify)
  std::vector<std::string> warnings;      // e.g. a key file other users can read
};

// In order: `key_file` (--key), the HOCSO_KEY_FILE environment variable (a path),
// the HOCSO_SECRET_KEY environment variable (the text of a .key file); else the
// development key pair <project_dir>/.hocso/dev.key + dev.pub, created
// (unencrypted, mode 0600) if missing. Encrypted keys take their password from
// HOCSO_KEY_PASSWORD or a prompt. Throws FatalError when a key cannot be used,
// also when a NAME.pub beside NAME.key is not its public key (bundles signed
// with it would be refused by whoever trusts that .pub).
ChosenKey choose_signing_key(const std::optional<std::filesystem::path>& key_file,
                             const std::filesystem::path& project_dir);

// Whether a key is given (`key_file`, or a non-empty HOCSO_KEY_FILE or
// HOCSO_SECRET_KEY), so that choose_signing_key() does not need project_dir.
bool signing_key_given(const std::optional<std::filesystem::path>& key_file);

// Writes NAME.pub and NAME.key (refusing to overwrite either); the key is
// encrypted with `password` unless it is nullopt. Throws FatalError.
void write_key_pair(const std::filesystem::path& name, const signing::KeyPair& pair,
                    const std::optional<std::string>& password);

}  // namespace hocso
