// hocso verify / hocso inspect: the reader's checks, from the command line.

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "bundle_manifest.h"
#include "cli.h"
#include "display_text.h"
#include "fatal.h"
#include "message_language.h"
#include "hocso/bundle_reader.h"
#include "hocso/messages.h"

namespace hocso::cli {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

std::vector<std::string> read_public_keys(const std::vector<std::string>& files) {
  std::vector<std::string> keys;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw FatalError(fmt::format(fmt::runtime(_("cannot read public key {file}")), fmt::arg("file", file)));
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str().size() > 4096)
      throw FatalError(
          fmt::format(fmt::runtime(_("{file} is too large to be a minisign public key")), fmt::arg("file", file)));
    keys.push_back(text.str());
  }
  return keys;
}

void print_bundle_problems(const std::string& bundle, const std::vector<BundleProblem>& problems) {
  // Entry names and messages quote the bundle (names, the signature's trusted
  // comment): escaped, so that a name cannot draw on the terminal.
  for (const auto& p : problems) {
    std::string entry =
        p.entry.empty() ? "" : fmt::format(fmt::runtime(_(" (entry '{entry}')")), fmt::arg("entry", display_text(p.entry)));
    std::fprintf(stderr, "%s: %s: %s%s [%s]\n", display_text(bundle).c_str(), severity_word(Severity::error),
                 display_text(p.message).c_str(), entry.c_str(), display_text(p.rule).c_str());
  }
}

