#include "pack_preview.h"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "diagnostics.h"
#include "display_path.h"
#include "fallback_chain.h"
#include "hashing.h"
#include "lesson_stream.h"
#include "localize.h"
#include "media_jobs.h"
#include "pack_loader.h"
#include "pack_pages.h"
#include "page_labels.h"
#include "preview_files.h"
#include "preview_page.h"
#include "render.h"
#include "search_index.h"
#include "source_images.h"
#include "source_text.h"
#include "stage_runner.h"

namespace hocso::preview {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
using clock = std::chrono::steady_clock;

namespace {

// A lesson as the preview holds it: the stream's lesson and its translations
// (copies: the stream's are gone at its next batch).
struct HeldLesson {
  Lesson lesson;
  std::map<std::string, LocalizedLesson> translations;  // by language
};

// One page of a lesson in one language, as made last.
struct LessonPage {
  RenderedLesson rendered;
  std::string screens_json = "{}";
  SearchEntry search;
};

// What the preview knows of one listed lesson.
struct LessonState {
  std::optional<HeldLesson> held;          // its last good read (nullopt: never read)
  std::map<std::string, LessonPage> pages;  // by language, made from `held`
  std::map<std::string, fs::path> media;    // the pictures its pages show
  std::vector<ShownProblem> read_problems, render_problems;
  int errors = 0, warnings = 0;             // of both
  bool stale = false;                       // its last read failed: `held` is from the read before
};

std::string page_name(const std::string& lang, const std::string& id) { return lang + "/" + id + ".html"; }

std::string trimmed(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

// The first step (1-based) whose title or text differs between two renderings
// of a page (its JSON), or 0 when every step is the same.
int first_changed_step(const std::string& before_json, const std::string& after_json) {
  const auto before = nlohmann::json::parse(before_json, nullptr, false);
  const auto after = nlohmann::json::parse(after_json, nullptr, false);
  if (before.is_discarded() || after.is_discarded()) return 0;
  const auto& a = before["steps"];
  const auto& b = after["steps"];
  if (!a.is_array() || !b.is_array()) return 0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i >= a.size()) return static_cast<int>(i + 1);
    if (a[i]["title"] != b[i]["title"] || a[i]["html"] != b[i]["html"] || a[i]["media"] != b[i]["media"])
      return static_cast<int>(i + 1);
  }
  return 0;
}

// What another lesson's page or an index shows of a lesson (titles in links,
// the level, the next lesson, coverage): when this changes, every page is made again.
std::string outward_key(const LessonSummary& s) {
  return Json{s.title, s.summary, s.level, s.duration_minutes, s.requires_ids}.dump();
}

// The same for a lesson and every translation of it, with the language its
// title and summary are shown in (a link to it is marked when it falls back).
// Not its coverage: only the language chooser shows that, and it is made again
// at every rebuild.
std::string outward_key(const LessonState& state) {
  if (!state.held) return "";
  std::string key = outward_key(state.held->lesson);
  for (const auto& [lang, t] : state.held->translations) {
    const std::string* title = t.shown.language_of(TextField::title());
    const std::string* summary = t.shown.language_of(TextField::summary());
    key += lang + outward_key(*t.lesson) + (title ? *title : "") + "/" + (summary ? *summary : "");
  }
  return key;
}

}  // namespace

struct PackPreview::Impl {
  fs::path pack_file;
  fs::path content_root;  // once the pack file was read
  PluginHost& host;
  const BuildCache* cache;
  unsigned jobs;

  std::unique_ptr<Pack> pack;  // null until the pack file was read once
  LocalizeOptions localize;
  bool media_stage = false;    // pictures as the media stage picks them (screens/<lang>/NAME first)
  std::optional<PageSetup> setup;
  LocalizedSummaries translations;
  std::vector<ShownProblem> pack_problems;
  std::map<std::string, LessonState> lessons;  // by id, every listed one
  // Pictures hashed before, by path, while their size and modification time stay.
  struct KnownImage {
    std::uintmax_t size = 0;
    fs::file_time_type modified;
    std::optional<std::variant<SourceImage, std::string>> image;  // nullopt: not read yet
  };
  std::map<std::string, KnownImage> known_images;
  std::map<std::string, std::string> lesson_dir_to_id;  // display path of lessons/<id>/ -> id
  std::map<std::string, std::string> file_to_id;         // display path of an i18n/<lang>/<id>.po -> id

