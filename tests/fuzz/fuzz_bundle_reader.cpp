// Fuzz target: any bytes opened as a bundle, as `hocso verify`, `hocso serve`
// and apps open one: zip layout and names, limits, the manifest and its
// signature entries (inflated), the minisign signature against the fuzz test
// key, then the manifest and every entry. Seeds are bundles signed with that
// key, so a mutation that keeps the signed manifest intact reaches the checks
// after the signature (see fuzz_bundle_signed.cpp for a target that re-signs).
// Oracles beyond "no crash": a refused bundle gives no content and says why
// (a rule and a message); an accepted one reads back every entry it lists with
// the size and SHA-256 it states.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "hashing.h"
#include "hocso/bundle_reader.h"

using hocso::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const hocso::fuzz::MemoryFile file(std::string_view(reinterpret_cast<const char*>(data), size));
  const auto reader = hocso::BundleReader::open(file.path(), {hocso::fuzz::test_public_key()});
  if (!reader.ok()) {
    for (const auto& problem : reader.problems())
      require(!problem.rule.empty() && !problem.message.empty(), "a refusal without a rule or a message");
    require(reader.entries().empty() && reader.manifest_json().empty(), "a refused bundle gives content");
    require(!reader.read("manifest.json").has_value(), "a refused bundle reads an entry");
    return 0;
  }
  require(reader.find("manifest.json") && reader.find("manifest.json.minisig"), "accepted without a manifest");
  for (const auto& entry : reader.entries()) {
    const auto bytes = reader.read(entry.name);
    require(bytes.has_value(), "an accepted entry cannot be read");
    require(bytes->size() == entry.size, "an entry reads with another size");
    require(hocso::to_hex(hocso::sha256(*bytes)) == entry.sha256, "an entry reads with another SHA-256");
  }
  return 0;
}
