#include "build_cache.h"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <fmt/format.h>
#include <sodium.h>

#include "atomic_file.h"
#include "display_path.h"
#include "hashing.h"
#include "hocso/messages.h"
#include "say.h"

namespace hocso {

namespace fs = std::filesystem;

namespace {

// Entry layout: "hocso-cache/1 <size> <sha256> <mac>\n<meta>\n<bytes>".
constexpr std::string_view kFormat = "hocso-cache/1";
constexpr std::size_t kMaxHead = 8 * 1024;            // the two header lines
constexpr std::uint64_t kMaxInMemory = 256ull << 20;  // find(): whole entries read into memory
constexpr std::size_t kMacBytes = 32;

bool valid_name(std::string_view s) {
  if (s.empty() || s.size() > 128) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

// $VAR when it is an absolute path (the XDG rule: relative values are ignored),
// else HOME/fallback.
fs::path xdg_dir(const char* var, const char* fallback) {
  if (const char* v = std::getenv(var); v && v[0] == '/') return v;
  const char* home = std::getenv("HOME");
  if (!home || home[0] != '/') {
    const struct passwd* pw = ::getpwuid(::geteuid());
    home = pw && pw->pw_dir && pw->pw_dir[0] == '/' ? pw->pw_dir : nullptr;
  }
  return home ? fs::path(home) / fallback : fs::path();
}

// Why someone other than this user could change (or, for the secret, read) a
// file with status `st`, or "" when none can; `what` names the file ("the folder").
std::string not_private(const struct stat& st, bool secret, const std::string& what) {
  const auto w = fmt::arg("what", what);
  if (S_ISLNK(st.st_mode)) return say(N_("{what} is a symbolic link"), w);
  if (secret ? !S_ISREG(st.st_mode) : !S_ISDIR(st.st_mode))
    return secret ? say(N_("{what} is not a regular file"), w) : say(N_("{what} is not a folder"), w);
  if (st.st_uid != ::geteuid())
    return say(N_("{what} belongs to another user (uid {uid})"), w, fmt::arg("uid", st.st_uid));
  if (secret && (st.st_mode & 077) != 0)
    return say(N_("{what} can be read by other users (chmod 600 it, or delete it to make a new one)"), w);
  if (!secret && (st.st_mode & 022) != 0) return say(N_("{what} can be written by other users"), w);
  return "";
}

std::string not_private(const fs::path& path, bool secret, const std::string& what) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0)
    return say(N_("{what} cannot be read ({error})"), fmt::arg("what", what), fmt::arg("error", std::strerror(errno)));
  return not_private(st, secret, what);
}

// Makes `dir` (and its parents) when missing; the last folder private (0700).
bool make_private_dir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir.parent_path(), ec);
  return ::mkdir(dir.c_str(), 0700) == 0 || errno == EEXIST;
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Opens a regular file for reading without following a link and without
// blocking on a FIFO someone put there.
int open_regular(const fs::path& file, struct stat& st) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return -1;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool read_at(int fd, char* out, std::size_t size, std::uint64_t offset) {
  while (size > 0) {
    const ssize_t n = ::pread(fd, out, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    out += n;
    size -= static_cast<std::size_t>(n);
    offset += static_cast<std::uint64_t>(n);
  }
  return true;
}

// The secret, made on first use: 32 random bytes as hex, in a file only this
// user can read. Two builds starting at once agree on one (link() never
// replaces a file). nullopt with the reason in `why`.
std::optional<std::array<std::uint8_t, 32>> read_or_make_secret(const fs::path& file, bool trust, std::string& why) {
  if (!make_private_dir(file.parent_path())) {
    why = say(N_("{folder} cannot be created ({error})"), fmt::arg("folder", display_path(file.parent_path())),
              fmt::arg("error", std::strerror(errno)));
    return std::nullopt;
  }
  if (!trust) {
    const std::string what =
        say(N_("the folder of its secret, {folder},"), fmt::arg("folder", display_path(file.parent_path())));
    if (std::string problem = not_private(file.parent_path(), false, what); !problem.empty()) {
      why = problem;
      return std::nullopt;
    }
  }
  struct stat st {};
  if (::lstat(file.c_str(), &st) != 0 && errno == ENOENT) {
    std::array<std::uint8_t, 32> fresh{};
    randombytes_buf(fresh.data(), fresh.size());
    const std::string text = to_hex(fresh.data(), fresh.size()) + "\n";
    const fs::path temp = fs::path(file.string() + fmt::format(".new{}", ::getpid()));
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) {
      const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
      ::close(fd);
      if (written) (void)::link(temp.c_str(), file.c_str());
      ::unlink(temp.c_str());
    }
  }
  Fd fd(open_regular(file, st));
  if (fd.get() < 0) {
    why = say(N_("its secret {file} cannot be read or made ({error})"), fmt::arg("file", display_path(file)),
              fmt::arg("error", std::strerror(errno)));
    return std::nullopt;
  }
  if (!trust) {
    const std::string what = say(N_("its secret {file}"), fmt::arg("file", display_path(file)));
    if (std::string problem = not_private(st, true, what); !problem.empty()) {
      why = problem;
      return std::nullopt;
    }
  }
  char text[65] = {};
  std::array<std::uint8_t, 32> secret{};
  std::size_t length = 0;
  if (st.st_size < 64 || st.st_size > 1024 || !read_at(fd.get(), text, 64, 0) ||
      sodium_hex2bin(secret.data(), secret.size(), text, 64, nullptr, &length, nullptr) != 0 || length != 32) {
    why = say(N_("its secret {file} is damaged (delete it to make a new one)"), fmt::arg("file", display_path(file)));
    return std::nullopt;
  }
  return secret;
}

