// hocso keygen: a minisign-compatible key pair.

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include <fmt/format.h>

#include "cli.h"
#include "fatal.h"
#include "signing.h"
#include "signing_key_source.h"
#include "hocso/messages.h"

namespace hocso::cli {

namespace {

struct KeygenArgs {
  std::string out;
  bool unencrypted = false;
};

int keygen(const KeygenArgs& args, const CommonOptions& common) {
  std::optional<std::string> password;
  if (!args.unencrypted) {
    if (const char* env = std::getenv("HOCSO_KEY_PASSWORD"); env && *env) {
      password = env;
    } else if (::isatty(STDIN_FILENO)) {
      std::string first = signing::password_for(args.out + ".key");
      std::string again = signing::password_for(args.out + ".key", true);
      if (first != again) throw FatalError(_("the two passwords differ"));
      if (first.empty()) throw FatalError(_("an empty password; use --unencrypted for a key without one"));
      password = first;
    } else {
      throw FatalError(_("no password: set HOCSO_KEY_PASSWORD, run on a terminal, or pass --unencrypted (for CI)"));
    }
  }
  signing::KeyPair pair = signing::generate_key_pair();
  write_key_pair(args.out, pair, password);
  const std::string id = signing::key_id_hex(pair.public_key.key_id);
  if (common.format == Format::json) {
    print_json({{"command", "keygen"}, {"ok", true}, {"public_key", args.out + ".pub"},
                {"secret_key", args.out + ".key"}, {"key_id", id}, {"encrypted", password.has_value()}});
  } else {
    const auto name = fmt::arg("name", args.out);
    std::printf("%s\n%s\n",
                (password ? fmt::format(fmt::runtime(_("wrote {name}.pub (public: give it to kiosks and apps) and "
                                                       "{name}.key (secret, password-protected: keep it safe)")),
                                        name)
                          : fmt::format(fmt::runtime(_("wrote {name}.pub (public: give it to kiosks and apps) and "
                                                       "{name}.key (secret, NOT encrypted: keep it safe)")),
                                        name))
                    .c_str(),
                fmt::format(fmt::runtime(_("key id {id}")), fmt::arg("id", id)).c_str());
  }
  return exit_ok;
}

void add_keygen_options(CLI::App& app, KeygenArgs& args) {
  app.add_option("--out", args.out, _("Base name of the key files"))->required()->option_text("NAME");
  app.add_flag("--unencrypted", args.unencrypted,
               _("Do not protect the secret key with a password (for CI secrets stores)"));
  app.footer(
      _("The password comes from HOCSO_KEY_PASSWORD or a prompt. Existing files are never overwritten.\n"
        "Exit status: 0 success, 1 content or verification errors, 2 usage or environment errors."));
}

}  // namespace

std::vector<Command> key_commands() {
  return {
      command<KeygenArgs>("keygen", N_("Create a minisign-compatible key pair NAME.pub / NAME.key"), add_keygen_options,
                          keygen),
  };
}

}  // namespace hocso::cli