  // Each HTML page as last published (a hash of what it shows), to see what changed.
  std::map<std::string, std::string> published;
  std::map<std::string, std::uint64_t> versions;
  std::string search_script;
  // Rebuilds are numbered from the time the preview started, so that a page
  // made by an earlier run never has a version of this one.
  std::uint64_t generation = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  std::shared_ptr<const PreviewContent> content = std::make_shared<PreviewContent>();

  Impl(fs::path file, PluginHost& h, const BuildCache* c, unsigned j)
      : pack_file(std::move(file)), host(h), cache(c), jobs(std::max(1u, j)) {}

  // ---- who a diagnostic is about -------------------------------------------

  void index_owners() {
    lesson_dir_to_id.clear();
    file_to_id.clear();
    for (const auto& listing : pack->to_load) {
      lesson_dir_to_id[display_path(pack->content_root / "lessons" / listing.id) + "/"] = listing.id;
      for (const auto& lang : pack->languages)
        file_to_id[display_path(pack->content_root / "i18n" / lang / (listing.id + ".po"))] = listing.id;
    }
  }

  // The lesson a diagnostic points into (its folder, its catalogs, its line
  // in the pack's list), or "" for the pack's own.
  std::string owner_of(const Diagnostic& d) const {
    if (auto it = file_to_id.find(d.where.file); it != file_to_id.end()) return it->second;
    auto it = lesson_dir_to_id.upper_bound(d.where.file);
    if (it != lesson_dir_to_id.begin()) {
      --it;
      if (d.where.file.rfind(it->first, 0) == 0) return it->second;
    }
    if (d.where.file == pack->pack_path && d.where.line > 0)
      for (const auto& listing : pack->to_load)
        if (listing.at.line == d.where.line) return listing.id;
    return "";
  }

  // ---- reading ---------------------------------------------------------------

  void hold(const LocalizedBatch& batch) {
    for (const Lesson* lesson : batch.lessons) {
      HeldLesson held{*lesson, {}};
      for (const auto& lang : pack->languages) {
        auto it = batch.translations.find({lang, lesson->id});
        if (it != batch.translations.end())
          held.translations.emplace(lang, LocalizedLesson{std::make_unique<Lesson>(*it->second.lesson), it->second.shown});
      }
      LessonState& state = lessons[lesson->id];
      state.held = std::move(held);
      state.stale = false;
    }
  }

  // Whether the lesson came with a translation for every pack language.
  bool fully_translated(const HeldLesson& held) const {
    for (const auto& lang : pack->languages)
      if (lang != pack->source_language && !held.translations.count(lang)) return false;
    return true;
  }

  // Reads pack.to_load[listings] afresh, one lesson a batch (so that a broken
  // catalog of one lesson leaves the others translated), into `lessons`.
  // Returns the ids read well.
  std::set<std::string> read_fresh(const std::vector<std::size_t>& listings, Diagnostics& diagnostics) {
    std::set<std::string> read;
    LessonStream stream(LessonStream::Fresh{}, *pack, host, listings, localize, diagnostics, jobs);
    while (const LocalizedBatch* batch = stream.next()) {
      hold(*batch);
      for (const Lesson* lesson : batch->lessons) read.insert(lesson->id);
    }
    // The translations' summaries: replaced for what was read.
    for (const auto& id : read)
      for (auto it = translations.begin(); it != translations.end();)
        it = it->first.second == id ? translations.erase(it) : std::next(it);
    for (const auto& [key, summary] : stream.summaries())
      if (read.count(key.second)) translations.insert_or_assign(key, summary);
    // pack.lessons holds the summaries of the lessons read, in pack order.
    std::vector<LessonSummary> summaries;
    for (const auto& listing : pack->to_load) {
      auto state = lessons.find(listing.id);
      if (state != lessons.end() && state->second.held) summaries.push_back(summary_of(state->second.held->lesson));
    }
    pack->lessons = std::move(summaries);
    return read;
  }

