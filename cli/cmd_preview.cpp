// hocso preview: the pack's viewer served from the sources on this machine,
// each page made again as soon as a file it comes from is saved, and the open
// page reloaded at the step that was edited. The pages are made in memory
// (preview/pack_preview.h) and served by hocso serve's server (serve/); the
// sources are watched with inotify (preview/source_watch.h). Nothing is
// written into the content folder.

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "build_cache.h"
#include "cli.h"
#include "hocso/messages.h"
#include "display_path.h"
#include "display_text.h"
#include "fatal.h"
#include "interrupt.h"
#include "pack_loader.h"
#include "pack_preview.h"
#include "preview_page.h"
#include "preview_site.h"
#include "server.h"
#include "source_watch.h"

namespace hocso::cli {

namespace fs = std::filesystem;

namespace {

struct PreviewArgs {
  std::string pack;
  serve::ServerOptions server;
  int jobs = 0;
  CacheOptions cache;
  bool log_requests = false;
};

// How long the sources must stay quiet before a rebuild (an editor's save is
// a burst of events), and the longest a burst may delay it.
constexpr auto kQuiet = std::chrono::milliseconds(20);
constexpr auto kLongest = std::chrono::milliseconds(250);

// Prints what a rebuild did: its diagnostics (compiler style) on stderr and
// one line on stdout; with --format json one JSON object a line on stdout.
class RebuildLog {
 public:
  explicit RebuildLog(Format format) : json_(format == Format::json) {}

  void rebuilt(const preview::RebuildReport& report) {
    if (json_) {
      nlohmann::ordered_json pages = nlohmann::ordered_json::object();
      for (const auto& [page, step] : report.changed_pages) pages[page] = step;
      Diagnostics diagnostics;
      for (const auto& d : report.diagnostics) diagnostics.report(d);
      print_json_line({{"event", report.whole_pack ? "pack-read" : "lessons-read"},
                  {"lessons", report.lessons},
                  {"milliseconds", static_cast<long long>(report.milliseconds + 0.5)},
                  {"errors", report.errors},
                  {"warnings", report.warnings},
                  {"changed_pages", pages},
                  {"diagnostics", diagnostics_json(diagnostics)}});
      return;
    }
    // format_human() escaped what came from the sources already.
    for (const auto& text : report.printed) std::fprintf(stderr, "%s\n", text.c_str());
    std::fflush(stderr);
    std::string what;
    if (report.whole_pack) what = fmt::format("đọc cả gói bài ({} bài)", report.lessons.size());
    else if (report.lessons.size() == 1) what = fmt::format("đọc lại bài {}", report.lessons.front());
    else what = fmt::format("đọc lại {} bài", report.lessons.size());
    const std::string counted = preview::problem_count_text(report.errors, report.warnings);
    std::printf("hocso preview: %s trong %lld ms%s%s; %zu trang đổi\n", display_text(what).c_str(),
                static_cast<long long>(report.milliseconds + 0.5), counted.empty() ? "" : ": ", counted.c_str(),
                report.changed_pages.size());
    std::fflush(stdout);
  }

  void note(const std::string& text) {
    if (json_) print_json_line({{"event", "note"}, {"message", text}});
    else std::printf("hocso preview: %s\n", display_text(text).c_str());
    std::fflush(stdout);
  }

  void listening(const std::string& url) {
    if (json_) {
      print_json_line({{"event", "listening"}, {"url", url}});
    } else {
      std::printf("Xem trước tại %s — sửa bài và lưu, trang tự tải lại. Dừng: Ctrl-C\n", url.c_str());
    }
    std::fflush(stdout);
  }

  void stopped() {
    if (json_) print_json_line({{"event", "stopped"}});
    else std::printf("hocso preview: đã dừng\n");
    std::fflush(stdout);
  }

 private:
  bool json_;
};

// The pack to preview: the one named, else the only one in content/packs/.
fs::path chosen_pack(const std::string& named) {
  const auto packs = pack_files(named.empty() ? std::vector<std::string>{} : std::vector<std::string>{named});
  if (packs.size() > 1) {
    std::string names;
    for (const auto& p : packs) names += (names.empty() ? "" : ", ") + display_path(p);
    throw FatalError(fmt::format("several packs found ({}); name the one to preview: hocso preview PACK.yaml", names));
  }
  if (!fs::is_regular_file(packs.front())) throw FatalError(fmt::format("{}: no such file", packs.front()));
  return packs.front();
}

// The preview's site, with the watcher stopped when the server stops.
class Session final : public serve::Site {
 public:
  Session(preview::PreviewSite& site, preview::SourceWatch& watch) : site_(site), watch_(watch) {}
  void stop() override { watch_.stop(); }
  serve::Answer answer(const serve::http::request_header<>& request, const serve::RequestLimits& limits) override {
    return site_.answer(request, limits);
  }

