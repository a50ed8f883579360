// hocso handout: a lesson (or every lesson) of a pack in one language as an A4
// PDF. The pack is built for one profile into a temporary folder, signed with a
// throwaway key and read back like any bundle; Debian's Chromium prints the
// lesson pages with the viewer's print rules (handout_style.h), and pdfunite
// joins the lessons.

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "build_cache.h"
#include "bundle_builder.h"
#include "bundle_writer.h"
#include "cli.h"
#include "fatal.h"
#include "hocso/bundle_reader.h"
#include "lesson_stream.h"
#include "pack_loader.h"
#include "plugin_host.h"
#include "share_link.h"
#include "signing.h"
#include "stage_runner.h"
#include "hocso/messages.h"

extern char** environ;

namespace hocso::cli {

namespace fs = std::filesystem;

namespace {

struct HandoutArgs {
  std::string pack;
  std::string lang;
  std::string lesson;
  std::string out;
  std::string profile;
  int jobs = 0;
};

// A folder of our own under $TMPDIR, removed with everything in it.
class TemporaryFolder {
 public:
  TemporaryFolder() {
    std::string pattern = (fs::temp_directory_path() / "hocso-handout-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
      throw FatalError(fmt::format("cannot create a temporary folder {}: {}", pattern, std::strerror(errno)));
    path_ = pattern;
  }
  ~TemporaryFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Runs `argv` (found on PATH) with stdin from /dev/null and its output in
// `log`; its exit status, or throws FatalError when it cannot start.
int run_program(const std::vector<std::string>& argv, const fs::path& log, const char* install_hint) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw FatalError(fmt::format("cannot run {}: {} ({})", argv[0], std::strerror(spawned), install_hint));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw FatalError(fmt::format("waiting for {}: {}", argv[0], std::strerror(errno)));
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

// The last 600 bytes of a program's output, for the error message.
std::string tail_of(const fs::path& log) {
  std::ifstream in(log, std::ios::binary | std::ios::ate);
  const std::streamoff size = in ? static_cast<std::streamoff>(in.tellg()) : 0;
  if (size <= 0) return "(no output)";
  const std::streamoff start = size > 600 ? size - 600 : 0;
  std::string text(static_cast<std::size_t>(size - start), '\0');
  in.seekg(start);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  return (start > 0 ? "…" : "") + text;
}

// Every entry of a checked bundle as files under `site`.
void unpack(const BundleReader& reader, const fs::path& site) {
  for (const auto& entry : reader.entries()) {
    const auto data = reader.read(entry.name);
    if (!data) throw FatalError(fmt::format("cannot read {} from the bundle just built", entry.name));
    const fs::path file = site / entry.name;  // names are checked: no "..", no absolute paths
    fs::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out.write(data->data(), static_cast<std::streamsize>(data->size()));
    if (!out) throw FatalError(fmt::format("cannot write {}", file.string()));
  }
}

std::string list_of(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

int run(const HandoutArgs& args, const CommonOptions& common) {
  const bool json = common.format == Format::json;
  // The output file first: a typo there should not cost a build.
  const fs::path out = fs::absolute(args.out);
  std::error_code ec;
  if (!fs::is_directory(out.parent_path(), ec))
    throw FatalError(fmt::format("cannot write {}: the folder {} does not exist", args.out, out.parent_path().string()));
  if (fs::is_directory(out, ec)) throw FatalError(fmt::format("cannot write {}: it is a folder", args.out));

  Diagnostics diagnostics;
  PluginHost host = load_plugins(common);
  auto loaded = load_pack_file(args.pack, diagnostics);
  auto fail = [&] {
    if (json)
      print_json({{"command", "handout"}, {"ok", false}, {"errors", diagnostics.error_count()},
                  {"warnings", diagnostics.warning_count()}, {"diagnostics", diagnostics_json(diagnostics)}});
    else {
      print_diagnostics(diagnostics);
      std::fprintf(stderr, "hocso handout: %s; no handout written\n", count_summary(diagnostics).c_str());
    }
    return exit_content;
  };
  if (!loaded || diagnostics.error_count() > 0) return fail();
  const auto pack = std::make_unique<Pack>(std::move(*loaded));
  if (std::find(pack->languages.begin(), pack->languages.end(), args.lang) == pack->languages.end())
    throw FatalError(fmt::format("--lang {}: {} has the languages {}", args.lang, pack->pack_path, list_of(pack->languages)));
  std::vector<std::string> lessons;
  for (const auto& l : pack->to_load) lessons.push_back(l.id);
  if (!args.lesson.empty()) {
    if (std::find(lessons.begin(), lessons.end(), args.lesson) == lessons.end())
      throw FatalError(fmt::format("--lesson {}: {} does not list it (it lists {})", args.lesson, pack->pack_path, list_of(lessons)));
    lessons = {args.lesson};
  }
  std::vector<std::string> profiles;
  for (const auto& p : pack->profiles) profiles.push_back(p.name);
  const std::string profile = args.profile.empty() ? profiles.front() : args.profile;
  if (std::find(profiles.begin(), profiles.end(), profile) == profiles.end())
    throw FatalError(fmt::format("--profile {}: {} has the profiles {}", profile, pack->pack_path, list_of(profiles)));

  // The bundle, as `hocso build --profile P` makes it.
  TemporaryFolder temp;
  const unsigned jobs = args.jobs > 0 ? static_cast<unsigned>(args.jobs) : std::max(1u, std::thread::hardware_concurrency());
  BuildOptions options;
  options.out_dir = temp.path() / "bundle";
  options.profiles = {profile};
  options.source_date_epoch = source_date_epoch_from_environment();
  options.media.jobs = jobs;
  const std::unique_ptr<BuildCache> cache = BuildCache::open({}, diagnostics);
  options.media.cache = cache.get();
  options.localize = localize_options(*pack, host);
  options.localize.cache = cache.get();
  options.media_stage = choose_media_stage(*pack, host);
  options.media.fallbacks = options.localize.fallbacks;
  PackBuild build(*pack, options, diagnostics);
  LessonStream stream(*pack, host, options.localize, diagnostics, jobs, {.fit = build.profiles(), .record = {}});
  while (const LocalizedBatch* batch = stream.next()) build.batch(*batch, stream.summaries());
  const LocalizedSummaries translations = stream.finish();
  if (diagnostics.error_count() > 0) return fail();
  // Read back only here: a key of its own, never a publishing key.
  const signing::KeyPair key = signing::generate_key_pair();
  if (!build.finish(translations, key.secret_key)) return fail();
  const auto built = build.publish();
  if (built.empty()) throw FatalError("internal error: the build wrote no bundle");
  const BundleReader reader = BundleReader::open(built.front().path, {signing::format_public_key(key.public_key)});
  if (!reader.ok()) throw FatalError(fmt::format("internal error: the bundle just built is refused: {}", reader.problems().front().message));
  const fs::path site = temp.path() / "site";
  unpack(reader, site);

  // Each lesson page printed on its own; a blank profile folder keeps the
  // user's Chromium settings and extensions out.
  const char* chromium = std::getenv("HOCSO_CHROMIUM");
  const std::string browser = chromium && *chromium ? chromium : "chromium";
  const fs::path log = temp.path() / "chromium.log";
  std::vector<std::string> pdfs;
  for (std::size_t i = 0; i < lessons.size(); ++i) {
    const fs::path page = site / args.lang / (lessons[i] + ".html");
    const fs::path pdf = temp.path() / fmt::format("{:05}.pdf", i);
    const int status = run_program(
        {browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--user-data-dir=" + (temp.path() / "chromium-profile").string(), "--no-pdf-header-footer",
         "--virtual-time-budget=10000", "--print-to-pdf=" + pdf.string(), "file://" + page.string()},
        log, "install Debian's chromium: build-tools/setup-browser, or set HOCSO_CHROMIUM");
    if (status != 0 || !fs::is_regular_file(pdf, ec) || fs::file_size(pdf, ec) == 0)
      throw FatalError(fmt::format("{} could not print {}/{}.html (exit {}): {}", browser, args.lang, lessons[i], status, tail_of(log)));
    pdfs.push_back(pdf.string());
  }

  // Written beside the destination, then renamed over it: never half a file.
  const fs::path partial = out.parent_path() / fmt::format(".{}.{}.partial", out.filename().string(), ::getpid());
  if (pdfs.size() == 1) {
    fs::copy_file(pdfs.front(), partial, fs::copy_options::overwrite_existing, ec);
    if (ec) throw FatalError(fmt::format("cannot write {}: {}", args.out, ec.message()));
  } else {
    std::vector<std::string> unite{"pdfunite"};
    unite.insert(unite.end(), pdfs.begin(), pdfs.end());
    unite.push_back(partial.string());
    if (run_program(unite, log, "install Debian's poppler-utils") != 0) {
      fs::remove(partial, ec);
      throw FatalError(fmt::format("pdfunite could not join the lessons into {}: {}", args.out, tail_of(log)));
    }
  }
  fs::rename(partial, out, ec);
  if (ec) {
    fs::remove(partial, ec);
    throw FatalError(fmt::format("cannot write {}: {}", args.out, ec.message()));
  }
  if (json) {
    print_json({{"command", "handout"}, {"ok", true}, {"out", args.out}, {"pack", pack->id}, {"lang", args.lang},
                {"profile", profile}, {"lessons", lessons}, {"share_url", pack_share_url(*pack)}, {"size", fs::file_size(out, ec)},
                {"warnings", diagnostics.warning_count()}, {"diagnostics", diagnostics_json(diagnostics)}});
  } else {
    print_diagnostics(diagnostics);
    std::printf("wrote %s (%zu lesson%s in %s%s)\n", args.out.c_str(), lessons.size(), lessons.size() == 1 ? "" : "s",
                args.lang.c_str(), pack_share_url(*pack).empty() ? ", no QR codes: the pack has no share_url" : "");
  }
  return exit_ok;
}

void add_handout_options(CLI::App& app, HandoutArgs& args) {
  app.add_option("pack", args.pack, _("The pack file"))->option_text("PACK.yaml")->required();
  app.add_option("--lang", args.lang, _("The language of the handout (one of the pack's languages)"))
      ->option_text("TAG")
      ->required();
  app.add_option("--lesson", args.lesson, _("Only this lesson (default: every lesson, each from a new page)"))
      ->option_text("ID");
  app.add_option("--out", args.out, _("The PDF file to write (replaced if it exists)"))
      ->option_text("FILE.pdf")
      ->required();
  app.add_option("--profile", args.profile,
                 _("The device profile whose pictures are printed (default: the pack's first)"))
      ->option_text("NAME");
  add_jobs_option(app, args.jobs, _("Worker threads for the build (default: all cores)"));
  app.footer(
      _("Each lesson's page is built as `hocso build --profile NAME` builds it and printed by Debian's\n"
        "chromium (headless --print-to-pdf; HOCSO_CHROMIUM names another binary); pdfunite\n"
        "(poppler-utils) joins the lessons. With the pack's share_url, each lesson ends with a QR code\n"
        "of <share_url>/<lang>/<lesson>.html.\n"
        "Exit status: 0 success, 1 content errors, 2 usage or environment errors."));
}

}  // namespace

std::vector<Command> handout_commands() {
  return {
      command<HandoutArgs>("handout",
                           N_("Print a pack's lessons in one language as an A4 PDF handout (through Chromium)"),
                           add_handout_options, run),
  };
}

}  // namespace hocso::cli