  // The read problems of each lesson from `diagnostics`; with `pack_too`, the
  // pack's own as well (else those are repeats of the pack's, dropped).
  void assign_read_problems(const Diagnostics& diagnostics, const std::set<std::string>& lessons_read, bool pack_too,
                            RebuildReport& report) {
    if (pack_too) pack_problems.clear();
    for (const auto& id : lessons_read) lessons[id].read_problems.clear();
    const auto all = diagnostics.all();
    for (const auto& d : all) {
      const std::string owner = owner_of(d);
      if (owner.empty() ? !pack_too : !lessons_read.count(owner)) continue;
      ShownProblem shown{d.severity, trimmed(format_human(d, diagnostics, true))};
      (owner.empty() ? pack_problems : lessons[owner].read_problems).push_back(shown);
      report.diagnostics.push_back(d);
      report.printed.push_back(shown.text);
      report.errors += d.severity == Severity::error;
      report.warnings += d.severity == Severity::warning;
    }
  }

  // ---- making pages -----------------------------------------------------------

  // The picture at `file` (read_source_image()), hashed again only when its
  // size or modification time changed.
  const std::variant<SourceImage, std::string>& source_image(const fs::path& file) {
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    const auto modified = fs::last_write_time(file, ec);
    auto& known = known_images[file.string()];
    if (ec || !known.image || known.size != size || known.modified != modified) {
      known.size = size;
      known.modified = modified;
      known.image = read_source_image(file);
    }
    return *known.image;
  }

  // Renders every language's page of a held lesson.
  void render(const std::string& id, RebuildReport* report) {
    LessonState& state = lessons.at(id);
    state.pages.clear();
    state.media.clear();
    state.render_problems.clear();
    if (!state.held || !setup) return;
    const HeldLesson& held = *state.held;
    const Lesson& lesson = held.lesson;
    Diagnostics diagnostics;
    diagnostics.remember_source_file(lesson.markdown_path, [file = (lesson.folder / "lesson.md").string(),
                                                            shown = lesson.markdown_path] {
      Diagnostics ignored;
      return read_source_file(file, shown, ignored);
    });
    LocalizedLessons localized;  // the render functions' shape
    for (const auto& [lang, t] : held.translations)
      localized.emplace(std::pair{lang, id}, LocalizedLesson{std::make_unique<Lesson>(*t.lesson), t.shown});
    SourceImageStore store;
    for (const auto& lang : pack->languages) {
      const std::vector<std::string> chain = fallback_chain(lang, localize.fallbacks, pack->source_language);
      const Lesson& shown_lesson = localized.count({lang, id}) ? *localized.at({lang, id}).lesson : lesson;
      Json screens = Json::object();
      MediaResolver resolver = [&](const Lesson&, const SourceReference& ref) -> std::optional<MediaFile> {
        std::optional<SourceImage> image;
        if (media_stage) {
          // The file the media stage would read for this page (a language's own version first).
          auto chosen = choose_screen_source(lesson.folder, ref.target, chain, ref.where);
          if (auto* problem = std::get_if<Diagnostic>(&chosen)) {
            diagnostics.report(*problem);
            return std::nullopt;
          }
          const auto& found = source_image(lesson.folder / std::get<std::string>(chosen));
          if (auto* why = std::get_if<std::string>(&found)) {
            diagnostics.error(ref.where, fmt::format("cannot use image '{}': {}", ref.target, *why), "image-unusable");
            return std::nullopt;
          }
          image = std::get<SourceImage>(found);
        } else {
          image = store.resolve(lesson, ref, diagnostics);
          if (!image) return std::nullopt;
        }
        state.media[image->file.path] = image->source;
        const auto overlays = nlohmann::json::parse(overlays_for(lesson, shown_lesson, ref.target), nullptr, false);
        screens["../" + image->file.path] =
            Json{{"file", fs::relative(image->source, lesson.folder).generic_string()},
                 {"overlays", overlays.is_discarded() ? nlohmann::json::object() : overlays}};
        return image->file;
      };
      LessonPage page;
      page.rendered = render_lesson_page(*pack, *setup, lang, lesson, localized, shown_lessons(translations, lang),
                                         resolver);
      page.screens_json = screens.dump();
      page.search = page.rendered.search;
      state.pages[lang] = std::move(page);
    }
    for (const auto& d : diagnostics.all()) {
      ShownProblem shown{d.severity, trimmed(format_human(d, diagnostics, true))};
      state.render_problems.push_back(shown);
      if (report) {
        report->diagnostics.push_back(d);
        report->printed.push_back(shown.text);
        report->errors += d.severity == Severity::error;
        report->warnings += d.severity == Severity::warning;
      }
    }
  }

  void count_problems(LessonState& state) {
    state.errors = state.warnings = 0;
    for (const auto* list : {&state.read_problems, &state.render_problems})
      for (const auto& p : *list) {
        state.errors += p.severity == Severity::error;
        state.warnings += p.severity == Severity::warning;
      }
  }

