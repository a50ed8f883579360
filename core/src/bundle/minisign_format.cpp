#include "minisign_format.h"

#include "fatal.h"

namespace hocso::signing::format {

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw FatalError("cannot initialise libsodium");
}

bool from_base64(std::string_view text, void* out, std::size_t size) {
  std::size_t decoded = 0;
  const char* end = nullptr;
  if (sodium_base642bin(static_cast<unsigned char*>(out), size, text.data(), text.size(), nullptr,
                        &decoded, &end, sodium_base64_VARIANT_ORIGINAL) != 0)
    return false;
  return decoded == size && end == text.data() + text.size();
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (newline == std::string_view::npos) break;
    text.remove_prefix(newline + 1);
  }
  return lines;
}

std::vector<std::string_view> key_file_lines(std::string_view text) {
  std::vector<std::string_view> lines = split_lines(text);
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

std::array<std::uint8_t, crypto_generichash_BYTES_MAX> blake2b_512(std::string_view message) {
  std::array<std::uint8_t, crypto_generichash_BYTES_MAX> digest{};
  crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(message.data()),
                     message.size(), nullptr, 0);
  return digest;
}

std::vector<std::uint8_t> global_signed_bytes(const std::uint8_t* signature, std::string_view trusted_comment) {
  std::vector<std::uint8_t> bytes(crypto_sign_BYTES + trusted_comment.size());
  std::memcpy(bytes.data(), signature, crypto_sign_BYTES);
  if (!trusted_comment.empty())
    std::memcpy(bytes.data() + crypto_sign_BYTES, trusted_comment.data(), trusted_comment.size());
  return bytes;
}

}  // namespace hocso::signing::format
