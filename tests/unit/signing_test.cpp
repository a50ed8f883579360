// Signing: our own round trips and refusals, and interoperability with the stock
// minisign 0.11 tool (/usr/bin/minisign) in both directions.

#include "signing.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "fatal.h"
#include "test_files.h"

namespace fs = std::filesystem;
using namespace hocso::signing;
using hocso::FatalError;

namespace {

const char* const kMinisign = "/usr/bin/minisign";

using hocso::test::ScopedEnv;
using hocso::test::TempDir;
using hocso::test::write_bytes;

std::string read_file(const fs::path& file) {
  REQUIRE(fs::is_regular_file(file));
  return hocso::test::read_bytes(file);
}

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

CommandResult run(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::vector<std::uint8_t> base64_decode(std::string_view text) {
  std::vector<std::uint8_t> out(text.size());
  std::size_t size = 0;
  REQUIRE(sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &size, nullptr,
                            sodium_base64_VARIANT_ORIGINAL) == 0);
  out.resize(size);
  return out;
}

std::string base64_encode(const std::vector<std::uint8_t>& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

// Replaces the base64 line `index` of `text` by what `edit` makes of its bytes.
template <typename Edit>
std::string edit_base64_line(const std::string& text, std::size_t index, Edit edit) {
  std::vector<std::string> lines = lines_of(text);
  std::vector<std::uint8_t> bytes = base64_decode(lines.at(index));
  edit(bytes);
  lines.at(index) = base64_encode(bytes);
  return join_lines(lines);
}

std::uint64_t le64(const std::vector<std::uint8_t>& bytes, std::size_t offset) {
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | bytes.at(offset + static_cast<std::size_t>(i));
  return value;
}

// Cheap scrypt for tests: minisign reads the limits from the key file.
KdfLimits cheap_kdf() {
  return {crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_MIN, crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_MIN};
}

template <typename F>
std::string fatal_message(F&& f) {
  try {
    f();
  } catch (const FatalError& e) {
    return e.what();
  }
  return "(no FatalError)";
}

// stdin reads from /dev/null for the scope (so it is not a terminal).
class StdinFromDevNull {
 public:
  StdinFromDevNull() : saved_(dup(STDIN_FILENO)) {
    const int null_fd = open("/dev/null", O_RDONLY);
    REQUIRE(null_fd >= 0);
    dup2(null_fd, STDIN_FILENO);
    close(null_fd);
  }
  ~StdinFromDevNull() {
    dup2(saved_, STDIN_FILENO);
    close(saved_);
  }
  StdinFromDevNull(const StdinFromDevNull&) = delete;
  StdinFromDevNull& operator=(const StdinFromDevNull&) = delete;

 private:
  int saved_;
};

// Both halves of `a` and `b` are the same key.
void check_same_key(const SecretKey& a, const SecretKey& b) {
  CHECK(a.key_id == b.key_id);
  CHECK(a.key == b.key);
}

const std::string kMessage = "{\"pack\":\"vneid-co-ban\",\"version\":\"1.0.0\"}\n";
// Tab and Vietnamese text: the comment must come back byte for byte.
const std::string kComment = "timestamp:1700000000\tfile:manifest.json\tpack:Định danh điện tử";

}  // namespace

TEST_CASE("key_id_hex prints the little-endian id as minisign does") {
  const KeyId id{0x24, 0x8e, 0xc0, 0x9c, 0x70, 0x7d, 0xed, 0x24};
  CHECK(key_id_hex(id) == "24ED7D709CC08E24");
}

TEST_CASE("unencrypted keys and signatures round-trip") {
  const KeyPair pair = generate_key_pair();
  CHECK(pair.secret_key.public_key().key == pair.public_key.key);
  CHECK(pair.secret_key.public_key().key_id == pair.public_key.key_id);

  const std::string pub_text = format_public_key(pair.public_key);
  CHECK(pub_text.rfind("untrusted comment: minisign public key " + key_id_hex(pair.public_key.key_id) + "\n", 0) ==
        0);
  const PublicKey pub = parse_public_key(pub_text, "test.pub");
  CHECK(pub.key_id == pair.public_key.key_id);
  CHECK(pub.key == pair.public_key.key);
  // The bare base64 line (as for `minisign -P`) parses too.
  CHECK(parse_public_key(lines_of(pub_text).at(1), "inline").key == pair.public_key.key);

  const std::string key_text = format_secret_key(pair.secret_key, std::nullopt);
  const std::vector<std::string> key_lines = lines_of(key_text);
  REQUIRE(key_lines.size() == 2);
  CHECK(key_lines[0] == "untrusted comment: minisign encrypted secret key");
  const std::vector<std::uint8_t> blob = base64_decode(key_lines[1]);
  REQUIRE(blob.size() == 158);
  CHECK(std::string(blob.begin(), blob.begin() + 2) == "Ed");
  CHECK(blob[2] == 0);  // kdf "\0\0": not encrypted
  CHECK(blob[3] == 0);
  CHECK(std::string(blob.begin() + 4, blob.begin() + 6) == "B2");
  check_same_key(parse_secret_key(key_text, "test.key", std::nullopt), pair.secret_key);

  const std::string minisig = sign(kMessage, pair.secret_key, kComment);
  const std::vector<std::string> sig_lines = lines_of(minisig);
  REQUIRE(sig_lines.size() == 4);
  CHECK(sig_lines[0] == "untrusted comment: signature from hocso secret key");
  CHECK(sig_lines[2] == "trusted comment: " + kComment);
  CHECK(base64_decode(sig_lines[1]).at(0) == 'E');
  CHECK(base64_decode(sig_lines[1]).at(1) == 'D');

  const SignatureCheck check = verify(kMessage, minisig, {pub});
  CHECK(check.reason == "");
  CHECK(check.ok);
  CHECK(check.trusted_comment == kComment);
  CHECK(check.key_id == pair.public_key.key_id);

  // The right key is picked among several by its id.
  const KeyPair other = generate_key_pair();
  CHECK(verify(kMessage, minisig, {other.public_key, pub}).ok);
  // An empty message and an empty trusted comment are fine.
  CHECK(verify("", sign("", pair.secret_key, ""), {pub}).ok);
}

TEST_CASE("encrypted secret keys round-trip and a wrong password is a checksum mismatch") {
  const KeyPair pair = generate_key_pair();
  const std::string key_text = format_secret_key(pair.secret_key, std::string("mật khẩu 123"), cheap_kdf());
  const std::vector<std::uint8_t> blob = base64_decode(lines_of(key_text).at(1));
  REQUIRE(blob.size() == 158);
  CHECK(std::string(blob.begin() + 2, blob.begin() + 4) == "Sc");
  CHECK(le64(blob, 38) == cheap_kdf().opslimit);
  CHECK(le64(blob, 46) == cheap_kdf().memlimit);
  // The secret key does not appear in clear.
  CHECK(std::search(blob.begin(), blob.end(), pair.secret_key.key.begin(), pair.secret_key.key.begin() + 16) ==
        blob.end());

  check_same_key(parse_secret_key(key_text, "enc.key", std::string("mật khẩu 123")), pair.secret_key);
  CHECK(fatal_message([&] { parse_secret_key(key_text, "enc.key", std::string("mat khau 123")); }) ==
        "enc.key: wrong password for this secret key (checksum mismatch)");
  CHECK(fatal_message([&] { parse_secret_key(key_text, "enc.key", std::nullopt); }) ==
        "enc.key: the secret key is encrypted and no password was given");

  SUBCASE("load_secret_key takes the password from HOCSO_KEY_PASSWORD") {
    TempDir dir;
    write_bytes(dir / "enc.key", key_text);
    ScopedEnv password("HOCSO_KEY_PASSWORD", "mật khẩu 123");
    check_same_key(load_secret_key(dir / "enc.key"), pair.secret_key);
  }
  SUBCASE("without the variable and without a terminal, load_secret_key says how to give it") {
    TempDir dir;
    write_bytes(dir / "enc.key", key_text);
    ScopedEnv password("HOCSO_KEY_PASSWORD", nullptr);
    StdinFromDevNull no_terminal;
    CHECK(fatal_message([&] { load_secret_key(dir / "enc.key"); }) ==
          (dir / "enc.key").string() +
              " is encrypted: set HOCSO_KEY_PASSWORD to its password, or run from a terminal to be asked for it");
    // An unencrypted key needs no password at all.
    write_bytes(dir / "plain.key", format_secret_key(pair.secret_key, std::nullopt));
    check_same_key(load_secret_key(dir / "plain.key"), pair.secret_key);
  }
  SUBCASE("scrypt parameters above minisign's are refused before deriving anything") {
    const std::string greedy = edit_base64_line(key_text, 1, [](std::vector<std::uint8_t>& b) { b.at(53) = 1; });
    CHECK(fatal_message([&] { parse_secret_key(greedy, "greedy.key", std::string("x")); }) ==
          "greedy.key: not a minisign secret key: its scrypt parameters ask for more than minisign's (1024 MiB)");
  }
}

TEST_CASE("password_for prefers HOCSO_KEY_PASSWORD") {
  ScopedEnv password("HOCSO_KEY_PASSWORD", "từ biến môi trường");
  CHECK(password_for("any.key") == "từ biến môi trường");
}

TEST_CASE("secret key checks: -W zero checksum, damage, malformed files") {
  const KeyPair pair = generate_key_pair();
  const std::string key_text = format_secret_key(pair.secret_key, std::nullopt);
  const auto zero_checksum = [](std::vector<std::uint8_t>& b) { std::fill(b.begin() + 126, b.end(), 0); };

  // Like `minisign -G -W`: an unencrypted key with an all-zero checksum is accepted.
  const std::string w_style = edit_base64_line(key_text, 1, zero_checksum);
  check_same_key(parse_secret_key(w_style, "w.key", std::nullopt), pair.secret_key);

  // ...but a damaged seed is still noticed, by the public half of the key.
  const std::string damaged_w = edit_base64_line(w_style, 1, [](std::vector<std::uint8_t>& b) { b.at(70) ^= 1; });
  CHECK(fatal_message([&] { parse_secret_key(damaged_w, "w.key", std::nullopt); }) ==
        "w.key: damaged secret key (its public half does not match its seed)");
  // A non-zero checksum is checked.
  const std::string damaged = edit_base64_line(key_text, 1, [](std::vector<std::uint8_t>& b) { b.at(70) ^= 1; });
  CHECK(fatal_message([&] { parse_secret_key(damaged, "k.key", std::nullopt); }) ==
        "k.key: damaged secret key (checksum mismatch)");
  // An encrypted key with a zero checksum gets no exemption.
  const std::string encrypted = format_secret_key(pair.secret_key, std::string("pw"), cheap_kdf());
  const std::string encrypted_zero = edit_base64_line(encrypted, 1, [](std::vector<std::uint8_t>& b) {
    // Zero the stored (encrypted) checksum: after decryption it is not zero.
    std::fill(b.begin() + 126, b.end(), 0);
  });
  CHECK(fatal_message([&] { parse_secret_key(encrypted_zero, "e.key", std::string("pw")); }) ==
        "e.key: wrong password for this secret key (checksum mismatch)");

  CHECK(fatal_message([&] { parse_secret_key("untrusted comment: x\nRWQ!!!\n", "m.key", std::nullopt); }) ==
        "m.key: not a minisign secret key: the key line is not base64 of 158 bytes");
  CHECK(fatal_message([&] { parse_secret_key(lines_of(key_text).at(0) + "\n", "t.key", std::nullopt); }) ==
        "t.key: not a minisign secret key: expected a comment line and a key line, found 1 lines");
  CHECK(fatal_message([&] { parse_secret_key(lines_of(key_text).at(1), "n.key", std::nullopt); }) ==
        "n.key: not a minisign secret key: line 1 must start with \"untrusted comment: \"");
  const std::string unknown_kdf =
      edit_base64_line(key_text, 1, [](std::vector<std::uint8_t>& b) { b.at(2) = 'A'; b.at(3) = 'r'; });
  CHECK(fatal_message([&] { parse_secret_key(unknown_kdf, "a.key", std::nullopt); }) ==
        "a.key: not a minisign secret key: unsupported key derivation (expected scrypt \"Sc\" or none)");

  TempDir dir;
  write_bytes(dir / "big.key", key_text + std::string(5000, '\n'));
  CHECK(fatal_message([&] { load_secret_key(dir / "big.key"); }) ==
        (dir / "big.key").string() + ": key file is larger than 4096 bytes; not a minisign key");
  CHECK(fatal_message([&] { load_secret_key(dir / "missing.key"); }) ==
        "cannot read " + (dir / "missing.key").string() + ": No such file or directory");
  CHECK(fatal_message([&] { load_public_key(dir / "."); }) ==
        "cannot read " + (dir / ".").string() + ": it is a directory");
  // Windows line endings and a trailing blank line are fine.
  write_bytes(dir / "crlf.key", lines_of(key_text).at(0) + "\r\n" + lines_of(key_text).at(1) + "\r\n\r\n");
  check_same_key(load_secret_key(dir / "crlf.key"), pair.secret_key);
}

TEST_CASE("public key refusals") {
  const KeyPair pair = generate_key_pair();
  const std::string pub_text = format_public_key(pair.public_key);
  CHECK(fatal_message([&] { parse_public_key("untrusted comment: minisign public key 00\n", "p.pub"); }) ==
        "p.pub: not a minisign public key: the key line is missing (truncated file?)");
  CHECK(fatal_message([&] { parse_public_key(pub_text.substr(0, pub_text.size() - 10), "p.pub"); }) ==
        "p.pub: not a minisign public key: the key line is not base64 of 42 bytes");
  const std::string wrong_alg = edit_base64_line(pub_text, 1, [](std::vector<std::uint8_t>& b) { b.at(1) = 'D'; });
  CHECK(fatal_message([&] { parse_public_key(wrong_alg, "p.pub"); }) ==
        "p.pub: not a minisign public key: unsupported signature algorithm (expected \"Ed\")");
  CHECK(fatal_message([&] { parse_public_key(pub_text + "extra\n", "p.pub"); }) ==
        "p.pub: not a minisign public key: expected a comment line and a key line, found 3 lines");
  CHECK(fatal_message([&] { parse_public_key("comment\n" + lines_of(pub_text).at(1), "p.pub"); }) ==
        "p.pub: not a minisign public key: line 1 must start with \"untrusted comment: \"");
  TempDir dir;
  write_bytes(dir / "big.pub", pub_text + std::string(4096, ' '));
  CHECK(fatal_message([&] { load_public_key(dir / "big.pub"); }) ==
        (dir / "big.pub").string() + ": key file is larger than 4096 bytes; not a minisign key");
}

TEST_CASE("verify refuses each kind of bad signature with its own reason") {
  const KeyPair pair = generate_key_pair();
  const std::string minisig = sign(kMessage, pair.secret_key, kComment);
  const std::string id = key_id_hex(pair.public_key.key_id);
  const std::vector<PublicKey> trusted{pair.public_key};
  REQUIRE(verify(kMessage, minisig, trusted).ok);

  const auto reason = [&](std::string_view message, const std::string& text,
                          const std::vector<PublicKey>& keys) {
    const SignatureCheck check = verify(message, text, keys);
    CHECK_FALSE(check.ok);
    CHECK(check.trusted_comment == "");
    return check.reason;
  };
  const std::string mismatch = "signature does not match the message and the public key " + id;

  SUBCASE("a flipped byte in the message") {
    std::string message = kMessage;
    message[5] ^= 1;
    CHECK(reason(message, minisig, trusted) == mismatch);
  }
  SUBCASE("a flipped byte in the signature") {
    const std::string bad = edit_base64_line(minisig, 1, [](std::vector<std::uint8_t>& b) { b.at(40) ^= 1; });
    CHECK(reason(kMessage, bad, trusted) == mismatch);
  }
  SUBCASE("an edited trusted comment fails the global signature") {
    std::string bad = minisig;
    bad.replace(bad.find("pack:"), 5, "paCk:");
    CHECK(reason(kMessage, bad, trusted) == "global signature does not match the trusted comment (was it edited?)");
  }
  SUBCASE("a flipped byte in the global signature") {
    const std::string bad = edit_base64_line(minisig, 3, [](std::vector<std::uint8_t>& b) { b.at(0) ^= 0x80; });
    CHECK(reason(kMessage, bad, trusted) == "global signature does not match the trusted comment (was it edited?)");
  }
  SUBCASE("an unknown key id") {
    const KeyPair other = generate_key_pair();
    const SignatureCheck check = verify(kMessage, minisig, {other.public_key});
    CHECK_FALSE(check.ok);
    CHECK(check.reason == "unknown key id " + id + ": no trusted public key has it");
    CHECK(check.key_id == pair.public_key.key_id);
    CHECK(reason(kMessage, minisig, {}) == "unknown key id " + id + ": no trusted public key has it");
  }
  SUBCASE("a key with the right id but different key bytes") {
    PublicKey impostor = generate_key_pair().public_key;
    impostor.key_id = pair.public_key.key_id;
    CHECK(reason(kMessage, minisig, {impostor}) == mismatch);
  }
  SUBCASE("the legacy algorithm Ed, and unknown ones") {
    const std::string legacy = edit_base64_line(minisig, 1, [](std::vector<std::uint8_t>& b) { b.at(1) = 'd'; });
    CHECK(reason(kMessage, legacy, trusted) ==
          "legacy signature algorithm \"Ed\" (not prehashed): only \"ED\" is accepted");
    const std::string other = edit_base64_line(minisig, 1, [](std::vector<std::uint8_t>& b) { b.at(0) = 'X'; });
    CHECK(reason(kMessage, other, trusted) == "unsupported signature algorithm: only \"ED\" is accepted");
  }
  SUBCASE("malformed base64") {
    std::vector<std::string> lines = lines_of(minisig);
    lines[1][10] = '!';
    CHECK(reason(kMessage, join_lines(lines), trusted) ==
          "malformed signature file: line 2 is not base64 of 74 bytes");
    lines = lines_of(minisig);
    lines[3].pop_back();  // the padding
    CHECK(reason(kMessage, join_lines(lines), trusted) ==
          "malformed signature file: line 4 is not base64 of 64 bytes");
    lines = lines_of(minisig);
    lines[1] += " ";
    CHECK(reason(kMessage, join_lines(lines), trusted) ==
          "malformed signature file: line 2 is not base64 of 74 bytes");
  }
  SUBCASE("a truncated file") {
    const std::vector<std::string> lines = lines_of(minisig);
    CHECK(reason(kMessage, join_lines({lines[0], lines[1], lines[2]}), trusted) ==
          "malformed signature file: expected 4 lines, found 3");
    CHECK(reason(kMessage, minisig.substr(0, minisig.size() / 2), trusted) ==
          "malformed signature file: expected 4 lines, found 3");
    CHECK(reason(kMessage, lines[0] + "\n" + lines[1].substr(0, 50) + "\n" + lines[2] + "\n" + lines[3], trusted) ==
          "malformed signature file: line 2 is not base64 of 74 bytes");
    CHECK(reason(kMessage, "", trusted) == "malformed signature file: expected 4 lines, found 0");
  }
  SUBCASE("extra content and missing prefixes") {
    CHECK(reason(kMessage, minisig + "extra\n", trusted) == "malformed signature file: expected 4 lines, found 5");
    std::vector<std::string> lines = lines_of(minisig);
    lines[0] = "comment: x";
    CHECK(reason(kMessage, join_lines(lines), trusted) ==
          "malformed signature file: line 1 must start with \"untrusted comment: \"");
    lines = lines_of(minisig);
    lines[2] = "Trusted comment: x";
    CHECK(reason(kMessage, join_lines(lines), trusted) ==
          "malformed signature file: line 3 must start with \"trusted comment: \"");
  }
  SUBCASE("size limits") {
    CHECK(reason(kMessage, minisig + std::string(4096, '\n'), trusted) ==
          "signature file is larger than 4096 bytes");
    std::vector<std::string> lines = lines_of(minisig);
    lines[2] = "trusted comment: " + std::string(1025, 'x');
    CHECK(reason(kMessage, join_lines(lines), trusted) == "trusted comment is longer than 1024 bytes");
  }
  SUBCASE("Windows line endings still verify") {
    std::string crlf;
    for (const std::string& line : lines_of(minisig)) crlf += line + "\r\n";
    const SignatureCheck check = verify(kMessage, crlf, trusted);
    CHECK(check.ok);
    CHECK(check.trusted_comment == kComment);
  }
}

TEST_CASE("sign refuses comments that cannot be one line of the file") {
  const KeyPair pair = generate_key_pair();
  CHECK(fatal_message([&] { sign(kMessage, pair.secret_key, "a\nb"); }) ==
        "trusted comment must be one line (no line break or NUL byte)");
  CHECK(fatal_message([&] { sign(kMessage, pair.secret_key, std::string("a\0b", 3)); }) ==
        "trusted comment must be one line (no line break or NUL byte)");
  CHECK(fatal_message([&] { sign(kMessage, pair.secret_key, "ok", "bad\r"); }) ==
        "untrusted comment must be one line (no line break or NUL byte)");
  CHECK(fatal_message([&] { sign(kMessage, pair.secret_key, std::string(1025, 'x')); }) ==
        "trusted comment is 1025 bytes; at most 1024 are allowed");
  const std::string longest = std::string(1024, 'x');
  const SignatureCheck check = verify(kMessage, sign(kMessage, pair.secret_key, longest), {pair.public_key});
  CHECK(check.ok);
  CHECK(check.trusted_comment == longest);
}

// --- interoperability with the stock minisign ---------------------------------

TEST_CASE("minisign verifies our signatures, and refuses them for another message") {
  REQUIRE(fs::exists(kMinisign));
  TempDir dir;
  const KeyPair pair = generate_key_pair();
  write_bytes(dir / "our.pub", format_public_key(pair.public_key));
  write_bytes(dir / "manifest.json", kMessage);
  write_bytes(dir / "manifest.json.minisig", sign(kMessage, pair.secret_key, kComment));

  // -H: minisign must see a prehashed (ED) signature.
  const CommandResult ok =
      run(std::string(kMinisign) + " -V -H -m " + quoted(dir / "manifest.json") + " -p " + quoted(dir / "our.pub"));
  CHECK(ok.exit_code == 0);
  CHECK(ok.output == "Signature and comment signature verified\nTrusted comment: " + kComment + "\n");

  write_bytes(dir / "manifest.json", kMessage + " ");
  const CommandResult bad =
      run(std::string(kMinisign) + " -V -m " + quoted(dir / "manifest.json") + " -p " + quoted(dir / "our.pub"));
  CHECK(bad.exit_code != 0);
  CHECK(bad.output == "Signature verification failed\n");
}

TEST_CASE("keys and signatures of minisign -G -W work here, byte for byte") {
  REQUIRE(fs::exists(kMinisign));
  TempDir dir;
  const CommandResult generated = run(std::string(kMinisign) + " -G -W -p " + quoted(dir / "ms.pub") + " -s " +
                                      quoted(dir / "ms.key"));
  REQUIRE(generated.exit_code == 0);

  const PublicKey pub = load_public_key(dir / "ms.pub");
  const SecretKey key = load_secret_key(dir / "ms.key");  // all-zero checksum, unencrypted
  CHECK(key.public_key().key == pub.key);
  CHECK(key.key_id == pub.key_id);
  // minisign 0.11 prints the id in the comment with "%lX" (leading zeros dropped);
  // later versions and we print all 16 digits. The comment is not signed data.
  const std::vector<std::string> their_pub = lines_of(read_file(dir / "ms.pub"));
  const std::vector<std::string> our_pub = lines_of(format_public_key(pub));
  REQUIRE(their_pub.size() == 2);
  REQUIRE(our_pub.size() == 2);
  CHECK(our_pub[1] == their_pub[1]);
  std::string id = key_id_hex(pub.key_id);
  CHECK(our_pub[0] == "untrusted comment: minisign public key " + id);
  id.erase(0, std::min(id.find_first_not_of('0'), id.size() - 1));
  CHECK(their_pub[0] == "untrusted comment: minisign public key " + id);

  // Our unencrypted key file is minisign's, except for the checksum we fill in.
  const std::vector<std::uint8_t> theirs = base64_decode(lines_of(read_file(dir / "ms.key")).at(1));
  const std::vector<std::uint8_t> ours = base64_decode(lines_of(format_secret_key(key, std::nullopt)).at(1));
  REQUIRE(theirs.size() == 158);
  REQUIRE(ours.size() == 158);
  CHECK(std::vector<std::uint8_t>(theirs.begin(), theirs.begin() + 126) ==
        std::vector<std::uint8_t>(ours.begin(), ours.begin() + 126));

  write_bytes(dir / "manifest.json", kMessage);
  const std::string comment = "pack vneid-co-ban 1.0.0";
  SUBCASE("our signature with their key verifies with minisign -V, and equals minisign -S's") {
    const std::string ours_sig = sign(kMessage, key, comment, "signature from minisign secret key");
    write_bytes(dir / "ours.minisig", ours_sig);
    const CommandResult verified = run(std::string(kMinisign) + " -V -m " + quoted(dir / "manifest.json") +
                                       " -x " + quoted(dir / "ours.minisig") + " -p " + quoted(dir / "ms.pub"));
    CHECK(verified.exit_code == 0);
    CHECK(verified.output == "Signature and comment signature verified\nTrusted comment: " + comment + "\n");

    // Ed25519 is deterministic: the same key, message and comments give the same file.
    const CommandResult signed_by_them =
        run(std::string(kMinisign) + " -S -s " + quoted(dir / "ms.key") + " -m " + quoted(dir / "manifest.json") +
            " -x " + quoted(dir / "theirs.minisig") + " -t '" + comment + "'");
    REQUIRE(signed_by_them.exit_code == 0);
    CHECK(read_file(dir / "theirs.minisig") == ours_sig);
  }
  SUBCASE("minisign -S signatures verify here; legacy (-l) ones are refused") {
    const CommandResult signed_by_them =
        run(std::string(kMinisign) + " -S -s " + quoted(dir / "ms.key") + " -m " + quoted(dir / "manifest.json") +
            " -t '" + kComment + "'");
    REQUIRE(signed_by_them.exit_code == 0);
    const SignatureCheck check = verify(kMessage, read_file(dir / "manifest.json.minisig"), {pub});
    CHECK(check.reason == "");
    CHECK(check.ok);
    CHECK(check.trusted_comment == kComment);
    CHECK(check.key_id == pub.key_id);

    const CommandResult legacy = run(std::string(kMinisign) + " -S -l -s " + quoted(dir / "ms.key") + " -m " +
                                     quoted(dir / "manifest.json") + " -x " + quoted(dir / "legacy.minisig"));
    REQUIRE(legacy.exit_code == 0);
    const SignatureCheck refused = verify(kMessage, read_file(dir / "legacy.minisig"), {pub});
    CHECK_FALSE(refused.ok);
    CHECK(refused.reason == "legacy signature algorithm \"Ed\" (not prehashed): only \"ED\" is accepted");
  }
}

TEST_CASE("minisign -S signs with our secret keys, unencrypted and encrypted") {
  REQUIRE(fs::exists(kMinisign));
  TempDir dir;
  const KeyPair pair = generate_key_pair();
  write_bytes(dir / "manifest.json", kMessage);
  const auto minisign_sign = [&](const std::string& key_file, const std::string& stdin_text) {
    // minisign reads the password with fgets from stdin (echo is only turned off on a tty).
    return run("printf '" + stdin_text + "' | " + kMinisign + " -S -s " + quoted(dir / key_file) + " -m " +
               quoted(dir / "manifest.json") + " -t '" + kComment + "'");
  };
  const auto check_their_signature = [&] {
    const SignatureCheck check = verify(kMessage, read_file(dir / "manifest.json.minisig"), {pair.public_key});
    CHECK(check.reason == "");
    CHECK(check.ok);
    CHECK(check.trusted_comment == kComment);
  };

  SUBCASE("unencrypted") {
    write_bytes(dir / "plain.key", format_secret_key(pair.secret_key, std::nullopt));
    const CommandResult result = minisign_sign("plain.key", "");
    CHECK(result.exit_code == 0);
    CHECK(result.output == "");
    check_their_signature();
  }
  SUBCASE("encrypted with cheap scrypt parameters") {
    write_bytes(dir / "enc.key", format_secret_key(pair.secret_key, std::string("mật khẩu"), cheap_kdf()));
    const CommandResult result = minisign_sign("enc.key", "mật khẩu\\n");
    CHECK(result.exit_code == 0);
    CHECK(result.output.find("Deriving a key from the password and decrypting the secret key... done") !=
          std::string::npos);
    check_their_signature();

    const CommandResult wrong = minisign_sign("enc.key", "mat khau\\n");
    CHECK(wrong.exit_code != 0);
    CHECK(wrong.output.find("Wrong password for that key") != std::string::npos);
  }
}

// The one test with minisign's real scrypt cost (1 GiB, about 5 s per derivation).
TEST_CASE("an encrypted key with minisign's own scrypt parameters signs with minisign -S") {
  REQUIRE(fs::exists(kMinisign));
  TempDir dir;
  const KeyPair pair = generate_key_pair();
  const std::string key_text = format_secret_key(pair.secret_key, std::string("correct horse"));
  const std::vector<std::uint8_t> blob = base64_decode(lines_of(key_text).at(1));
  REQUIRE(blob.size() == 158);
  CHECK(std::string(blob.begin() + 2, blob.begin() + 4) == "Sc");
  CHECK(le64(blob, 38) == 33554432);    // crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_SENSITIVE
  CHECK(le64(blob, 46) == 1073741824);  // MEMLIMIT_SENSITIVE, as `minisign -G` writes
  write_bytes(dir / "enc.key", key_text);
  write_bytes(dir / "manifest.json", kMessage);
  const CommandResult result = run(std::string("printf 'correct horse\\n' | ") + kMinisign + " -S -s " +
                                   quoted(dir / "enc.key") + " -m " + quoted(dir / "manifest.json") + " -t '" +
                                   kComment + "'");
  REQUIRE(result.exit_code == 0);
  const SignatureCheck check = verify(kMessage, read_file(dir / "manifest.json.minisig"), {pair.public_key});
  CHECK(check.ok);
  CHECK(check.trusted_comment == kComment);
}