  ProblemBox pack_box(const std::string& href_prefix) const {
    ProblemBox box;
    box.kind = ProblemBox::Kind::pack;
    box.problems = pack_problems;
    for (const auto& listing : pack->to_load) {
      const LessonState& state = lessons.at(listing.id);
      if (state.errors + state.warnings == 0 && !state.stale && state.held) continue;
      const std::string title = state.held ? state.held->lesson.title : listing.id;
      box.lessons.push_back({href_prefix + listing.id + ".html", title.empty() ? listing.id : title, state.errors,
                             state.warnings});
    }
    return box;
  }

  ProblemBox lesson_box(const LessonState& state) const {
    ProblemBox box;
    box.problems = pack_problems;
    box.problems.insert(box.problems.end(), state.read_problems.begin(), state.read_problems.end());
    box.problems.insert(box.problems.end(), state.render_problems.begin(), state.render_problems.end());
    box.stale = state.stale;
    box.missing = !state.held;
    return box;
  }

  // The site's entries from what is held: every page when `only` is null,
  // else the pages of those lessons and the indexes (the rest as they were).
  // `steps` says where each rebuilt lesson page should open. Fills
  // report.changed_pages.
  void publish(const std::set<std::string>* only, const std::map<std::string, int>& steps, RebuildReport& report) {
    ++generation;
    auto next = std::make_shared<PreviewContent>();
    next->generation = generation;
    auto add = [&](const std::string& name, std::string bytes, std::string_view type) {
      auto entry = std::make_shared<PreviewEntry>();
      entry->sha256 = to_hex(sha256(bytes));
      entry->bytes = std::move(bytes);
      entry->content_type = std::string(type);
      next->entries[name] = std::move(entry);
    };
    if (only) next->entries = content->entries;
    else {
      add("assets/hocso.css", assets_stylesheet(), "text/css; charset=utf-8");
      add("assets/hocso.js", viewer_script(), "text/javascript; charset=utf-8");
      add("assets/preview.css", std::string(embedded::preview_css()), "text/css; charset=utf-8");
      add("assets/preview.js", std::string(embedded::preview_js()), "text/javascript; charset=utf-8");
    }
    if (setup) add("assets/search-index.js", search_script, "text/javascript; charset=utf-8");

    // The HTML pages to make now, with the path to assets/ from each.
    struct Html {
      std::string html;
      std::string assets;
      std::string lesson;  // "" for an index
      std::string lang;
    };
    std::map<std::string, Html> pages;
    if (setup) {
      pages["index.html"] = {root_index_page(*pack, *setup, translations), "", "", pack->source_language};
      for (const auto& lang : pack->languages)
        pages[lang + "/index.html"] = {language_index_page(*pack, *setup, lang, translations), "../", "", lang};
    } else {
      // Without a page setup (its labels failed) no page can be made: the start page says why.
      pages["index.html"] = {unreadable_lesson_page(pack->source_language, pack->id), "", "", pack->source_language};
    }
    std::set<std::string> listed;
    for (const auto& listing : pack->to_load) {
      const LessonState& state = lessons.at(listing.id);
      for (const auto& [file, source] : state.media) next->media[file] = source;
      for (const auto& lang : pack->languages) {
        const std::string name = page_name(lang, listing.id);
        listed.insert(name);
        if (only && !only->count(listing.id)) continue;
        auto page = state.pages.find(lang);
        if (page != state.pages.end()) {
          pages[name] = {page->second.rendered.html, "../", listing.id, lang};
          add(lang + "/" + listing.id + ".json", page->second.rendered.json, "application/json");
        } else {
          pages[name] = {unreadable_lesson_page(lang, listing.id), "../", listing.id, lang};
          next->entries.erase(lang + "/" + listing.id + ".json");
        }
      }
    }
    if (setup)
      for (const auto& [tag, fonts] : setup->fonts) {
        for (const auto& f : fonts.files) next->media[f.entry] = f.source;  // read when asked for
        add(fonts.stylesheet_entry, fonts.stylesheet, "text/css; charset=utf-8");
      }

    for (auto& [name, page] : pages) {
      PreviewParts parts;
      parts.page = name;
      if (page.lesson.empty()) {
        parts.problems_html = problem_box_html(pack_box(name == "index.html" ? pack->source_language + "/" : ""));
      } else {
        const LessonState& state = lessons.at(page.lesson);
        parts.problems_html = problem_box_html(lesson_box(state));
        if (auto made = state.pages.find(page.lang); made != state.pages.end()) parts.screens_json = made->second.screens_json;
      }
      // What the page shows, without its version (which changes because the rest did).
      const std::string shown = to_hex(sha256(page.html + '\0' + parts.problems_html + '\0' + parts.screens_json));
      auto before = published.find(name);
      if (before == published.end() || before->second != shown) {
        versions[name] = generation;
        auto step = steps.find(name);
        report.changed_pages[name] = step == steps.end() ? 0 : step->second;
        published[name] = shown;
      }
      parts.version = versions[name];
      add(name, with_preview(page.html, page.assets, parts), "text/html; charset=utf-8");
    }
    // Pages of lessons no longer listed are gone.
    for (auto it = published.begin(); it != published.end();) {
      const bool keep = listed.count(it->first) || pages.count(it->first);
      if (!keep) {
        next->entries.erase(it->first);
        versions.erase(it->first);
        report.changed_pages[it->first] = 0;  // an open page of it reloads (and finds nothing)
      }
      it = keep ? std::next(it) : published.erase(it);
    }
    next->versions = versions;
    content = std::move(next);
  }

