#include "bundle_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
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

// What checking one entry's data found: a problem, or its SHA-256.
struct EntryCheck {
  std::optional<BundleProblem> problem;
  std::string sha256_hex;
};

// Checks the data of every entry but `skipped` (the manifest and signature,
// read already) and those `already_checked` names, against its headers and
// the manifest's SHA-256, on all cores:
// runs of neighbouring entries of about kRunBytes each, so every thread reads
// forward through the file. Results are in the layout's order, so the problems
// reported never depend on the thread count.
std::vector<EntryCheck> check_entries(const zip::InputFile& file, const zip::Layout& layout,
                                      const ManifestSummary& manifest,
                                      std::array<const zip::CentralEntry*, 2> skipped,
                                      const AlreadyChecked& already_checked) {
  constexpr std::uint64_t kRunBytes = 4u << 20;
  std::unordered_map<std::string_view, std::string_view> listed_hashes;
  for (const auto& entry : manifest.entries) listed_hashes.emplace(entry.path, entry.sha256);
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
    for (std::size_t i = runs[r].first; i < runs[r].second; ++i) {
      const zip::CentralEntry& entry = layout.entries[i];
      if (&entry == skipped[0] || &entry == skipped[1]) continue;
      const std::string_view listed = listed_hashes.at(entry.name);
      if (already_checked && already_checked(entry, listed)) {
        // Its data was checked in the bundle it was copied from; its local
        // header is this file's own.
        checks[i].problem = zip::check_local_header(file, entry);
        if (!checks[i].problem) checks[i].sha256_hex = listed;
        continue;
      }
      Sha256 hash;
      if (auto bad = zip::read_entry_data(file, entry, [&](std::string_view chunk) { hash.update(chunk); })) {
        checks[i].problem = std::move(bad);
        continue;
      }
      std::string hex = to_hex(hash.finish());
      if (hex != listed)
        checks[i].problem = BundleProblem{"entry-hash-mismatch", entry.name,
                                          fmt::format("SHA-256 {} differs from manifest.json's {}", hex, listed)};
      else
        checks[i].sha256_hex = std::move(hex);
    }
  });
  return checks;
}

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
    const std::vector<EntryCheck> checks =
        check_entries(file, layout, *manifest, {manifest_entry, signature_entry}, already_checked);
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

    return CheckedBundle{*manifest_json, check.trusted_comment, std::move(entries)};
  } catch (const std::exception& error) {
    // Out of memory or a FatalError from a lower layer: still a refusal, never a throw.
    problems.push_back({"bundle-unreadable", "", error.what()});
  }
  return std::nullopt;
}

}  // namespace hocso