 private:
  preview::PreviewSite& site_;
  preview::SourceWatch& watch_;
};

// Host fields a browser sends for the address the preview listens on.
std::set<std::string> own_hosts(const std::string& host, int port) {
  std::set<std::string> hosts;
  auto add = [&](const std::string& name) { hosts.insert(fmt::format("{}:{}", name, port)); };
  if (host.find(':') != std::string::npos) add("[" + host + "]");
  else add(host);
  if (host == "127.0.0.1" || host == "::1" || host == "0.0.0.0" || host == "::") {
    add("localhost");
    add("127.0.0.1");
    add("[::1]");
  }
  return hosts;
}

int run_preview(PreviewArgs& args, const CommonOptions& common) {
  // Ctrl-C during the first read ends it cleanly; once serving, the server takes it.
  install_interrupt_handler();
  RebuildLog log(common.format);
  const fs::path pack_file = chosen_pack(args.pack);
  PluginHost host = load_plugins(common);
  Diagnostics cache_diagnostics;
  const std::unique_ptr<BuildCache> cache =
      BuildCache::open({!args.cache.no_cache, args.cache.dir, {}, args.cache.trust}, cache_diagnostics);
  if (common.format != Format::json) print_diagnostics(cache_diagnostics);
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  preview::PackPreview pack(pack_file, host, cache.get(), args.jobs > 0 ? static_cast<unsigned>(args.jobs) : cores);

  // The content folder is watched before anything is read, so that nothing
  // saved meanwhile is missed.
  auto watch = std::make_unique<preview::SourceWatch>(content_root_of(pack_file));
  const preview::RebuildReport first = pack.read_pack();
  log.rebuilt(first);
  if (!pack.content()->entries.count("index.html")) {
    std::fprintf(stderr, "hocso preview: the pack file cannot be read; fix it and start again\n");
    return exit_content;
  }
  throw_if_interrupted();

  preview::PreviewSite site;
  site.update(pack.content(), {});
  Session session(site, *watch);
  std::thread rebuilds([&] {
    for (;;) {
      const preview::SourceChanges changes = watch->wait(kQuiet, kLongest);
      if (changes.stopped) return;
      try {
        const auto needs = pack.needs(changes);
        if (!needs.any()) continue;
        const preview::RebuildReport report = needs.pack ? pack.read_pack() : pack.read_lessons(needs.lessons);
        site.update(pack.content(), report.changed_pages);
        log.rebuilt(report);
      } catch (const std::exception& e) {
        // The preview goes on with the pages it has; the next save tries again.
        log.note(fmt::format("could not read the sources again: {}", e.what()));
      }
    }
  });
  struct JoinAtEnd {
    preview::SourceWatch& watch;
    std::thread& thread;
    ~JoinAtEnd() {
      watch.stop();
      thread.join();
    }
  } join_at_end{*watch, rebuilds};

  args.server.quiet = !args.log_requests;
  args.server.log_name = "hocso preview";
  args.server.summary = false;
  serve::run_server(args.server, session, [&](const std::string& url) {
    site.allow_hosts(own_hosts(args.server.host, std::stoi(url.substr(url.rfind(':') + 1))));
    log.listening(url);
  });
  log.stopped();
  return exit_ok;
}

void add_preview_options(CLI::App& app, PreviewArgs& args) {
  args.server.port = 8710;
  args.server.max_connections = 64;
  app.add_option("pack", args.pack, _("Pack file (default: the only one in content/packs/)"))->option_text("PACK.yaml");
  app.add_option("--port", args.server.port, _("TCP port; 0 picks a free one (the address is printed)"))
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app.add_option("--host", args.server.host,
                 _("Address to listen on; keep 127.0.0.1 (the preview is for this machine's browser)"))
      ->capture_default_str();
  add_jobs_option(app, args.jobs, _("Worker threads for reading the pack (default: all cores)"));
  app.add_flag("--log-requests", args.log_requests, _("One log line per request on stderr"));
  add_cache_options(app, args.cache);
  app.footer(
      _("Open the address printed (\"Xem trước tại http://127.0.0.1:PORT/\") in a browser. When a lesson's\n"
        "file, one of its pictures or its translation catalog is saved, that lesson alone is read again\n"
        "(checked and translated as `hocso check` does) and the open page reloads, at the step that was\n"
        "edited. Problems are listed at the top of the page and printed here. A lesson that has errors\n"
        "shows what can be shown; one that cannot be read at all shows its last good version.\n"
        "Saving the pack file or a ui.po reads the whole pack again.\n"
        "Pictures show their overlays (`screens:`); drag over a picture to get a `highlight:` or\n"
        "`redact:` line in the picture's own pixels, ready to copy. The preview's script and style are\n"
        "never put into a bundle. Nothing is written into the content folder (the build cache is used\n"
        "as by hocso build). Stop with Ctrl-C.\n"
        "--format json prints one JSON object a line: listening, pack-read, lessons-read, stopped.\n"
        "Exit status: 0 stopped with Ctrl-C, 1 the pack file cannot be read, 2 usage or environment errors."));
}

}  // namespace

std::vector<Command> preview_commands() {
  return {command<PreviewArgs>(
      "preview", N_("Serve a pack's lessons from the sources on this machine; pages reload when a file is saved"),
      add_preview_options, run_preview)};
}

}  // namespace hocso::cli
