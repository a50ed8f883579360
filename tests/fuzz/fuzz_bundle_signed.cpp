// Fuzz target: bundles whose manifest is signed whatever it says, to reach
// what the reader checks after the signature: the manifest's JSON and fields,
// the trusted comment, the manifest against the zip's entries, every entry's
// size and SHA-256, and reading entries back.
//
// The input is a manifest and entries, separated by NUL bytes:
//   MANIFEST \0 NAME \0 CONTENT \0 NAME \0 CONTENT ...
// (entries under media/ are stored, others deflated, as a build does). The
// target writes them with BundleWriter (the canonical layout), signs the
// manifest with the fuzz test key and a trusted comment naming the pack id and
// version the manifest states, and opens the bundle. Names BundleWriter refuses
// are a caller's bug there, so such inputs are skipped.
// Oracles beyond "no crash": an accepted bundle has exactly these entries plus
// the manifest and signature, each reading back as written, and the manifest
// and trusted comment as signed; a refused one says why.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bundle_manifest.h"
#include "bundle_writer.h"
#include "fatal.h"
#include "fuzz_support.h"
#include "hocso/bundle_reader.h"
#include "signing.h"

namespace {

namespace fs = std::filesystem;
using hocso::fuzz::require;

constexpr std::size_t kMaxEntries = 64;

std::string pack_field(const nlohmann::json& manifest, const char* key) {
  if (!manifest.is_object()) return "";
  const auto pack = manifest.find("pack");
  if (pack == manifest.end() || !pack->is_object()) return "";
  const auto value = pack->find(key);
  return value != pack->end() && value->is_string() ? value->get<std::string>() : "";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t end = input.find('\0', start);
    parts.push_back(input.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  const std::string manifest(parts[0]);
  std::map<std::string, std::string> files;
  for (std::size_t i = 1; i + 1 < parts.size() && files.size() < kMaxEntries; i += 2)
    files.emplace(std::string(parts[i]), std::string(parts[i + 1]));

  const nlohmann::json parsed = nlohmann::json::parse(manifest, nullptr, false);
  std::string comment =
      hocso::bundle_trusted_comment(pack_field(parsed, "id"), pack_field(parsed, "version"), manifest);
  std::string signature;
  try {
    signature = hocso::signing::sign(manifest, hocso::fuzz::test_secret_key(), comment);
  } catch (const hocso::FatalError&) {
    // An id or version with a line break cannot be a trusted comment: sign
    // without them, which the reader must refuse.
    comment = hocso::bundle_trusted_comment("", "", manifest);
    signature = hocso::signing::sign(manifest, hocso::fuzz::test_secret_key(), comment);
  }

  const fs::path dir = hocso::fuzz::scratch_dir() / "signed";
  const fs::path bundle = dir / "fuzz.hocso";
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir / "staging");
  try {
    hocso::BundleWriter writer(bundle, dir / "staging", 1747267200);
    for (const auto& [name, content] : files)
      writer.add(name, content, name.starts_with("media/") ? hocso::Compression::store : hocso::Compression::deflate);
    writer.add(std::string(hocso::kManifestName), manifest, hocso::Compression::deflate);
    writer.add(std::string(hocso::kSignatureName), signature, hocso::Compression::deflate);
    writer.finish();
  } catch (const hocso::FatalError&) {
    return -1;  // a name or a size the writer never writes
  }

  const auto reader = hocso::BundleReader::open(bundle, {hocso::fuzz::test_public_key()});
  if (!reader.ok()) {
    for (const auto& problem : reader.problems())
      require(!problem.rule.empty() && !problem.message.empty(), "a refusal without a rule or a message");
    require(reader.entries().empty() && !reader.read(hocso::kManifestName).has_value(),
            "a refused bundle gives content");
    return 0;
  }
  require(reader.entries().size() == files.size() + 2, "an accepted bundle has other entries than were written");
  require(reader.manifest_json() == manifest, "an accepted bundle has another manifest");
  require(reader.trusted_comment() == comment, "an accepted bundle has another trusted comment");
  for (const auto& [name, content] : files) require(reader.read(name) == content, "an entry reads back changed");
  require(reader.read(hocso::kSignatureName) == signature, "the signature reads back changed");
  return 0;
}
