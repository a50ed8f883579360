#pragma once
// Turning a source file's bytes into the text every later stage works on:
// valid UTF-8, NFC, LF line ends, no BOM.

#include <optional>
#include <string>
#include <string_view>

#include "diagnostics.h"

namespace hocso {

// Decodes the bytes of a Markdown or YAML source file. Accepts and strips a UTF-8
// BOM; turns CRLF and lone CR into LF; normalizes to NFC (ICU).
// Refuses, with a diagnostic at line:col naming `file`:
//   invalid UTF-8 [invalid-utf8], NUL and other C0/C1 control characters except
//   tab and LF [control-character], text in the legacy Vietnamese encodings TCVN3
//   (ABC) or VNI [legacy-encoding], files over `max_bytes` [file-too-large].
// Columns count code points. A UTF-16 file is refused as [invalid-utf8] at 1:1;
// invalid UTF-8 that reads as TCVN3/VNI bytes gets a message naming the encoding.
// The legacy-encoding check is a heuristic (see legacy_encoding.h) that never
// fires on proper Unicode Vietnamese.
// For [legacy-encoding] it remembers the decoded text in `diagnostics`
// (remember_source) so that the printed diagnostic shows the source line.
// Returns nullopt when it refused.
std::optional<std::string> decode_source_text(std::string_view bytes, const std::string& file,
                                              Diagnostics& diagnostics,
                                              std::size_t max_bytes = 1 << 20);

// NFC of valid UTF-8 text (ICU). Throws FatalError if ICU's data is missing.
std::string to_nfc(std::string_view utf8);

// Reads a file and decodes it as above. A file that cannot be read is an error
// [file-unreadable]; returns nullopt then too. For the source lines of later
// diagnostics, `diagnostics` is told how to read it again (not given the text).
std::optional<std::string> read_source_file(const std::string& absolute_path,
                                            const std::string& display_path,
                                            Diagnostics& diagnostics,
                                            std::size_t max_bytes = 1 << 20);

}  // namespace hocso
