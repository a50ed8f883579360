#include "source_text.h"

#include <fmt/format.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/utf8.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "fatal.h"
#include "hocso/messages.h"
#include "legacy_encoding.h"

namespace hocso {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// `"B×nh" looks like text in the TCVN3 (ABC) legacy encoding (it would read "Bình"); convert…`,
// in the writer's language; `msgid` names the sign's placeholders {word}, {encoding}, {reading}.
template <typename... Args>
std::string legacy_message(const char* msgid, const LegacyEncodingSign& sign, Args&&... args) {
  return fmt::format(fmt::runtime(_(msgid)), fmt::arg("word", sign.word),
                     fmt::arg("encoding", legacy_encoding_name(sign.encoding)), fmt::arg("reading", sign.reading),
                     std::forward<Args>(args)...);
}

// Line and column (1-based, column in code points) of byte `offset` in valid UTF-8
// text whose lines end in LF.
std::pair<int, int> position_of(std::string_view text, std::size_t offset) {
  int line = 1;
  int column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line, column};
}

bool is_control(UChar32 c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F);
}

std::string control_message(UChar32 c) {
  if (c == 0) return _("NUL character (U+0000); remove it (only tab and line breaks are allowed)");
  return fmt::format(fmt::runtime(_("control character U+{code}; remove it (only tab and line breaks are allowed)")),
                     fmt::arg("code", fmt::format("{:04X}", static_cast<unsigned>(c))));
}

std::string too_large(std::uintmax_t size, std::size_t limit) {
  return fmt::format(fmt::runtime(_("the file is too large ({size} bytes; the limit is {limit} bytes)")),
                     fmt::arg("size", size), fmt::arg("limit", limit));
}

}  // namespace

std::string to_nfc(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status) || !nfc)
    throw FatalError(std::string("ICU normalization data is missing: ") + u_errorName(status));
  icu::StringPiece input(utf8.data(), static_cast<int32_t>(utf8.size()));
  if (nfc->isNormalizedUTF8(input, status) && U_SUCCESS(status)) return std::string(utf8);
  status = U_ZERO_ERROR;
  std::string out;
  out.reserve(utf8.size());
  icu::StringByteSink<std::string> sink(&out);
  nfc->normalizeUTF8(0, input, sink, nullptr, status);
  if (U_FAILURE(status))
    throw FatalError(std::string("cannot normalize text: ") + u_errorName(status));
  return out;
}

std::optional<std::string> decode_source_text(std::string_view bytes, const std::string& file,
                                              Diagnostics& diagnostics, std::size_t max_bytes) {
  if (bytes.size() > max_bytes) {
    diagnostics.error({file, 0, 0}, too_large(bytes.size(), max_bytes), "file-too-large");
    return std::nullopt;
  }
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    diagnostics.error({file, 1, 1}, _("the file is in UTF-16, not UTF-8; save it as Unicode (UTF-8)"), "invalid-utf8");
    return std::nullopt;
  }
  if (bytes.starts_with(kUtf8Bom)) bytes.remove_prefix(kUtf8Bom.size());

  // One pass: validate, find control characters, turn CRLF and CR into LF.
  std::string text;
  text.reserve(bytes.size());
  const auto* s = reinterpret_cast<const std::uint8_t*>(bytes.data());
  const std::size_t length = bytes.size();
  int line = 1;
  int column = 1;
  for (std::size_t i = 0; i < length;) {
    const std::size_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0) {
      const std::string byte = fmt::format("{:02X}", s[start]);
      std::string message;
      if (auto sign = detect_legacy_encoding_in_bytes(bytes))
        message = legacy_message(N_("invalid UTF-8 (byte 0x{byte}): \"{word}\" looks like text in the {encoding} "
                                    "legacy encoding (it would read \"{reading}\"); convert the file to Unicode "
                                    "(UTF-8), e.g. with UniKey's converter"),
                                 *sign, fmt::arg("byte", byte));
      else
        message = fmt::format(fmt::runtime(_("invalid UTF-8 (byte 0x{byte}); save the file as Unicode (UTF-8)")),
                              fmt::arg("byte", byte));
      diagnostics.error({file, line, column}, std::move(message), "invalid-utf8");
      return std::nullopt;
    }
    if (c == '\r') {
      if (i < length && s[i] == '\n') ++i;
      c = '\n';
    }
    if (is_control(c)) {
      diagnostics.error({file, line, column}, control_message(c), "control-character");
      return std::nullopt;
    }
    if (c == '\n') {
      text += '\n';
      ++line;
      column = 1;
    } else {
      text.append(bytes.substr(start, i - start));
      ++column;
    }
  }

  text = to_nfc(text);
  if (auto sign = detect_legacy_encoding(text)) {
    auto [sign_line, sign_column] = position_of(text, sign.value().offset);
    diagnostics.error({file, sign_line, sign_column},
                      legacy_message(N_("\"{word}\" looks like text in the {encoding} legacy encoding (it would "
                                        "read \"{reading}\"); convert the file to Unicode (UTF-8), e.g. with "
                                        "UniKey's converter"),
                                     *sign),
                      "legacy-encoding");
    diagnostics.remember_source(file, text);
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> read_source_file(const std::string& absolute_path,
                                            const std::string& display_path,
                                            Diagnostics& diagnostics, std::size_t max_bytes) {
  auto unreadable = [&](const std::string& why) {
    diagnostics.error({display_path, 0, 0},
                      fmt::format(fmt::runtime(_("cannot read the file: {reason}")), fmt::arg("reason", why)),
                      "file-unreadable");
    return std::nullopt;
  };
  std::error_code error;
  auto status = std::filesystem::status(absolute_path, error);
  if (error) return unreadable(error.message());
  if (!std::filesystem::is_regular_file(status)) return unreadable(_("it is not a regular file"));

  std::ifstream in(absolute_path, std::ios::binary);
  if (!in) return unreadable(std::strerror(errno));
  // Read at most one byte past the limit: enough to refuse, never the whole of a huge file.
  std::string bytes;
  char buffer[1 << 16];
  while (in && bytes.size() <= max_bytes) {
    in.read(buffer, sizeof buffer);
    bytes.append(buffer, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) return unreadable(std::strerror(errno));
  if (bytes.size() > max_bytes) {
    auto size = std::filesystem::file_size(absolute_path, error);
    diagnostics.error({display_path, 0, 0}, too_large(error ? bytes.size() : size, max_bytes), "file-too-large");
    return std::nullopt;
  }
  auto text = decode_source_text(bytes, display_path, diagnostics, max_bytes);
  // For the lines of later diagnostics, the file is read again when one is printed.
  if (text)
    diagnostics.remember_source_file(display_path, [absolute_path, display_path, max_bytes]() {
      Diagnostics ignored;
      return read_source_file(absolute_path, display_path, ignored, max_bytes);
    });
  return text;
}

}  // namespace hocso