namespace {

struct BundleArgs {
  std::string bundle;
  std::vector<std::string> pubkeys;
};

// The bundle, opened and checked; problems printed (human) or returned (json).
BundleReader open_checked(const BundleArgs& args) {
  if (!fs::exists(args.bundle))
    throw FatalError(fmt::format(fmt::runtime(_("{file}: no such file")), fmt::arg("file", args.bundle)));
  return BundleReader::open(args.bundle, read_public_keys(args.pubkeys));
}

Json problems_json(const BundleReader& reader) {
  Json list = Json::array();
  for (const auto& p : reader.problems()) list.push_back({{"rule", p.rule}, {"entry", p.entry}, {"message", p.message}});
  return list;
}

// The manifest of a bundle that passed, read again with the reader's checks:
// every field it has is present and of the right type.
ManifestSummary verified_manifest(const BundleReader& reader) {
  std::vector<BundleProblem> problems;
  auto manifest = parse_manifest(reader.manifest_json(), problems);
  if (!manifest) throw FatalError("the verified manifest no longer parses");  // never: open() parsed these bytes
  return std::move(*manifest);
}

int verify(const BundleArgs& args, const CommonOptions& common) {
  BundleReader reader = open_checked(args);
  const bool json = common.format == Format::json;
  if (json) {
    Json out{{"command", "verify"}, {"bundle", args.bundle}, {"ok", reader.ok()}, {"problems", problems_json(reader)}};
    if (reader.ok()) {
      // Only "pack" and "profile" are kept; the entries, most of a manifest, are skipped.
      const Json manifest = Json::parse(reader.manifest_json(), [](int depth, Json::parse_event_t event, Json& parsed) {
        return !(depth == 1 && event == Json::parse_event_t::key && parsed != "pack" && parsed != "profile");
      });
      out["pack"] = manifest.at("pack");
      out["profile"] = manifest.at("profile");
      out["entries"] = reader.entries().size();
      out["trusted_comment"] = reader.trusted_comment();
    }
    print_json(out);
  } else if (reader.ok()) {
    std::printf("%s\n", fmt::format(fmt::runtime(_("{bundle}: OK: pack {pack} {version}, profile {profile}, {entries} "
                                                   "entries, signature and every entry verified")),
                                    fmt::arg("bundle", display_text(args.bundle)), fmt::arg("pack", reader.pack_id()),
                                    fmt::arg("version", reader.pack_version()), fmt::arg("profile", reader.profile()),
                                    fmt::arg("entries", reader.entries().size()))
                            .c_str());
  } else {
    print_bundle_problems(args.bundle, reader.problems());
    std::fprintf(stderr, "%s\n",
                 fmt::format(fmt::runtime(P_("{bundle}: REFUSED: {count} problem", "{bundle}: REFUSED: {count} problems",
                                             reader.problems().size())),
                             fmt::arg("bundle", display_text(args.bundle)), fmt::arg("count", reader.problems().size()))
                     .c_str());
  }
  return reader.ok() ? exit_ok : exit_content;
}

// `text` padded with spaces to `width` characters (code points, not bytes:
// printf's %-20s would misalign "Tiếng Việt").
std::string padded(const std::string& text, std::size_t width) {
  std::size_t characters = 0;
  for (unsigned char c : text) characters += (c & 0xC0) != 0x80;
  return characters >= width ? text : text + std::string(width - characters, ' ');
}

int inspect(const BundleArgs& args, const CommonOptions& common) {
  BundleReader reader = open_checked(args);
  const bool json = common.format == Format::json;
  if (!reader.ok()) {
    if (json) print_json({{"command", "inspect"}, {"bundle", args.bundle}, {"ok", false}, {"problems", problems_json(reader)}});
    else print_bundle_problems(args.bundle, reader.problems());
    return exit_content;
  }
  std::uint64_t total = 0;
  for (const auto& e : reader.entries()) total += e.size;
  if (json) {
    print_json({{"command", "inspect"}, {"bundle", args.bundle}, {"ok", true}, {"manifest", Json::parse(reader.manifest_json())},
                {"uncompressed_size", total}, {"file_size", fs::file_size(args.bundle)}});
    return exit_ok;
  }
  // Ids, tags, levels and the version were checked against their patterns;
  // titles and names are free text from the bundle, shown escaped.
  const ManifestSummary manifest = verified_manifest(reader);
  std::printf("bundle   %s (verified)\n", display_text(args.bundle).c_str());
  std::printf("pack     %s %s — %s\n", manifest.pack_id.c_str(), manifest.pack_version.c_str(),
              display_text(manifest.pack_title).c_str());
  std::printf("profile  %s\n", manifest.profile.c_str());
  std::printf("size     %llu bytes in the file, %llu uncompressed, %zu entries\n",
              static_cast<unsigned long long>(fs::file_size(args.bundle)), static_cast<unsigned long long>(total),
              reader.entries().size());
  std::printf("languages\n");
  for (const auto& l : manifest.languages)
    std::printf("  %-12s %s %3.0f%% translated\n", l.tag.c_str(), padded(display_text(l.name), 20).c_str(),
                100.0 * l.coverage);
  std::printf("lessons\n");
  for (const auto& l : manifest.lessons)
    std::printf("  %-28s %-10s %s\n", l.id.c_str(), l.level.c_str(), display_text(l.title).c_str());
  std::uint64_t media_bytes = 0;
  std::size_t media_count = 0;
  for (const auto& e : reader.entries())
    if (e.name.rfind("media/", 0) == 0) {
      media_bytes += e.size;
      ++media_count;
    }
  std::printf("media    %zu images, %llu bytes\n", media_count, static_cast<unsigned long long>(media_bytes));
  return exit_ok;
}

std::function<int()> setup(CLI::App& app, CommonOptions& common, bool is_verify) {
  auto args = std::make_shared<BundleArgs>();
  app.add_option("bundle", args->bundle, _("The .hocso bundle"))->required()->option_text("BUNDLE");
  auto* key =
      app.add_option("--pubkey", args->pubkeys, _("Trusted minisign public key (repeatable)"))->option_text("FILE");
  if (is_verify) {
    key->required();
    return [args, &common] { return verify(*args, common); };
  }
  return [args, &common] {
    // Inspect checks the bundle too; it trusts the development key when no key is named.
    if (args->pubkeys.empty()) {
      if (!fs::exists(".hocso/dev.pub"))
        throw FatalError(_("name a trusted public key with --pubkey FILE (no .hocso/dev.pub here)"));
      args->pubkeys.push_back(".hocso/dev.pub");
    }
    return inspect(*args, common);
  };
}

}  // namespace

std::vector<Command> bundle_commands() {
  return {
      {"verify", N_("Check a bundle's layout, signature and every entry; exit 0 only if all pass"),
       [](CLI::App& app, CommonOptions& common) { return setup(app, common, true); }},
      {"inspect", N_("Verify a bundle, then show its pack, languages (coverage), lessons and sizes"),
       [](CLI::App& app, CommonOptions& common) { return setup(app, common, false); }},
  };
}

}  // namespace hocso::cli
