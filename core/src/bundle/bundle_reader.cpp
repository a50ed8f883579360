#include "hocso/bundle_reader.h"

#include "bundle_check.h"
#include "hashing.h"
#include "zip_layout.h"

namespace hocso {

BundleReader BundleReader::open(const std::filesystem::path& bundle,
                                const std::vector<std::string>& trusted_public_keys, const BundleLimits& limits) {
  BundleReader reader;
  reader.path_ = bundle;
  if (auto checked = check_bundle_file(bundle, trusted_public_keys, limits, reader.problems_)) {
    reader.manifest_json_ = std::move(checked->manifest_json);
    reader.trusted_comment_ = std::move(checked->trusted_comment);
    reader.pack_id_ = std::move(checked->pack_id);
    reader.pack_version_ = std::move(checked->pack_version);
    reader.profile_ = std::move(checked->profile);
    reader.entries_ = std::move(checked->entries);
  }
  return reader;
}

const BundleEntry* BundleReader::find(std::string_view name) const {
  for (const auto& entry : entries_)
    if (entry.name == name) return &entry;
  return nullptr;
}

std::optional<std::string> BundleReader::read(std::string_view name) const {
  if (!ok()) return std::nullopt;
  const BundleEntry* entry = find(name);
  if (!entry) return std::nullopt;
  try {
    zip::InputFile file(path_);
    if (!file.is_open()) return std::nullopt;
    // Only the fields open() kept; the local header must still agree with them,
    // and the data with the size, CRC-32 and SHA-256 checked when opening.
    zip::CentralEntry central;
    central.name = entry->name;
    central.method = entry->deflated ? zip::kMethodDeflated : zip::kMethodStored;
    central.crc32 = entry->crc32;
    central.compressed_size = static_cast<std::uint32_t>(entry->compressed_size);
    central.size = static_cast<std::uint32_t>(entry->size);
    central.local_header_offset =
        static_cast<std::uint32_t>(entry->data_offset - zip::kLocalHeaderSize - entry->name.size());
    std::string bytes;
    bytes.reserve(entry->size);
    Sha256 hash;
    const auto bad = zip::read_entry_data(
        file, central,
        [&](std::string_view chunk) {
          hash.update(chunk);
          bytes.append(chunk);
        },
        zip::HeaderFields::content);
    if (bad || to_hex(hash.finish()) != entry->sha256) return std::nullopt;
    return bytes;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace hocso
