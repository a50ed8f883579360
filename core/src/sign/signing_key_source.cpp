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
#include "say.h"

namespace hocso {

namespace fs = std::filesystem;

namespace {

// Creates `path` exclusively with `mode` and writes `text`; never overwrites.
void write_new_file(const fs::path& path, const std::string& text, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) throw FatalError(say(N_("{file} already exists; not overwriting it"), fmt::arg("file", path.string())));
    throw FatalError(
        say(N_("cannot create {file}: {reason}"), fmt::arg("file", path.string()), fmt::arg("reason", std::strerror(errno))));
  }
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) {
      ::close(fd);
      throw FatalError(say(N_("cannot write {file}"), fmt::arg("file", path.string())));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0)
    throw FatalError(say(N_("cannot write {file}"), fmt::arg("file", path.string())));
}

fs::path with_suffix(const fs::path& name, const char* suffix) { return fs::path(name.string() + suffix); }

}  // namespace

void write_key_pair(const fs::path& name, const signing::KeyPair& pair, const std::optional<std::string>& password) {
  const fs::path pub = with_suffix(name, ".pub");
  const fs::path key = with_suffix(name, ".key");
  std::error_code ec;
  for (const fs::path& file : {pub, key})
    if (fs::exists(file, ec))
      throw FatalError(say(N_("{file} already exists; not overwriting it"), fmt::arg("file", file.string())));
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
    chosen.warnings.push_back(say(N_("the secret key {file} can be read by other users; make it private: chmod 600 {file}"),
                                  fmt::arg("file", display_path(file))));
  fs::path pub = file;
  pub.replace_extension(".pub");
  std::error_code ec;
  if (!fs::is_regular_file(pub, ec)) return;
  const signing::PublicKey beside = signing::load_public_key(pub);
  const signing::PublicKey own = chosen.key.public_key();
  if (beside.key_id != own.key_id || beside.key != own.key)
    throw FatalError(say(N_("{public_key} does not belong to the secret key {secret_key} (key id {public_id} there, "
                            "{secret_id} in the secret key): bundles signed with it would be refused by whoever "
                            "trusts {public_key}. Use the matching pair, or move the wrong .pub away"),
                         fmt::arg("public_key", display_path(pub)),
                         fmt::arg("secret_key", display_path(file)),
                         fmt::arg("public_id", signing::key_id_hex(beside.key_id)),
                         fmt::arg("secret_id", signing::key_id_hex(own.key_id))));
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
    chosen.source = say(N_("key {file}"), fmt::arg("file", key_file->string()));
    return chosen;
  }
  if (const char* env = std::getenv("HOCSO_KEY_FILE"); env && *env) {
    load_key_file(chosen, env);
    chosen.source = say(N_("key {file} (HOCSO_KEY_FILE)"), fmt::arg("file", env));
    return chosen;
  }
  if (const char* env = std::getenv("HOCSO_SECRET_KEY"); env && *env) {
    std::optional<std::string> password;
    if (const char* p = std::getenv("HOCSO_KEY_PASSWORD")) password = p;
    chosen.key = signing::parse_secret_key(env, "HOCSO_SECRET_KEY", password);
    chosen.source = _("key from HOCSO_SECRET_KEY");
    return chosen;
  }
  const fs::path dir = project_dir / ".hocso";
  const fs::path key = dir / "dev.key";
  const fs::path pub = dir / "dev.pub";
  std::error_code ec;
  if (!fs::exists(key, ec)) {
    fs::create_directories(dir, ec);
    if (ec)
      throw FatalError(
          say(N_("cannot create {file}: {reason}"), fmt::arg("file", dir.string()), fmt::arg("reason", ec.message())));
    write_key_pair(dir / "dev", signing::generate_key_pair(), std::nullopt);
    chosen.created = true;
  }
  load_key_file(chosen, key);
  chosen.development = true;
  chosen.file = display_path(key);
  chosen.source = say(N_("development key {file}"), fmt::arg("file", chosen.file.string()));
  chosen.public_key_file = display_path(pub);
  return chosen;
}

}  // namespace hocso