struct Head {
  std::uint64_t size = 0;
  std::string sha256, mac, meta;
  std::uint64_t offset = 0;  // of the bytes
};

// Parses the two header lines at the start of `prefix`.
std::optional<Head> parse_head(std::string_view prefix) {
  const std::size_t first = prefix.find('\n');
  if (first == std::string_view::npos) return std::nullopt;
  const std::size_t second = prefix.find('\n', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  const std::string_view line = prefix.substr(0, first);
  // "hocso-cache/1 <size> <64 hex> <64 hex>"
  if (!line.starts_with(kFormat) || line.size() < kFormat.size() + 2 || line[kFormat.size()] != ' ')
    return std::nullopt;
  std::string_view rest = line.substr(kFormat.size() + 1);
  const std::size_t space = rest.find(' ');
  if (space == std::string_view::npos || space == 0 || space > 19) return std::nullopt;
  Head head;
  for (char c : rest.substr(0, space)) {
    if (c < '0' || c > '9') return std::nullopt;
    head.size = head.size * 10 + static_cast<std::uint64_t>(c - '0');
  }
  rest.remove_prefix(space + 1);
  if (rest.size() != 64 + 1 + 64 || rest[64] != ' ') return std::nullopt;
  head.sha256 = rest.substr(0, 64);
  head.mac = rest.substr(65);
  head.meta = prefix.substr(first + 1, second - first - 1);
  head.offset = second + 1;
  return head;
}

}  // namespace

fs::path default_cache_dir() {
  const fs::path base = xdg_dir("XDG_CACHE_HOME", ".cache");
  return base.empty() ? base : base / "hocso";
}

fs::path default_cache_key_file() {
  const fs::path base = xdg_dir("XDG_STATE_HOME", ".local/state");
  return base.empty() ? base : base / "hocso" / "cache.key";
}

std::unique_ptr<BuildCache> BuildCache::open(const CacheSettings& settings, Diagnostics& diagnostics) {
  if (!settings.enabled) return nullptr;
  if (sodium_init() < 0) return nullptr;
  std::error_code ec;
  const fs::path dir = settings.dir.empty() ? default_cache_dir() : fs::absolute(settings.dir, ec);
  const fs::path key = settings.key_file.empty() ? default_cache_key_file() : fs::absolute(settings.key_file, ec);
  auto not_used = [&](const std::string& why) -> std::unique_ptr<BuildCache> {
    diagnostics.report({Severity::note,
                        {dir.empty() ? std::string("cache") : display_path(dir)},
                        say(settings.trust_shared ? N_("the build cache is not used: {reason}; everything is made "
                                                       "from the sources")
                                                  : N_("the build cache is not used: {reason}; everything is made "
                                                       "from the sources (--trust-cache uses it anyway, --no-cache "
                                                       "says nothing)"),
                            fmt::arg("reason", why)),
                        "cache-not-used"});
    return nullptr;
  };
  if (dir.empty() || key.empty())
    return not_used(_("there is no cache folder (set HOME, XDG_CACHE_HOME or --cache-dir)"));
  if (!make_private_dir(dir))
    return not_used(say(N_("{folder} cannot be created ({error})"), fmt::arg("folder", display_path(dir)),
                        fmt::arg("error", std::strerror(errno))));
  if (!settings.trust_shared) {
    if (std::string problem = not_private(dir, false, _("the folder")); !problem.empty()) return not_used(problem);
  }
  std::string why;
  auto secret = read_or_make_secret(key, settings.trust_shared, why);
  if (!secret) return not_used(why);
  return std::unique_ptr<BuildCache>(new BuildCache(dir, *secret));
}

