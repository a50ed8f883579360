#include "signing.h"

#include <sodium.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "fatal.h"
#include "minisign_format.h"
#include "say.h"

namespace hocso::signing {

namespace {

using namespace format;

// The secret key file's layout (minisign 0.11, src/minisign.h); the public
// key's and the signature's are in minisign_format.h.
constexpr char kScryptKdf[] = "Sc";
constexpr unsigned char kNoKdf[2] = {0, 0};           // `minisign -G -W`
constexpr char kChecksumAlgorithm[] = "B2";
constexpr std::string_view kSecretKeyComment = "minisign encrypted secret key";

// minisign reads the untrusted comment line with fgets into 1024 bytes and
// refuses a line that does not fit, so prefix + comment + '\n' must stay < 1024.
constexpr std::size_t kMaxUntrustedCommentBytes = 1023 - kUntrustedPrefix.size() - 1;
constexpr std::size_t kMaxPasswordBytes = 1023;  // minisign's PASSWORDMAXBYTES - 1

struct KeynumSecretKey {
  std::uint8_t key_id[8];
  std::uint8_t key[crypto_sign_SECRETKEYBYTES];
  std::uint8_t checksum[crypto_generichash_BYTES];
};

struct SecretKeyBlob {
  std::uint8_t sig_alg[2];
  std::uint8_t kdf_alg[2];
  std::uint8_t chk_alg[2];
  std::uint8_t kdf_salt[crypto_pwhash_scryptsalsa208sha256_SALTBYTES];
  std::uint8_t kdf_opslimit_le[8];
  std::uint8_t kdf_memlimit_le[8];
  KeynumSecretKey keynum_sk;
};
static_assert(sizeof(SecretKeyBlob) == 158);

// Wipes a buffer holding secrets when the scope ends, also on exceptions.
class WipeOnExit {
 public:
  WipeOnExit(void* data, std::size_t size) : data_(data), size_(size) {}
  ~WipeOnExit() { sodium_memzero(data_, size_); }
  WipeOnExit(const WipeOnExit&) = delete;
  WipeOnExit& operator=(const WipeOnExit&) = delete;

 private:
  void* data_;
  std::size_t size_;
};

std::uint64_t load_le64(const std::uint8_t* p) {
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | p[i];
  return value;
}

void store_le64(std::uint8_t* p, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<std::uint8_t>(value >> (8 * i));
}

std::string to_base64(const void* bytes, std::size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), static_cast<const unsigned char*>(bytes), size,
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

// Reads a key file of at most `limit` bytes; throws FatalError naming it otherwise.
// Reads at most `limit` + 1 bytes of a key file. A pipe or FIFO (`--key
// <(pass show ci-key)`) is read too, but never waited on for more than
// kKeyReadSeconds: a FIFO nobody writes to must not hang the build (nor keep
// it from seeing SIGTERM), and opening never blocks (O_NONBLOCK).
constexpr int kKeyReadSeconds = 10;
std::string read_small_file(const std::filesystem::path& file, std::size_t limit) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  const auto cannot_read = [&](const char* reason) {
    return FatalError(say(N_("cannot read {file}: {reason}"), fmt::arg("file", file.string()), fmt::arg("reason", reason)));
  };
  const auto too_large = [&] {
    return FatalError(say(N_("{file}: key file is larger than {limit} bytes; not a minisign key"),
                          fmt::arg("file", file.string()), fmt::arg("limit", limit)));
  };
  if (fd < 0) throw cannot_read(std::strerror(errno));
  struct CloseOnExit {
    int fd;
    ~CloseOnExit() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw cannot_read(std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw cannot_read(_("it is a directory"));
  if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > limit) throw too_large();
  std::string text(limit + 1, '\0');
  std::size_t have = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kKeyReadSeconds);
  while (have < text.size()) {
    const ssize_t n = ::read(fd, text.data() + have, text.size() - have);
    if (n > 0) {
      have += static_cast<std::size_t>(n);
      continue;
    }
    if (n == 0) break;  // end of file (or a FIFO with no writer)
    if (errno == EINTR) continue;
    if (errno != EAGAIN) {
      sodium_memzero(text.data(), text.size());
      throw cannot_read(std::strerror(errno));
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    struct pollfd wait {fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&wait, 1, static_cast<int>(left.count())) == 0) {
      sodium_memzero(text.data(), text.size());
      throw FatalError(say(N_("{file}: nothing more to read after {seconds} s; a key must be a file (or a pipe "
                              "that is written at once)"),
                           fmt::arg("file", file.string()), fmt::arg("seconds", kKeyReadSeconds)));
    }
  }
  text.resize(have);
  if (text.size() > limit) {
    sodium_memzero(text.data(), text.size());
    throw too_large();
  }
  return text;
}

// BLAKE2b-256 over sig_alg, key id and secret key: minisign's secret key checksum.
void compute_checksum(const SecretKeyBlob& blob, std::uint8_t out[crypto_generichash_BYTES]) {
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, crypto_generichash_BYTES);
  crypto_generichash_update(&state, blob.sig_alg, sizeof blob.sig_alg);
  crypto_generichash_update(&state, blob.keynum_sk.key_id, sizeof blob.keynum_sk.key_id);
  crypto_generichash_update(&state, blob.keynum_sk.key, sizeof blob.keynum_sk.key);
  crypto_generichash_final(&state, out, crypto_generichash_BYTES);
  sodium_memzero(&state, sizeof state);
}

