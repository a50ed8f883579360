#include "signing_key_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>

#include <fmt/format.h>

#include "display_path.h"
#include "fatal.h"

namespace hocso {

namespace fs = std::filesystem;

namespace {

// Creates `path` exclusively with `mode` and writes `text`; never overwrites.
void write_new_file(const fs::path& path, const std::string& text, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) throw FatalError(fmt::format("{} already exists; not overwriting it", path.string()));
    throw FatalError(fmt::format("cannot create {}: {}", path.string(), std::strerror(errno)));
  }
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) {
      ::close(fd);
      throw FatalError(fmt::format("cannot write {}", path.string()));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) throw FatalError(fmt::format("cannot write {}", path.string()));
}

fs::path with_suffix(const fs::path& name, const char* suffix) { return fs::path(name.string() + suffix); }

}  // namespace

void write_key_pair(const fs::path& name, const signing::KeyPair& pair, const std::optional<std::string>& password) {
  const fs::path pub = with_suffix(name, ".pub");
  const fs::path key = with_suffix(name, ".key");
  std::error_code ec;
  if (fs::exists(pub, ec)) throw FatalError(fmt::format("{} already exists; not overwriting it", pub.string()));
  if (fs::exists(key, ec)) throw FatalError(fmt::format("{} already exists; not overwriting it", key.string()));
  write_new_file(key, signing::format_secret_key(pair.secret_key, password), 0600);
  write_new_file(pub, signing::format_public_key(pair.public_key), 0644);
}

namespace {

// Loads the secret key in `file` and checks it against the NAME.pub beside it
// (when there is one); warns when others can read the file.
void load_key_file(ChosenKey& chosen, const fs::path& file) {
  chosen.key = signing::load_secret_key(file);
  struct stat st {};
  if (::stat(file.c_str(), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) != 0)
    chosen.warnings.push_back(fmt::format("the secret key {} can be read by other users; make it private: chmod 600 {}",
                                          display_path(file), display_path(file)));
  fs::path pub = file;
  pub.replace_extension(".pub");
  std::error_code ec;
  if (!fs::is_regular_file(pub, ec)) return;
  const signing::PublicKey beside = signing::load_public_key(pub);
  const signing::PublicKey own = chosen.key.public_key();
  if (beside.key_id != own.key_id || beside.key != own.key)
    throw FatalError(fmt::format(
        "{} does not belong to the secret key {} (key id {} there, {} in the secret key): bundles signed with "
        "it would be refused by whoever trusts {}. Use the matching pair, or move the wrong .pub away",
        display_path(pub), display_path(file), signing::key_id_hex(beside.key_id), signing::key_id_hex(own.key_id),
        display_path(pub)));
  chosen.public_key_file = pub;
}

}  // namespace

bool signing_key_given(const std::optional<fs::path>& key_file) {
  const auto set = [](const char* name) {
    const char* value = std::getenv(name);
    return value && *value;
  };
  return key_file || set("HOCSO_KEY_FILE") || set("HOCSO_SECRET_KEY");
}

ChosenKey choose_signing_key(const std::optional<fs::path>& key_file, const fs::path& project_dir) {
  ChosenKey chosen;
  if (key_file) {
    load_key_file(chosen, *key_file);
    chosen.source = fmt::format("key {}", key_file->string());
    return chosen;
  }
  if (const char* env = std::getenv("HOCSO_KEY_FILE"); env && *env) {
    load_key_file(chosen, env);
    chosen.source = fmt::format("key {} (HOCSO_KEY_FILE)", env);
    return chosen;
  }
  if (const char* env = std::getenv("HOCSO_SECRET_KEY"); env && *env) {
    std::optional<std::string> password;
    if (const char* p = std::getenv("HOCSO_KEY_PASSWORD")) password = p;
    chosen.key = signing::parse_secret_key(env, "HOCSO_SECRET_KEY", password);
    chosen.source = "key from HOCSO_SECRET_KEY";
    return chosen;
  }
  const fs::path dir = project_dir / ".hocso";
  const fs::path key = dir / "dev.key";
  const fs::path pub = dir / "dev.pub";
  std::error_code ec;
  if (!fs::exists(key, ec)) {
    fs::create_directories(dir, ec);
    if (ec) throw FatalError(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
    write_key_pair(dir / "dev", signing::generate_key_pair(), std::nullopt);
    chosen.created = true;
  }
  load_key_file(chosen, key);
  chosen.development = true;
  chosen.source = fmt::format("development key {}", display_path(key));
  chosen.public_key_file = display_path(pub);
  return chosen;
}

}  // namespace hocso
