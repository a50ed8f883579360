#include "channel/signed_envelope.h"

#include <algorithm>

#include <fmt/format.h>

#include "hashing.h"
#include "say.h"

namespace hocso::channel {

using Json = nlohmann::ordered_json;

std::string document_trusted_comment(std::string_view format, std::string_view channel, std::uint64_t version,
                                     std::string_view signed_text) {
  return fmt::format("{} channel={} version={} sha256={}", format, channel, version, to_hex(sha256(signed_text)));
}

std::string seal(const Json& document, const std::vector<signing::SecretKey>& keys) {
  if (keys.empty() || keys.size() > kMaxSignatures) throw std::logic_error("seal: 1 to 16 keys");
  std::string signed_text = document.dump();
  std::string comment = document_trusted_comment(document.at("format").get<std::string>(),
                                                 document.at("channel").get<std::string>(),
                                                 document.at("version").get<std::uint64_t>(), signed_text);
  Json envelope = {{"signed", signed_text}, {"signatures", Json::array()}};
  for (const auto& key : keys)
    envelope["signatures"].push_back(signing::sign(signed_text, key, comment, "signature from a hocso channel key"));
  return envelope.dump() + "\n";
}

namespace {

OpenResult refuse(std::string rule, std::string message) {
  OpenResult r;
  r.refusal = {std::move(rule), std::move(message)};
  return r;
}

}  // namespace

OpenResult open_sealed(std::string_view file_text, std::string_view source, std::string_view format,
                       const RoleKeys& role) {
  Json envelope = Json::parse(file_text, nullptr, false);
  if (envelope.is_discarded() || !envelope.is_object())
    return refuse("channel-not-json",
                  say(N_("{file}: not a JSON object (an error page instead of the file?)"), fmt::arg("file", source)));
  auto signed_it = envelope.find("signed");
  auto signatures_it = envelope.find("signatures");
  if (signed_it == envelope.end() || !signed_it->is_string() || signatures_it == envelope.end() ||
      !signatures_it->is_array() || envelope.size() != 2)
    return refuse("channel-not-json",
                  say(N_("{file}: not a signed channel file (it needs exactly \"signed\" and \"signatures\")"),
                      fmt::arg("file", source)));
  const std::string& signed_text = signed_it->get_ref<const std::string&>();

  // The document is parsed only for the fields the trusted comment names; it is
  // not used unless enough signatures carry exactly that comment.
  Json document = Json::parse(signed_text, nullptr, false);
  if (document.is_discarded() || !document.is_object() || !document.contains("format") ||
      !document["format"].is_string() || !document.contains("channel") || !document["channel"].is_string() ||
      !document.contains("version") || !document["version"].is_number_unsigned())
    return refuse("channel-not-json",
                  say(N_("{file}: the signed document is not a JSON object with format, channel and version"),
                      fmt::arg("file", source)));
  if (document["format"].get<std::string>() != format)
    return refuse("channel-not-json", say(N_("{file}: format is \"{format}\", expected \"{expected}\""),
                                          fmt::arg("file", source), fmt::arg("format", document["format"].get<std::string>()),
                                          fmt::arg("expected", format)));
  std::string expected = document_trusted_comment(format, document["channel"].get<std::string>(),
                                                  document["version"].get<std::uint64_t>(), signed_text);

  std::vector<signing::KeyId> signers;
  std::size_t examined = 0;
  for (const auto& signature : *signatures_it) {
    if (++examined > kMaxSignatures) break;
    if (!signature.is_string()) continue;
    auto check = signing::verify(signed_text, signature.get_ref<const std::string&>(), role.keys);
    if (!check.ok || check.trusted_comment != expected) continue;
    if (std::find(signers.begin(), signers.end(), check.key_id) == signers.end()) signers.push_back(check.key_id);
  }
  if (signers.size() < role.threshold)
    return refuse("channel-signature",
                  fmt::format(fmt::runtime(P_("{file}: {count} valid signature of the trusted keys, {needed} needed",
                                              "{file}: {count} valid signatures of the trusted keys, {needed} needed",
                                              signers.size())),
                              fmt::arg("file", source), fmt::arg("count", signers.size()),
                              fmt::arg("needed", role.threshold)));
  OpenResult r;
  r.ok = true;
  r.opened = {signed_text, std::move(document), std::move(signers)};
  return r;
}

}  // namespace hocso::channel