// XORs keynum_sk with the scrypt stream of `password` (encrypts and decrypts).
void apply_scrypt_stream(SecretKeyBlob& blob, const std::string& password, const std::string& source) {
  KeynumSecretKey stream;
  WipeOnExit wipe_stream(&stream, sizeof stream);
  const std::uint64_t opslimit = load_le64(blob.kdf_opslimit_le);
  const std::uint64_t memlimit = load_le64(blob.kdf_memlimit_le);
  if (crypto_pwhash_scryptsalsa208sha256(reinterpret_cast<unsigned char*>(&stream), sizeof stream,
                                         password.data(), password.size(), blob.kdf_salt,
                                         opslimit, static_cast<std::size_t>(memlimit)) != 0)
    throw FatalError(say(N_("{key}: cannot derive the key from the password (scrypt, {mib} MiB): out of memory?"),
                         fmt::arg("key", source), fmt::arg("mib", memlimit >> 20)));
  auto* bytes = reinterpret_cast<std::uint8_t*>(&blob.keynum_sk);
  const auto* mask = reinterpret_cast<const std::uint8_t*>(&stream);
  for (std::size_t i = 0; i < sizeof stream; ++i) bytes[i] ^= mask[i];
}

bool is_encrypted(const SecretKeyBlob& blob) { return std::memcmp(blob.kdf_alg, kScryptKdf, 2) == 0; }

std::string format_secret_key_blob(SecretKeyBlob& blob) {
  std::string text = std::string(kUntrustedPrefix) + std::string(kSecretKeyComment) + "\n";
  std::string encoded = to_base64(&blob, sizeof blob);
  text += encoded;
  text += '\n';
  sodium_memzero(encoded.data(), encoded.size());
  return text;
}

SecretKeyBlob unencrypted_blob(const SecretKey& key) {
  SecretKeyBlob blob{};
  std::memcpy(blob.sig_alg, kSignatureAlgorithm, 2);
  std::memcpy(blob.kdf_alg, kNoKdf, 2);
  std::memcpy(blob.chk_alg, kChecksumAlgorithm, 2);
  std::memcpy(blob.keynum_sk.key_id, key.key_id.data(), key.key_id.size());
  std::memcpy(blob.keynum_sk.key, key.key.data(), key.key.size());
  // minisign -W leaves the checksum zero; ours is filled in so that a damaged
  // file is noticed (minisign does not check it for unencrypted keys).
  compute_checksum(blob, blob.keynum_sk.checksum);
  return blob;
}

// The 64-byte Ed25519 signature of `bytes`.
Signature ed25519_sign(const std::uint8_t* bytes, std::size_t size, const SecretKey& key) {
  Signature signature{};
  crypto_sign_detached(signature.data(), nullptr, bytes, size, key.key.data());
  return signature;
}