fs::path BuildCache::entry_path(std::string_view kind, std::string_view key) const {
  if (!valid_name(kind) || !valid_name(key)) return {};
  return dir_ / kind / key.substr(0, std::min<std::size_t>(2, key.size())) / key;
}

std::string BuildCache::mac(std::string_view kind, std::string_view key, std::string_view meta, std::uint64_t size,
                            std::string_view sha256) const {
  crypto_generichash_state state;
  crypto_generichash_init(&state, secret_.data(), secret_.size(), kMacBytes);
  const std::string size_text = std::to_string(size);
  // Each field after its length, so that no two inputs run together.
  for (std::string_view field : {kFormat, kind, key, meta, std::string_view(size_text), sha256}) {
    const std::string length = std::to_string(field.size()) + ":";
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(length.data()), length.size());
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(field.data()), field.size());
  }
  std::array<std::uint8_t, kMacBytes> out{};
  crypto_generichash_final(&state, out.data(), out.size());
  return to_hex(out.data(), out.size());
}

std::optional<BuildCache::FileEntry> BuildCache::find_file(std::string_view kind, std::string_view key) const {
  const fs::path file = entry_path(kind, key);
  if (file.empty()) return std::nullopt;
  struct stat st {};
  Fd fd(open_regular(file, st));
  if (fd.get() < 0) return std::nullopt;
  const auto file_size = static_cast<std::uint64_t>(st.st_size);
  std::string prefix(static_cast<std::size_t>(std::min<std::uint64_t>(file_size, kMaxHead)), '\0');
  if (!read_at(fd.get(), prefix.data(), prefix.size(), 0)) return std::nullopt;
  auto head = parse_head(prefix);
  if (!head || head->offset + head->size != file_size) return std::nullopt;
  if (sodium_memcmp(head->mac.data(), mac(kind, key, head->meta, head->size, head->sha256).data(), head->mac.size()) != 0)
    return std::nullopt;
  // The MAC vouches for the recorded hash; the bytes must still match it.
  Sha256 hash;
  std::vector<char> buffer(256 * 1024);
  for (std::uint64_t at = head->offset; at < file_size;) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), file_size - at));
    if (!read_at(fd.get(), buffer.data(), n, at)) return std::nullopt;
    hash.update(buffer.data(), n);
    at += n;
  }
  if (to_hex(hash.finish()) != head->sha256) return std::nullopt;
  return FileEntry{file, head->offset, head->size, head->sha256, head->meta};
}

std::optional<std::string> BuildCache::find(std::string_view kind, std::string_view key) const {
  const fs::path file = entry_path(kind, key);
  if (file.empty()) return std::nullopt;
  struct stat st {};
  Fd fd(open_regular(file, st));
  if (fd.get() < 0 || static_cast<std::uint64_t>(st.st_size) > kMaxInMemory) return std::nullopt;
  std::string all(static_cast<std::size_t>(st.st_size), '\0');
  if (!read_at(fd.get(), all.data(), all.size(), 0)) return std::nullopt;
  auto head = parse_head(std::string_view(all).substr(0, kMaxHead));
  if (!head || head->offset + head->size != all.size() || !head->meta.empty()) return std::nullopt;
  if (sodium_memcmp(head->mac.data(), mac(kind, key, head->meta, head->size, head->sha256).data(), head->mac.size()) != 0)
    return std::nullopt;
  all.erase(0, head->offset);
  if (to_hex(sha256(all)) != head->sha256) return std::nullopt;
  return all;
}

void BuildCache::store_file(std::string_view kind, std::string_view key, std::string_view meta,
                            std::string_view bytes) const {
  const fs::path file = entry_path(kind, key);
  if (file.empty() || meta.find('\n') != std::string_view::npos || meta.size() > kMaxHead / 2) return;
  const std::string digest = to_hex(sha256(bytes));
  const std::string first =
      fmt::format("{} {} {} {}\n", kFormat, bytes.size(), digest, mac(kind, key, meta, bytes.size(), digest));
  write_file_atomically(file, {first, meta, "\n", bytes});  // a failed write only costs time
}

void BuildCache::store(std::string_view kind, std::string_view key, std::string_view bytes) const {
  store_file(kind, key, "", bytes);
}

}  // namespace hocso
