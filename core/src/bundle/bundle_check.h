#pragma once
// The checks a bundle file passes before anything in it is used, in the order
// docs/bundle-format.md gives them: the zip layout, names and limits; the
// signature over manifest.json with a trusted key and its trusted comment;
// the manifest against the zip; every entry's local header, size, CRC-32 and
// SHA-256. BundleReader::open runs them; the builder runs them on what it
// wrote, with the entries it copied from a checked bundle already checked.
// The entries' data is read and hashed on the other cores while the signature
// and manifest are checked; what it found counts only once they passed.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hocso/bundle_reader.h"

namespace hocso {

namespace zip {
struct CentralEntry;
}

// What a bundle that passed holds.
struct CheckedBundle {
  std::string manifest_json;
  std::string trusted_comment;
  std::string pack_id, pack_version, profile;  // from the manifest
  std::vector<BundleEntry> entries;  // in file order
};

// Whether an entry's data was checked before, given the entry as this file's
// central directory states it and the SHA-256 the signed manifest lists for it:
// then only its local header is read. A builder's entries copied as they were
// stored from a bundle it checked when writing it (decision 0026). Called
// from several threads at once.
using AlreadyChecked = std::function<bool(const zip::CentralEntry& entry, std::string_view listed_sha256)>;

// Runs every check on `bundle`; the problems found are appended to `problems`
// (all of one stage, then it stops). Never throws.
std::optional<CheckedBundle> check_bundle_file(const std::filesystem::path& bundle,
                                              const std::vector<std::string>& trusted_public_keys,
                                              const BundleLimits& limits, std::vector<BundleProblem>& problems,
                                              const AlreadyChecked& already_checked = {});

}  // namespace hocso