// A comment goes on one line of the file: no line breaks, no NUL (minisign
// reads lines with fgets and C strings).
// `what` is "trusted comment" or "untrusted comment", minisign's names for them.
void check_comment(std::string_view comment, std::size_t limit, const char* what) {
  if (comment.size() > limit)
    throw FatalError(say(N_("{what} is {size} bytes; at most {limit} are allowed"), fmt::arg("what", what),
                         fmt::arg("size", comment.size()), fmt::arg("limit", limit)));
  if (comment.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos)
    throw FatalError(say(N_("{what} must be one line (no line break or NUL byte)"), fmt::arg("what", what)));
}

// Restores the terminal's echo when the prompt ends, also on exceptions.
class EchoOff {
 public:
  explicit EchoOff(int fd) : fd_(fd) {
    if (tcgetattr(fd_, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
  }
  ~EchoOff() {
    if (active_) tcsetattr(fd_, TCSAFLUSH, &saved_);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  int fd_;
  termios saved_{};
  bool active_ = false;
};

std::string prompt_password(const std::filesystem::path& key_file, bool again) {
  const std::string prompt =
      again ? say(N_("Password for {file} again: "), fmt::arg("file", key_file.string()))
            : say(N_("Password for {file}: "), fmt::arg("file", key_file.string()));
  if (::write(STDERR_FILENO, prompt.data(), prompt.size()) < 0) {
    // Nothing to do: the prompt is a courtesy, the read below still works.
  }
  std::string password;
  {
    EchoOff echo_off(STDIN_FILENO);
    char c = 0;
    for (;;) {
      const ssize_t n = ::read(STDIN_FILENO, &c, 1);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0 || c == '\n') break;
      if (password.size() >= kMaxPasswordBytes) {
        sodium_memzero(password.data(), password.size());
        throw FatalError(say(N_("the password for {file} is longer than {limit} bytes"),
                             fmt::arg("file", key_file.string()), fmt::arg("limit", kMaxPasswordBytes)));
      }
      password.push_back(c);
    }
    c = 0;
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (::write(STDERR_FILENO, "\n", 1) < 0) {
    // As above.
  }
  return password;
}

}  // namespace

SecretKey::SecretKey(const SecretKey& other) : key_id(other.key_id), key(other.key) {}

SecretKey& SecretKey::operator=(const SecretKey& other) {
  key_id = other.key_id;
  key = other.key;
  return *this;
}

SecretKey::~SecretKey() { sodium_memzero(key.data(), key.size()); }

PublicKey SecretKey::public_key() const {
  PublicKey pk;
  pk.key_id = key_id;
  // libsodium's Ed25519 secret key is seed || public key.
  std::memcpy(pk.key.data(), key.data() + crypto_sign_SEEDBYTES, pk.key.size());
  return pk;
}

KeyPair generate_key_pair() {
  ensure_sodium();
  KeyPair pair;
  randombytes_buf(pair.secret_key.key_id.data(), pair.secret_key.key_id.size());
  crypto_sign_keypair(pair.public_key.key.data(), pair.secret_key.key.data());
  pair.public_key.key_id = pair.secret_key.key_id;
  return pair;
}

std::string format_public_key(const PublicKey& key) {
  PublicKeyBlob blob{};
  std::memcpy(blob.sig_alg, kSignatureAlgorithm, 2);
  std::memcpy(blob.key_id, key.key_id.data(), key.key_id.size());
  std::memcpy(blob.key, key.key.data(), key.key.size());
  return std::string(kUntrustedPrefix) + "minisign public key " + key_id_hex(key.key_id) + "\n" +
         to_base64(&blob, sizeof blob) + "\n";
}

KdfLimits minisign_kdf_limits() {
  return {crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_SENSITIVE,
          crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_SENSITIVE};
}

std::string format_secret_key(const SecretKey& key, const std::optional<std::string>& password) {
  if (password) return format_secret_key(key, *password, minisign_kdf_limits());
  ensure_sodium();
  SecretKeyBlob blob = unencrypted_blob(key);
  WipeOnExit wipe_blob(&blob, sizeof blob);
  return format_secret_key_blob(blob);
}

std::string format_secret_key(const SecretKey& key, const std::string& password, const KdfLimits& limits) {
  ensure_sodium();
  if (password.size() > kMaxPasswordBytes)
    throw FatalError(say(N_("the password is longer than {limit} bytes (minisign's limit)"),
                         fmt::arg("limit", kMaxPasswordBytes)));
  SecretKeyBlob blob = unencrypted_blob(key);
  WipeOnExit wipe_blob(&blob, sizeof blob);
  std::memcpy(blob.kdf_alg, kScryptKdf, 2);
  randombytes_buf(blob.kdf_salt, sizeof blob.kdf_salt);
  store_le64(blob.kdf_opslimit_le, limits.opslimit);
  store_le64(blob.kdf_memlimit_le, limits.memlimit);
  // The checksum covers sig_alg, key id and key only, so it stays valid.
  apply_scrypt_stream(blob, password, _("the new secret key"));
  return format_secret_key_blob(blob);
}

PublicKey load_public_key(const std::filesystem::path& file) {
  return parse_public_key(read_small_file(file, kMaxKeyFileBytes), file.string());
}

std::string password_for(const std::filesystem::path& key_file, bool again) {
  if (const char* from_env = std::getenv("HOCSO_KEY_PASSWORD")) return from_env;
  if (isatty(STDIN_FILENO)) return prompt_password(key_file, again);
  throw FatalError(say(N_("{file} is encrypted: set HOCSO_KEY_PASSWORD to its password, or run from a terminal "
                          "to be asked for it"),
                       fmt::arg("file", key_file.string())));
}

namespace {

// Decodes NAME.key and checks its algorithms; the key may still be encrypted.
SecretKeyBlob decode_secret_key(std::string_view text, const std::string& source) {
  // TRANSLATORS: {why} is one of the reasons below ("the key line is not base64 of 158 bytes").
  const auto bad = [&](const std::string& why) {
    return FatalError(say(N_("{key}: not a minisign secret key: {why}"), fmt::arg("key", source), fmt::arg("why", why)));
  };
  if (text.size() > kMaxKeyFileBytes)
    throw bad(say(N_("larger than {limit} bytes"), fmt::arg("limit", kMaxKeyFileBytes)));
  const std::vector<std::string_view> lines = key_file_lines(text);
  if (lines.empty() || !starts_with(lines[0], kUntrustedPrefix))
    throw bad(say(N_("line 1 must start with \"{prefix}\""), fmt::arg("prefix", kUntrustedPrefix)));
  if (lines.size() != 2)
    throw bad(say(N_("expected a comment line and a key line, found {count} lines"), fmt::arg("count", lines.size())));
  SecretKeyBlob blob{};
  WipeOnExit wipe_blob(&blob, sizeof blob);
  if (!from_base64(lines[1], &blob, sizeof blob))
    throw bad(say(N_("the key line is not base64 of {size} bytes"), fmt::arg("size", sizeof blob)));
  if (std::memcmp(blob.sig_alg, kSignatureAlgorithm, 2) != 0)
    throw bad(_("unsupported signature algorithm (expected \"Ed\")"));
  if (std::memcmp(blob.chk_alg, kChecksumAlgorithm, 2) != 0)
    throw bad(_("unsupported checksum algorithm (expected \"B2\")"));
  if (!is_encrypted(blob) && std::memcmp(blob.kdf_alg, kNoKdf, 2) != 0)
    throw bad(_("unsupported key derivation (expected scrypt \"Sc\" or none)"));
  if (is_encrypted(blob)) {
    const KdfLimits most = minisign_kdf_limits();
    if (load_le64(blob.kdf_opslimit_le) > most.opslimit || load_le64(blob.kdf_memlimit_le) > most.memlimit)
      throw bad(say(N_("its scrypt parameters ask for more than minisign's ({mib} MiB)"),
                    fmt::arg("mib", most.memlimit >> 20)));
  }
  SecretKeyBlob result = blob;
  return result;
}

// Decrypts (when encrypted) and checks a decoded key; wipes `blob`.
SecretKey unlock_secret_key(SecretKeyBlob& blob, const std::string& source,
                            const std::optional<std::string>& password) {
  WipeOnExit wipe_blob(&blob, sizeof blob);
  const bool encrypted = is_encrypted(blob);
  if (encrypted) {
    if (!password)
      throw FatalError(say(N_("{key}: the secret key is encrypted and no password was given"), fmt::arg("key", source)));
    apply_scrypt_stream(blob, *password, source);
  }

  std::uint8_t checksum[crypto_generichash_BYTES];
  WipeOnExit wipe_checksum(checksum, sizeof checksum);
  compute_checksum(blob, checksum);
  const bool checksum_ok = sodium_memcmp(checksum, blob.keynum_sk.checksum, sizeof checksum) == 0;
  // `minisign -G -W` writes an all-zero checksum and never checks it. We accept
  // a zero checksum for unencrypted keys only: an encrypted key always has one
  // (it is what tells a wrong password), and the seed check below still
  // catches a damaged unencrypted key.
  const bool zero_checksum_allowed =
      !encrypted && sodium_is_zero(blob.keynum_sk.checksum, sizeof blob.keynum_sk.checksum);
  if (!checksum_ok && !zero_checksum_allowed) {
    if (encrypted)
      throw FatalError(say(N_("{key}: wrong password for this secret key (checksum mismatch)"), fmt::arg("key", source)));
    throw FatalError(say(N_("{key}: damaged secret key (checksum mismatch)"), fmt::arg("key", source)));
  }

  // The key must be seed || public key of that seed.
  std::uint8_t derived_public[crypto_sign_PUBLICKEYBYTES];
  std::uint8_t derived_secret[crypto_sign_SECRETKEYBYTES];
  WipeOnExit wipe_derived(derived_secret, sizeof derived_secret);
  crypto_sign_seed_keypair(derived_public, derived_secret, blob.keynum_sk.key);
  if (sodium_memcmp(derived_secret, blob.keynum_sk.key, sizeof derived_secret) != 0)
    throw FatalError(
        say(N_("{key}: damaged secret key (its public half does not match its seed)"), fmt::arg("key", source)));

  SecretKey key;
  std::memcpy(key.key_id.data(), blob.keynum_sk.key_id, key.key_id.size());
  std::memcpy(key.key.data(), blob.keynum_sk.key, key.key.size());
  return key;
}

}  // namespace

SecretKey parse_secret_key(std::string_view text, const std::string& source,
                           const std::optional<std::string>& password) {
  ensure_sodium();
  SecretKeyBlob blob = decode_secret_key(text, source);
  return unlock_secret_key(blob, source, password);
}

SecretKey load_secret_key(const std::filesystem::path& file) {
  ensure_sodium();
  std::string text = read_small_file(file, kMaxKeyFileBytes);
  WipeOnExit wipe_text(text.data(), text.size());
  SecretKeyBlob blob = decode_secret_key(text, file.string());
  WipeOnExit wipe_blob(&blob, sizeof blob);
  if (!is_encrypted(blob)) return unlock_secret_key(blob, file.string(), std::nullopt);
  std::string password = password_for(file);
  WipeOnExit wipe_password(password.data(), password.size());
  return unlock_secret_key(blob, file.string(), password);
}

std::string sign(std::string_view message, const SecretKey& key, const std::string& trusted_comment,
                 const std::string& untrusted_comment) {
  ensure_sodium();
  check_comment(trusted_comment, kMaxTrustedCommentBytes, "trusted comment");
  check_comment(untrusted_comment, kMaxUntrustedCommentBytes, "untrusted comment");

  SignatureBlob blob{};
  std::memcpy(blob.sig_alg, kPrehashedAlgorithm, 2);
  std::memcpy(blob.key_id, key.key_id.data(), key.key_id.size());
  const auto digest = blake2b_512(message);
  const Signature signature = ed25519_sign(digest.data(), digest.size(), key);
  std::memcpy(blob.signature, signature.data(), signature.size());
  const std::vector<std::uint8_t> global_bytes = global_signed_bytes(blob.signature, trusted_comment);
  const Signature global = ed25519_sign(global_bytes.data(), global_bytes.size(), key);

  return std::string(kUntrustedPrefix) + untrusted_comment + "\n" + to_base64(&blob, sizeof blob) + "\n" +
         std::string(kTrustedPrefix) + trusted_comment + "\n" + to_base64(global.data(), global.size()) + "\n";
}

}  // namespace hocso::signing