  void make_search_script() {
    if (!setup) return;
    SearchIndex index;
    for (const auto& listing : pack->to_load)
      for (const auto& [lang, page] : lessons.at(listing.id).pages) index.add(lang, page.search);
    search_script = index.script(*pack, setup->labels);
  }
};

PackPreview::PackPreview(fs::path pack_file, PluginHost& host, const BuildCache* cache, unsigned jobs)
    : impl_(std::make_unique<Impl>(std::move(pack_file), host, cache, jobs)) {}

PackPreview::~PackPreview() = default;

std::shared_ptr<const PreviewContent> PackPreview::content() const { return impl_->content; }

RebuildReport PackPreview::read_pack() {
  Impl& p = *impl_;
  const auto started = clock::now();
  RebuildReport report;
  report.whole_pack = true;
  Diagnostics diagnostics;
  auto loaded = load_pack_file(p.pack_file, diagnostics);
  if (!loaded) {
    // Nothing new to show: the pages stay, each saying why the pack cannot be read.
    p.pack_problems.clear();
    for (const auto& d : diagnostics.all()) {
      ShownProblem shown{d.severity, trimmed(format_human(d, diagnostics, true))};
      p.pack_problems.push_back(shown);
      report.diagnostics.push_back(d);
      report.printed.push_back(shown.text);
      report.errors += d.severity == Severity::error;
      report.warnings += d.severity == Severity::warning;
    }
    if (p.pack) p.publish(nullptr, {}, report);
    report.milliseconds = std::chrono::duration<double, std::milli>(clock::now() - started).count();
    return report;
  }
  p.pack = std::make_unique<Pack>(std::move(*loaded));
  p.content_root = p.pack->content_root;
  p.localize = localize_options(*p.pack, p.host);
  p.localize.cache = p.cache;
  p.media_stage = choose_media_stage(*p.pack, p.host).has_value();
  p.index_owners();
  p.lessons.clear();
  for (const auto& listing : p.pack->to_load) p.lessons[listing.id];

  // The first read: every lesson validated (with the checks across lessons)
  // and translated, held in memory.
  {
    LessonStream stream(*p.pack, p.host, p.localize, diagnostics, p.jobs);
    while (const LocalizedBatch* batch = stream.next()) p.hold(*batch);
    p.translations = stream.finish();
  }
  // A batch with a translation error came without translations: its lessons
  // are read again one by one, so that only the broken one goes without.
  std::vector<std::size_t> again;
  for (std::size_t i = 0; i < p.pack->to_load.size(); ++i) {
    const LessonState& state = p.lessons.at(p.pack->to_load[i].id);
    if (state.held && !p.fully_translated(*state.held)) again.push_back(i);
  }
  if (!again.empty()) p.read_fresh(again, diagnostics);
  p.setup = make_page_setup(*p.pack, p.localize, diagnostics);

  std::set<std::string> all;
  for (const auto& listing : p.pack->to_load) all.insert(listing.id);
  p.assign_read_problems(diagnostics, all, true, report);
  for (const auto& listing : p.pack->to_load) {
    report.lessons.push_back(listing.id);
    p.render(listing.id, &report);
    p.count_problems(p.lessons.at(listing.id));
  }
  p.make_search_script();
  p.publish(nullptr, {}, report);
  report.milliseconds = std::chrono::duration<double, std::milli>(clock::now() - started).count();
  return report;
}

