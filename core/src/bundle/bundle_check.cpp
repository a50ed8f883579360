#include "bundle_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <exception>
#include <functional>
#include <stop_token>
#include <thread>
#include <unordered_map>

#include "bundle_manifest.h"
#include "fatal.h"
#include "hashing.h"
#include "minisign.h"
#include "parallel.h"
#include "zip_layout.h"

namespace hocso {
namespace {

// A .minisig file is four short lines; anything this big is not one.
constexpr std::uint64_t kMaxSignatureSize = 16 * 1024;

const zip::CentralEntry* find_entry(const zip::Layout& layout, std::string_view name) {
  for (const auto& entry : layout.entries)
    if (entry.name == name) return &entry;
  return nullptr;
}

// The whole data of a small entry (manifest, signature) whose size the limits bound.
std::optional<std::string> read_small_entry(const zip::InputFile& file, const zip::CentralEntry& entry,
                                            std::vector<BundleProblem>& problems) {
  std::string bytes;
  bytes.reserve(entry.size);
  auto bad = zip::read_entry_data(file, entry, [&](std::string_view chunk) { bytes.append(chunk); });
  if (bad) {
    problems.push_back(*bad);
    return std::nullopt;
  }
  return bytes;
}

std::vector<signing::PublicKey> parse_trusted_keys(const std::vector<std::string>& texts,
                                                   std::vector<BundleProblem>& problems) {
  std::vector<signing::PublicKey> keys;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    try {
      keys.push_back(signing::parse_public_key(texts[i], fmt::format("trusted public key {}", i + 1)));
    } catch (const FatalError& error) {
      problems.push_back({"key-invalid", "", error.what()});
    }
  }
  if (texts.empty()) problems.push_back({"signature-no-trusted-key", "", "no trusted public key was given"});
  return keys;
}

BundleEntry to_bundle_entry(const zip::CentralEntry& entry, std::string sha256_hex) {
  BundleEntry out;
  out.name = entry.name;
  out.size = entry.size;
  out.compressed_size = entry.compressed_size;
  out.deflated = entry.method == zip::kMethodDeflated;
  out.crc32 = entry.crc32;
  out.data_offset = entry.data_offset();
  out.sha256 = std::move(sha256_hex);
  return out;
}

// Every zip entry but the manifest and its signature is listed, with the right
// size; every listed path is in the zip.
void cross_check(const zip::Layout& layout, const ManifestSummary& manifest, std::vector<BundleProblem>& problems) {
  std::unordered_map<std::string_view, const ManifestEntry*> listed;
  for (const auto& entry : manifest.entries) listed.emplace(entry.path, &entry);
  for (const auto& entry : layout.entries) {
    if (entry.name == kManifestName || entry.name == kSignatureName) continue;
    const auto found = listed.find(entry.name);
    if (found == listed.end()) {
      problems.push_back({"entry-not-in-manifest", entry.name, "the entry is not listed in manifest.json"});
      continue;
    }
    if (found->second->size != entry.size)
      problems.push_back({"manifest-size-mismatch", entry.name,
                          fmt::format("manifest.json says {} bytes, the zip says {}", found->second->size, entry.size)});
    listed.erase(found);
  }
  for (const auto& entry : manifest.entries)
    if (listed.count(entry.path))
      problems.push_back({"manifest-entry-missing", entry.path, "manifest.json lists an entry the zip does not have"});
}

// What reading one entry's data found: a problem, or the SHA-256 it hashed to.
struct EntryCheck {
  std::optional<BundleProblem> problem;
  std::string sha256_hex;       // empty when checked_before
  bool checked_before = false;  // only its local header was read
};

using Skipped = std::array<const zip::CentralEntry*, 2>;  // the manifest and signature, read already

// Whether an entry's data was checked in the bundle it was copied from.
using CheckedBefore = std::function<bool(const zip::CentralEntry& entry)>;

// Reads the data of every entry but `skipped` against its headers (local
// header, size, CRC-32) and hashes it, on all cores: runs of neighbouring
// entries of about kRunBytes each, so every thread reads forward through the
// file. Those `checked_before` get their local header read, nothing more.
// Results are in the layout's order, so the problems reported never depend on
// the thread count. Stops handing out runs once `stop` is requested.
std::vector<EntryCheck> read_entries(const zip::InputFile& file, const zip::Layout& layout, Skipped skipped,
                                     const CheckedBefore& checked_before, std::stop_token stop) {
  constexpr std::uint64_t kRunBytes = 4u << 20;
  std::vector<std::pair<std::size_t, std::size_t>> runs;  // [first, last) indexes into layout.entries
  std::uint64_t run_bytes = 0;
  for (std::size_t i = 0; i < layout.entries.size(); ++i) {
    if (runs.empty() || run_bytes >= kRunBytes) {
      runs.emplace_back(i, i);
      run_bytes = 0;
    }
    runs.back().second = i + 1;
    run_bytes += layout.entries[i].compressed_size;
  }
  std::vector<EntryCheck> checks(layout.entries.size());
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  parallel_for(runs.size(), threads, [&](std::size_t r) {
    if (stop.stop_requested()) return;
    for (std::size_t i = runs[r].first; i < runs[r].second; ++i) {
      const zip::CentralEntry& entry = layout.entries[i];
      if (&entry == skipped[0] || &entry == skipped[1]) continue;
      if (checked_before && checked_before(entry)) {
        // Its local header is this file's own.
        checks[i].checked_before = true;
        checks[i].problem = zip::check_local_header(file, entry);
        continue;
      }
      Sha256 hash;
      if (auto bad = zip::read_entry_data(file, entry, [&](std::string_view chunk) { hash.update(chunk); }))
        checks[i].problem = std::move(bad);
      else
        checks[i].sha256_hex = to_hex(hash.finish());
    }
  });
  return checks;
}

// The SHA-256 the signed manifest lists for each path.
using ListedHashes = std::unordered_map<std::string_view, std::string_view>;

// Each entry's SHA-256 against the one the signed manifest lists (cross_check
// made sure it lists every entry); an entry checked before takes the listed one.
void compare_hashes(const zip::Layout& layout, const ListedHashes& listed_hashes, Skipped skipped,
                    std::vector<EntryCheck>& checks) {
  for (std::size_t i = 0; i < layout.entries.size(); ++i) {
    const zip::CentralEntry& entry = layout.entries[i];
    EntryCheck& check = checks[i];
    if (&entry == skipped[0] || &entry == skipped[1] || check.problem) continue;
    const std::string_view listed = listed_hashes.at(entry.name);
    if (check.checked_before)
      check.sha256_hex = listed;
    else if (check.sha256_hex != listed)
      check.problem = BundleProblem{"entry-hash-mismatch", entry.name,
                                    fmt::format("SHA-256 {} differs from manifest.json's {}", check.sha256_hex, listed)};
  }
}

// read_entries() on threads of its own, started before the signature and
// manifest are checked so that the hashing, most of a check's time, overlaps
// them. Destroying it before take() (a refusal on the way) stops and joins it.
class EarlyEntryRead {
 public:
  EarlyEntryRead(const zip::InputFile& file, const zip::Layout& layout, Skipped skipped)
      : thread_([this, &file, &layout, skipped](std::stop_token stop) {
          try {
            checks_ = read_entries(file, layout, skipped, {}, stop);
          } catch (...) {
            failure_ = std::current_exception();
          }
        }) {}
  EarlyEntryRead(const EarlyEntryRead&) = delete;  // the thread holds `this`
  EarlyEntryRead& operator=(const EarlyEntryRead&) = delete;

