#pragma once
// libzip sources of our own for the bundle writer. libzip's stock file sources
// read in 8 KiB pieces and write through a 4 KiB stdio buffer; on this kind of
// machine those system calls were a tenth of a rebuild (docs/decisions/0007).

#include <zip.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <utility>

namespace hocso {

// `length` bytes of `file` from `offset` on, read 1 MiB at a time. With
// `deflated` = (text size, CRC-32) the bytes are a raw deflate stream of a text
// of that size: the source's stat says so, and libzip copies the stream as it
// is. A file that is shorter than that when libzip reads it is a read error.
// nullptr when libzip cannot make the source.
zip_source_t* file_slice_source(zip_t* archive, const std::filesystem::path& file, std::uint64_t offset,
                                std::uint64_t length,
                                std::optional<std::pair<std::uint64_t, std::uint32_t>> deflated);

// A new, empty archive that libzip writes to `path` through a 1 MiB buffer when
// it is closed; a failed or discarded write removes the file. nullptr with
// `error` set when libzip cannot open it.
zip_t* create_archive(const std::filesystem::path& path, zip_error_t& error);

}  // namespace hocso