RebuildReport PackPreview::read_lessons(const std::set<std::string>& ids) {
  Impl& p = *impl_;
  const auto started = clock::now();
  RebuildReport report;
  if (!p.pack) return report;
  std::vector<std::size_t> listings;
  for (std::size_t i = 0; i < p.pack->to_load.size(); ++i)
    if (ids.count(p.pack->to_load[i].id)) {
      listings.push_back(i);
      report.lessons.push_back(p.pack->to_load[i].id);
    }
  if (listings.empty()) return report;

  // What other pages show of these lessons, before.
  std::map<std::string, std::string> outward_before;
  for (const auto& id : report.lessons) outward_before[id] = outward_key(p.lessons.at(id));
  std::map<std::string, std::map<std::string, std::string>> json_before, search_before;  // id -> lang -> …
  for (const auto& id : report.lessons)
    for (const auto& [lang, page] : p.lessons.at(id).pages) {
      json_before[id][lang] = page.rendered.json;
      search_before[id][lang] = Json{page.search.title, page.search.summary, page.search.steps}.dump();
    }

  Diagnostics diagnostics;
  const std::set<std::string> read = p.read_fresh(listings, diagnostics);
  for (const auto& id : report.lessons) p.lessons.at(id).stale = !read.count(id) && p.lessons.at(id).held;
  p.assign_read_problems(diagnostics, std::set<std::string>(report.lessons.begin(), report.lessons.end()), false,
                         report);

  bool outward_changed = false;
  for (const auto& id : report.lessons) outward_changed = outward_changed || outward_key(p.lessons.at(id)) != outward_before[id];
  // Where each rebuilt page should open: the first step that changed.
  std::map<std::string, int> steps;
  for (const auto& id : report.lessons) {
    p.render(id, &report);
    p.count_problems(p.lessons.at(id));
    for (const auto& [lang, page] : p.lessons.at(id).pages)
      if (auto before = json_before[id].find(lang); before != json_before[id].end())
        steps[page_name(lang, id)] = first_changed_step(before->second, page.rendered.json);
  }
  if (outward_changed) {
    // Titles in links, the next lesson, the lists: every other page again, from memory.
    for (const auto& listing : p.pack->to_load)
      if (!ids.count(listing.id)) p.render(listing.id, nullptr), p.count_problems(p.lessons.at(listing.id));
  }
  bool search_changed = outward_changed;
  for (const auto& id : report.lessons)
    for (const auto& [lang, page] : p.lessons.at(id).pages)
      search_changed = search_changed || search_before[id][lang] != Json{page.search.title, page.search.summary, page.search.steps}.dump();
  if (search_changed) p.make_search_script();
  const std::set<std::string> only(report.lessons.begin(), report.lessons.end());
  p.publish(outward_changed ? nullptr : &only, steps, report);
  report.milliseconds = std::chrono::duration<double, std::milli>(clock::now() - started).count();
  return report;
}

PackPreview::Needs PackPreview::needs(const SourceChanges& changes) const {
  const Impl& p = *impl_;
  Needs needs;
  if (changes.overflow || !p.pack) {
    needs.pack = true;
    return needs;
  }
  const std::string pack_file = fs::relative(p.pack->pack_file, p.content_root).generic_string();
  for (const auto& path : changes.paths) {
    const fs::path relative(path);
    std::vector<std::string> parts;
    for (const auto& part : relative) parts.push_back(part.string());
    if (parts.empty()) continue;
    const std::string& name = parts.back();
    // An editor's swap, backup and lock files are not sources.
    if (name.starts_with(".") || name.starts_with("#") || name.ends_with("~")) continue;
    if (path == pack_file) {
      needs.pack = true;
    } else if (parts[0] == "lessons" && parts.size() >= 2) {
      if (p.lessons.count(parts[1])) needs.lessons.insert(parts[1]);
    } else if (parts[0] == "i18n" && parts.size() == 3 && name.ends_with(".po")) {
      const std::string id = name.substr(0, name.size() - 3);
      if (id == kPageLabelsCatalog) needs.pack = true;
      else if (p.lessons.count(id)) needs.lessons.insert(id);
    }
  }
  return needs;
}

}  // namespace hocso::preview
