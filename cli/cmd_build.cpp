// hocso build / hocso check: load, validate (plugins), and for build package and sign.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "build_cache.h"
#include "build_inputs.h"
#include "bundle_builder.h"
#include "bundle_writer.h"
#include "cli.h"
#include "display_path.h"
#include "fatal.h"
#include "interrupt.h"
#include "lesson_stream.h"
#include "message_language.h"
#include "pack_check.h"
#include "pack_loader.h"
#include "signing_key_source.h"
#include "stage_runner.h"
#include "writing_checks.h"
#include "hocso/messages.h"

namespace hocso::cli {

namespace fs = std::filesystem;

namespace {

struct BuildArgs {
  std::vector<std::string> packs;
  std::string out_dir = "dist";
  std::vector<std::string> profiles;
  std::string key;
  int jobs = 0;
  CacheOptions cache;
  bool strict = false;
};

enum class Mode { check, build };

// What to check or build: a pack, or (check only) one lesson of a pack.
struct Target {
  fs::path pack_file;
  std::optional<std::string> lesson;  // only this lesson of the pack
};

// Whether `path` names a lesson (its folder or its lesson.md) rather than a pack file.
bool names_lesson(const fs::path& path) {
  std::error_code ec;
  return fs::is_directory(path, ec) || path.filename() == "lesson.md";
}

// The packs that list the lesson at `path` (its folder or lesson.md), found in
// the packs/ folder beside its lessons/ folder. A lesson that no pack lists is
// reported [lesson-not-in-pack] as an error: it cannot be checked without one.
std::vector<Target> lesson_targets(const fs::path& path, Diagnostics& diagnostics) {
  std::error_code ec;
  fs::path folder = fs::absolute(path, ec).lexically_normal();
  if (folder.filename().empty()) folder = folder.parent_path();  // "lessons/x/"
  if (!fs::is_directory(folder, ec)) folder = folder.parent_path();
  const std::string usage = "hocso check takes a pack file (content/packs/NAME.yaml), a lesson folder or its lesson.md";
  if (!fs::is_regular_file(folder / "lesson.md", ec))
    throw FatalError(fmt::format("{} has no lesson.md; {}", display_path(folder), usage));
  const fs::path lessons_dir = folder.parent_path();
  if (lessons_dir.filename() != "lessons")
    throw FatalError(
        fmt::format("{} is not in the lessons/ folder of a content folder (content/lessons/ID/), so its "
                    "pack cannot be found; {}",
                    display_path(folder), usage));
  const fs::path content_root = lessons_dir.parent_path();
  const std::string id = folder.filename().string();
  std::vector<Target> targets;
  for (const fs::path& file : find_pack_files(content_root)) {
    Diagnostics ignored;  // reported when the pack is checked
    if (auto pack = load_pack_file(file, ignored); pack && pack->lists(id)) targets.push_back({file, id});
  }
  if (targets.empty()) {
    Diagnostic not_listed = lesson_not_in_pack(folder, content_root / "packs");
    not_listed.severity = Severity::error;
    diagnostics.report(std::move(not_listed));
  }
  return targets;
}

// The packs (and lessons) named on the command line, or every pack under
// ./content/packs (or ./packs when run inside the content folder).
std::vector<Target> targets(Mode mode, const std::vector<std::string>& named, Diagnostics& diagnostics) {
  std::vector<Target> found;
  for (const fs::path path : named) {
    if (names_lesson(path)) {
      if (mode == Mode::build)
        throw FatalError(
            fmt::format("{} is a lesson; hocso build takes pack files (check one lesson with hocso check {})",
                        path.string(), path.string()));
      for (Target& target : lesson_targets(path, diagnostics)) found.push_back(std::move(target));
    } else if (path.extension() == ".md") {
      throw FatalError(fmt::format("{} is a Markdown file, not a pack file; {}", path.string(),
                                   mode == Mode::check ? "hocso check takes a pack file (content/packs/NAME.yaml), a "
                                                         "lesson folder or its lesson.md"
                                                       : "hocso build takes pack files (content/packs/NAME.yaml)"));
    } else {
      found.push_back({path, std::nullopt});
    }
  }
  if (!named.empty()) return found;
  for (const std::string& file : pack_files({})) found.push_back({file, std::nullopt});
  return found;
}

std::string human_size(std::uint64_t bytes) {
  if (bytes < 10 * 1024) return fmt::format("{} B", bytes);
  if (bytes < 10 * 1024 * 1024) return fmt::format("{} KiB", bytes / 1024);
  return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

// Progress of a build. On a terminal, one line rewritten in place at most ten
// times a second ("hocso build: phone images 120/1200, 30 from cache, about
// 14 s left"); otherwise one plain log line as each stage ends, for CI logs.
class ProgressReport {
 public:
  explicit ProgressReport(bool terminal) : terminal_(terminal) {}

  void operator()(const BuildProgress& p) {
    using Clock = std::chrono::steady_clock;
    const auto now = Clock::now();
    if (p.profile != profile_) {
      profile_ = p.profile;
      start_ = now;
      last_ = {};
    }
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const bool finished = p.lessons >= p.total;
    const std::string images =
        p.images == 0 ? "" : fmt::format(", {} images{}", p.images, p.cached > 0 ? fmt::format(" ({} from cache)", p.cached) : "");
    const std::string reused =
        p.reused == 0 ? "" : fmt::format(fmt::runtime(_(", {count} unchanged (carried over from the earlier bundle)")),
                                         fmt::arg("count", p.reused));
    if (!terminal_) {
      if (finished)
        std::fprintf(stderr, "hocso build: %s: %zu lessons%s%s in %.1f s\n", p.profile.c_str(), p.total,
                     p.images == 0 ? "" : fmt::format(" with {} images", p.images).c_str(), reused.c_str(), elapsed);
      return;
    }
    if (!finished && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    std::string left;
    if (p.lessons > 0 && !finished && elapsed > 1.0)
      left = fmt::format(", about {:.0f} s left", elapsed / p.lessons * (p.total - p.lessons));
    std::fprintf(stderr, "\r\033[Khocso build: %s: lessons %zu/%zu%s%s%s", p.profile.c_str(), p.lessons, p.total,
                 images.c_str(), reused.c_str(), left.c_str());
    if (finished) std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
  }

 private:
  bool terminal_;
  std::string profile_;
  std::chrono::steady_clock::time_point start_{}, last_{};
};

// --strict, for build and check.
void add_strict_option(CLI::App& app, BuildArgs& args) {
  app.add_flag("--strict", args.strict,
               _("Treat every warning as an error (exit 1, no bundle written): for CI, so that nothing a writer "
                 "was warned about is published"));
}

int run(Mode mode, const BuildArgs& args, const CommonOptions& common) {
  const bool json = common.format == Format::json;
  if (mode == Mode::build) install_interrupt_handler();
  Diagnostics diagnostics;
  diagnostics.treat_warnings_as_errors(args.strict);
  PluginHost host = load_plugins(common);
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const unsigned jobs = args.jobs > 0 ? static_cast<unsigned>(args.jobs) : cores;
  BuildOptions options;
  options.out_dir = args.out_dir;
  options.profiles = args.profiles;
  options.source_date_epoch = source_date_epoch_from_environment();
  options.media.jobs = jobs;
  const std::unique_ptr<BuildCache> cache =
      BuildCache::open({!args.cache.no_cache, args.cache.dir, {}, args.cache.trust}, diagnostics);
  options.media.cache = cache.get();
  options.tools = hocso_program_files();
  options.tools.push_back(hocso_data_dir());
  for (const LoadedPlugin& plugin : host.plugins()) options.tools.push_back(plugin.file);
  if (!json) options.progress = ProgressReport(::isatty(STDERR_FILENO) != 0);
  // A pack's lessons are loaded, validated and translated a batch at a time
  // (the lesson stream); `build` makes its first profile's pages from each
  // batch as it goes and the rest of its bundles after the check. Bundles are moved into place only
  // when every pack has passed.
  struct PackRun {
    std::unique_ptr<Pack> pack;
    LocalizedSummaries translations;
    std::unique_ptr<PackBuild> build;
  };
  std::vector<PackRun> runs;
  std::vector<std::string> checked_lessons;  // check of single lessons: "x (pack p)"
  std::size_t recalled_lessons = 0;          // taken from the stream record, not read again
  // A key given (--key, HOCSO_KEY_FILE, HOCSO_SECRET_KEY) is read before the
  // build: an unusable key or a wrong password stops it at once, not minutes
  // later at signing. The development key depends on the pack's folder.
  std::optional<fs::path> key_file;
  if (!args.key.empty()) key_file = args.key;
  std::optional<ChosenKey> given_key;
  if (mode == Mode::build && signing_key_given(key_file)) given_key = choose_signing_key(key_file, fs::current_path());
  for (const Target& target : targets(mode, args.packs, diagnostics)) {
    auto loaded = load_pack_file(target.pack_file, diagnostics);
    if (!loaded) continue;
    PackRun run{std::make_unique<Pack>(std::move(*loaded)), {}, nullptr};
    Pack& pack = *run.pack;
    if (target.lesson) {
      // Only that lesson is read; the pack's listing still says which lessons links and `requires` may name.
      std::erase_if(pack.to_load, [&](const Pack::Listing& l) { return l.id != *target.lesson; });
      checked_lessons.push_back(fmt::format(fmt::runtime(_("lesson {lesson} (pack {pack})")),
                                            fmt::arg("lesson", *target.lesson), fmt::arg("pack", pack.pack_path)));
    } else {
      check_lesson_folders_listed(pack, diagnostics);
    }
    // The same localize options for the check's read and every later read of the build.
    options.localize = localize_options(pack, host);
    options.localize.cache = cache.get();
    // A machine voice the pack asks for and cannot have is an error in check too.
    std::optional<SpeechStageChoice> speech = choose_speech_stage(pack, host, diagnostics);
    // What the first read found of each lesson is kept in the build cache: the
    // next check, or build into the same folder, takes the unchanged lessons
    // from it (decision 0027). Not for one lesson of a pack.
    StreamRecordSetup record;
    if (!target.lesson) {
      std::error_code ec;
      record = {cache.get(), options.tools,
                mode == Mode::check ? "check" : "build " + fs::absolute(options.out_dir, ec).lexically_normal().string(),
                mode == Mode::check ? fs::path() : options.out_dir};
    }
    if (mode == Mode::check) {
      CheckedLessons checked = check_lessons(pack, host, options.localize, diagnostics, jobs, std::move(record));
      run.translations = std::move(checked.translations);
      recalled_lessons += checked.recalled;
    } else {
      options.media_stage = choose_media_stage(pack, host);
      options.audio_stage = choose_audio_stage(pack, host);
      options.speech_stage = std::move(speech);
      options.media.fallbacks = options.localize.fallbacks;
      run.build = std::make_unique<PackBuild>(pack, options, diagnostics);
      LessonStream stream(pack, host, options.localize, diagnostics, jobs, {run.build->profiles(), std::move(record)});
      while (const LocalizedBatch* batch = stream.next()) run.build->batch(*batch, stream.summaries());
      run.translations = stream.finish();
      recalled_lessons += stream.recalled();
    }
    runs.push_back(std::move(run));
  }

  nlohmann::ordered_json bundles = nlohmann::ordered_json::array();
  std::vector<std::string> lines;  // for people: what was written
  nlohmann::ordered_json key_info;
  if (mode == Mode::build && diagnostics.error_count() == 0) {
    const fs::path project_dir = runs.empty() ? fs::current_path() : runs.front().pack->content_root.parent_path();
    ChosenKey key = given_key ? std::move(*given_key) : choose_signing_key(key_file, project_dir);
    for (const auto& warning : key.warnings) diagnostics.warning({}, warning, "key-permissions");
    key_info = {{"source", key.source}, {"development", key.development}, {"created", key.created},
                {"public_key", key.public_key_file.string()}};
    if (!json && key.development) {
      const std::string key_path = key.file.string();
      const auto file = fmt::arg("key", key_path);
      std::fprintf(stderr, "hocso build: %s: %s\n", severity_word(Severity::note),
                   (key.created ? fmt::format(fmt::runtime(_("signing with the development key {key} (created now); pass "
                                                             "--key FILE (or HOCSO_KEY_FILE) to sign for publishing")),
                                              file)
                                : fmt::format(fmt::runtime(_("signing with the development key {key}; pass --key FILE (or "
                                                             "HOCSO_KEY_FILE) to sign for publishing")),
                                              file))
                       .c_str());
    }
    bool finished = true;
    for (auto& run : runs) finished = run.build->finish(run.translations, key.key) && finished;
    for (auto& run : runs) {
      if (!finished) break;
      for (const auto& b : run.build->publish()) {
        bundles.push_back({{"path", b.path.string()}, {"pack", run.pack->id}, {"version", run.pack->version},
                           {"profile", b.profile}, {"size", b.size}, {"entries", b.entries},
                           {"media", b.media}, {"manifest_sha256", b.manifest_sha256},
                           {"reused_lessons", b.reused_lessons}});
        lines.push_back(fmt::format(fmt::runtime(_("wrote {bundle} ({size}, {entries} entries, {media} pictures and sound files)")),
                                    fmt::arg("bundle", b.path.string()), fmt::arg("size", human_size(b.size)),
                                    fmt::arg("entries", b.entries), fmt::arg("media", b.media)));
      }
    }
    if (!bundles.empty() && !key.public_key_file.empty())
      lines.push_back(fmt::format(fmt::runtime(_("verify with: hocso verify {bundle} --pubkey {key}")),
                                  fmt::arg("bundle", bundles[0]["path"].get<std::string>()),
                                  fmt::arg("key", key.public_key_file.string())));
  }

  const bool ok = diagnostics.error_count() == 0;
  if (json) {
    nlohmann::ordered_json out{{"command", mode == Mode::build ? "build" : "check"}, {"ok", ok},
                               {"errors", diagnostics.error_count()}, {"warnings", diagnostics.warning_count()},
                               {"diagnostics", diagnostics_json(diagnostics)}, {"recalled_lessons", recalled_lessons}};
    if (mode == Mode::build) {
      out["bundles"] = bundles;
      if (!key_info.is_null()) out["key"] = key_info;
    }
    print_json(out);
  } else {
    if (mode == Mode::check && ok && !checked_lessons.empty())
      // TRANSLATORS: "lesson x (pack y) checked: 0 errors, 1 warning".
      lines.push_back(fmt::format(fmt::runtime(_("{lessons} checked: {summary}")),
                                  fmt::arg("lessons", fmt::join(checked_lessons, ", ")),
                                  fmt::arg("summary", count_summary(diagnostics))));
    else if (mode == Mode::check && ok)
      lines.push_back(fmt::format(fmt::runtime(P_("{count} pack checked: {summary}", "{count} packs checked: {summary}",
                                                  runs.size())),
                                  fmt::arg("count", runs.size()), fmt::arg("summary", count_summary(diagnostics))));
    report(mode == Mode::build ? "hocso build" : "hocso check", diagnostics, common.format, lines);
    if (mode == Mode::build && !ok) std::fprintf(stderr, "hocso build: %s\n", _("no bundle written"));
  }
  return ok ? exit_ok : exit_content;
}

}  // namespace

void add_cache_options(CLI::App& app, CacheOptions& cache) {
  app.add_flag("--no-cache", cache.no_cache,
               _("Use no build cache: read, check and translate every lesson, make every image, check and parse "
                 "every catalog, read every picture's text (the privacy check's OCR) again; read and write nothing "
                 "in the cache"));
  app.add_option("--cache-dir", cache.dir,
                 _("The build cache's folder (default: $XDG_CACHE_HOME/hocso, else ~/.cache/hocso). Entries are "
                   "authenticated with a secret in $XDG_STATE_HOME/hocso/cache.key; others are ignored"))
      ->option_text("DIR");
  app.add_flag("--trust-cache", cache.trust,
               _("Use the cache even when its folder or secret can be written (or the secret read) by other "
                 "users (without it such a cache is not used)"));
}

std::vector<std::string> pack_files(const std::vector<std::string>& named) {
  if (!named.empty()) return named;
  for (const char* dir : {"content", "."}) {
    std::vector<std::string> files;
    for (const auto& file : find_pack_files(dir)) files.push_back(file.string());
    if (!files.empty()) return files;
  }
  throw FatalError(
      _("no pack given and none found in content/packs/ or packs/; run from the project folder or "
        "name a pack file (hocso build content/packs/NAME.yaml)"));
}

namespace {

void add_build_options(CLI::App& app, BuildArgs& args) {
  app.add_option("packs", args.packs, _("Pack files (default: every content/packs/*.yaml)"))
      ->option_text("PACK.yaml...");
  app.add_option("--out", args.out_dir, _("Output folder"))->option_text("DIR")->capture_default_str();
  app.add_option("--profile", args.profiles, _("Build only this device profile (repeatable; default: all)"))
      ->option_text("NAME");
  app.add_option("--key", args.key,
                 _("minisign secret key to sign with (default: HOCSO_KEY_FILE, HOCSO_SECRET_KEY, else a "
                   "development key in .hocso/)"))
      ->option_text("FILE");
  add_jobs_option(app, args.jobs,
                  _("Worker threads for loading, translating and rendering lessons and for image work (default: "
                    "all cores; the bundle is the same for any N)"));
  add_cache_options(app, args.cache);
  add_strict_option(app, args);
  app.footer(
      _("Checks as `hocso check` does first: a content error writes no bundle.\n"
        "A bundle this build wrote before, still in --out, lends the pages of the lessons whose files did\n"
        "not change (copied as stored; the bundle is the same as a build from nothing); --no-cache, a\n"
        "changed bundle or other tools and plugins make every page again (docs/decisions/0026).\n"
        "Progress: on a terminal one line per profile (lessons done, images, the time left); otherwise\n"
        "one log line per profile on stderr; nothing extra with --format json.\n"
        "Exit status: 0 success, 1 content or verification errors, 2 usage or environment errors."));
}

void add_check_options(CLI::App& app, BuildArgs& args) {
  app.add_option("packs", args.packs,
                 _("Pack files, lesson folders or lesson.md files (default: every content/packs/*.yaml); a "
                   "lesson is checked with each pack in its content folder's packs/ that lists it"))
      ->option_text("PACK.yaml|LESSON...");
  add_cache_options(app, args.cache);
  add_strict_option(app, args);
  app.footer(
      _("Runs every check `hocso build` runs that needs no output: the schemas, the lesson rules and\n"
        "the writing checks (docs/writers.md, \"Checks\"), translations, each step's fit on the\n"
        "screen of every profile, and validate-privacy: no ID, phone, card or account numbers,\n"
        "e-mail addresses or OTP codes in the texts, translations or pictures (read with OCR after\n"
        "their redact: boxes; readings are kept in the build cache; values that may be shown go\n"
        "under `privacy: allow:`, docs/writers.md \"Privacy\"). A pack's `checks:` sets a check's\n"
        "severity (error, warning or off).\n"
        "Exit status: 0 no errors, 1 content errors, 2 usage or environment errors."));
}

}  // namespace

std::vector<Command> build_commands() {
  return {
      command<BuildArgs>(
          "build", N_("Validate packs and write one signed bundle per profile into dist/"), add_build_options,
          [](const BuildArgs& args, const CommonOptions& common) { return run(Mode::build, args, common); }),
      command<BuildArgs>(
          "check", N_("Validate packs and lessons without writing anything"), add_check_options,
          [](const BuildArgs& args, const CommonOptions& common) { return run(Mode::check, args, common); }),
  };
}

}  // namespace hocso::cli