  std::vector<EntryCheck> take() {
    thread_.join();
    if (failure_) std::rethrow_exception(failure_);
    return std::move(checks_);
  }

 private:
  std::vector<EntryCheck> checks_;
  std::exception_ptr failure_;
  std::jthread thread_;  // last: started once the members above exist, joined before they go
};

}  // namespace

std::optional<CheckedBundle> check_bundle_file(const std::filesystem::path& bundle,
                                              const std::vector<std::string>& trusted_public_keys,
                                              const BundleLimits& limits, std::vector<BundleProblem>& problems,
                                              const AlreadyChecked& already_checked) {
  try {
    zip::InputFile file(bundle);
    if (!file.is_open()) {
      problems.push_back({"bundle-unreadable", "", "cannot open " + bundle.string() + " as a regular file"});
      return std::nullopt;
    }

    // 1-3: layout, names, limits, from the end record and central directory.
    const zip::Layout layout = zip::read_layout(file, limits, problems);
    if (!problems.empty()) return std::nullopt;
    const zip::CentralEntry* manifest_entry = find_entry(layout, kManifestName);
    const zip::CentralEntry* signature_entry = find_entry(layout, kSignatureName);
    if (!manifest_entry) problems.push_back({"manifest-missing", std::string(kManifestName), "the bundle has no manifest.json"});
    if (!signature_entry)
      problems.push_back({"signature-missing", std::string(kSignatureName), "the bundle has no manifest.json.minisig"});
    if (manifest_entry && manifest_entry->size > limits.max_manifest_size)
      problems.push_back({"limit-manifest-size", manifest_entry->name,
                          fmt::format("{} bytes, more than the limit of {}", manifest_entry->size, limits.max_manifest_size)});
    if (signature_entry && signature_entry->size > kMaxSignatureSize)
      problems.push_back({"limit-signature-size", signature_entry->name,
                          fmt::format("{} bytes, more than the limit of {}", signature_entry->size, kMaxSignatureSize)});
    if (!problems.empty()) return std::nullopt;

    // The entries' data is read from here on, beside stages 4 and 5, unless
    // which entries were checked before depends on the manifest.
    const Skipped skipped{manifest_entry, signature_entry};
    std::optional<EarlyEntryRead> early;
    if (!already_checked) early.emplace(file, layout, skipped);

    // 4: the signature over the exact bytes of manifest.json.
    const auto manifest_json = read_small_entry(file, *manifest_entry, problems);
    const auto signature = read_small_entry(file, *signature_entry, problems);
    if (!manifest_json || !signature) return std::nullopt;
    const auto trusted = parse_trusted_keys(trusted_public_keys, problems);
    if (!problems.empty()) return std::nullopt;
    const signing::SignatureCheck check = signing::verify(*manifest_json, *signature, trusted);
    if (!check.ok) {
      problems.push_back({"signature-invalid", signature_entry->name, check.reason});
      return std::nullopt;
    }

    // 5: the manifest, bound to the signature by the trusted comment.
    const auto manifest = parse_manifest(*manifest_json, problems);
    if (!manifest) return std::nullopt;
    const std::string expected_comment =
        bundle_trusted_comment(manifest->pack_id, manifest->pack_version, *manifest_json);
    if (check.trusted_comment != expected_comment) {
      problems.push_back({"signature-trusted-comment", signature_entry->name,
                          fmt::format("the trusted comment is \"{}\", expected \"{}\"", check.trusted_comment,
                                      expected_comment)});
      return std::nullopt;
    }
    cross_check(layout, *manifest, problems);
    if (!problems.empty()) return std::nullopt;

    // Every entry's data: local header, size, CRC-32, SHA-256.
    ListedHashes listed_hashes;
    for (const auto& entry : manifest->entries) listed_hashes.emplace(entry.path, entry.sha256);
    std::vector<EntryCheck> checks =
        early ? early->take()
              : read_entries(
                    file, layout, skipped,
                    [&](const zip::CentralEntry& entry) { return already_checked(entry, listed_hashes.at(entry.name)); },
                    {});
    compare_hashes(layout, listed_hashes, skipped, checks);
    std::vector<BundleEntry> entries;
    entries.reserve(layout.entries.size());
    for (std::size_t i = 0; i < layout.entries.size(); ++i) {
      const auto& entry = layout.entries[i];
      if (&entry == manifest_entry || &entry == signature_entry) {
        const std::string& bytes = &entry == manifest_entry ? *manifest_json : *signature;
        entries.push_back(to_bundle_entry(entry, to_hex(sha256(bytes))));
      } else if (checks[i].problem) {
        problems.push_back(*checks[i].problem);
      } else {
        entries.push_back(to_bundle_entry(entry, checks[i].sha256_hex));
      }
    }
    if (!problems.empty()) return std::nullopt;

    return CheckedBundle{*manifest_json, check.trusted_comment, manifest->pack_id, manifest->pack_version,
                         manifest->profile, std::move(entries)};
  } catch (const std::exception& error) {
    // Out of memory or a FatalError from a lower layer: still a refusal, never a throw.
    problems.push_back({"bundle-unreadable", "", error.what()});
  }
  return std::nullopt;
}

}  // namespace hocso
