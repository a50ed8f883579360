#include "pack_loader.h"

#include <algorithm>
#include <regex>
#include <set>
#include <system_error>

#include <fmt/format.h>

#include "display_path.h"
#include "front_matter.h"
#include "share_link.h"
#include "hashing.h"
#include "hocso/messages.h"
#include "page_labels.h"
#include "parallel.h"
#include "source_text.h"

namespace hocso {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

bool Pack::lists(const std::string& lesson_id) const {
  return std::any_of(to_load.begin(), to_load.end(), [&](const Listing& l) { return l.id == lesson_id; });
}

const LessonSummary* Pack::find_lesson(const std::string& lesson_id) const {
  for (const auto& l : lessons)
    if (l.id == lesson_id) return &l;
  return nullptr;
}

// A name Windows keeps for a device (con, prn, aux, nul, com1-9, lpt1-9): a
// bundle unzipped there could not hold vi/con.html. The same rule as
// validate-core's is_reserved_device_name.
bool is_reserved_device_name(const std::string& id) {
  static const std::regex pattern("con|prn|aux|nul|com[1-9]|lpt[1-9]");
  return std::regex_match(id, pattern);
}

bool is_valid_id(const std::string& id) {
  static const std::regex pattern("[a-z0-9]+(-[a-z0-9]+)*");
  return id.size() <= 64 && std::regex_match(id, pattern) && !is_reserved_device_name(id);
}

namespace {

// Worded as validate-core words it (the same messages of the catalog), so that
// the two reports merge into one.
std::string invalid_lesson_id_message(const std::string& id) {
  std::string shown = id.size() <= 60 ? id : id.substr(0, 60);
  while (shown.size() < id.size() && !shown.empty() && (static_cast<unsigned char>(id[shown.size()]) & 0xC0) == 0x80)
    shown.pop_back();
  const std::string quoted = "'" + shown + (shown.size() < id.size() ? "…'" : "'");
  const char* message =
      is_reserved_device_name(id)
          ? N_("lesson id {id} is not valid: Windows keeps this name for a device (con, prn, aux, nul, com1-com9, "
               "lpt1-lpt9), so a bundle unzipped there would lose the lesson; choose another id")
      : id.find_first_of("/\\") != std::string::npos || id == "." || id == ".."
          ? N_("lesson id {id} is not valid: it is a folder name, never a path; use lowercase letters a-z, digits 0-9 "
               "and single hyphens, like cai-dat-vneid")
          : N_("lesson id {id} is not valid: use lowercase letters a-z, digits 0-9 and single hyphens, like "
               "cai-dat-vneid");
  return fmt::format(fmt::runtime(_(message)), fmt::arg("id", quoted));
}

std::string string_at(const Json& object, const char* key) {
  auto it = object.find(key);
  return (it != object.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

std::vector<std::string> strings_at(const Json& object, const char* key) {
  std::vector<std::string> out;
  auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return out;
  for (const auto& v : *it)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::vector<Profile> read_profiles(const Json& pack) {
  auto it = pack.find("profiles");
  std::vector<Profile> profiles;
  if (it != pack.end() && it->is_object()) {
    for (const auto& [name, settings] : it->items()) profiles.push_back({name, settings});
  }
  if (profiles.empty()) {
    // The defaults a pack gets when it names none: sharp for kiosks, small for phones.
    profiles.push_back({"kiosk", Json{{"max_width", 1280}, {"format", "webp"}, {"quality", 85}}});
    profiles.push_back(
        {"phone", Json{{"max_width", 720}, {"format", "webp"}, {"quality", 75}, {"budget_mb", 60}}});
  }
  return profiles;
}

std::optional<std::vector<PluginUse>> read_plugins(const YamlDocument& doc) {
  const Json& pack = doc.value();
  auto it = pack.find("plugins");
  if (it == pack.end() || !it->is_array()) return std::nullopt;
  std::vector<PluginUse> uses;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const Json& item = (*it)[i];
    PluginUse use;
    use.where = doc.locate(fmt::format("/plugins/{}", i));
    if (item.is_string()) {
      use.name = item.get<std::string>();
    } else if (item.is_object()) {
      use.name = string_at(item, "name");
      auto s = item.find("settings");
      if (s != item.end() && s->is_object()) use.settings_json = s->dump();
    }
    if (!use.name.empty()) uses.push_back(std::move(use));
  }
  return uses;
}

void read_lesson_fields(Lesson& lesson) {
  const Json& fm = lesson.front_matter->value();
  if (!fm.is_object()) return;
  lesson.title = string_at(fm, "title");
  lesson.summary = string_at(fm, "summary");
  lesson.level = string_at(fm, "level");
  if (auto it = fm.find("duration_minutes"); it != fm.end() && it->is_number_integer())
    lesson.duration_minutes = it->get<int>();
  lesson.requires_ids = strings_at(fm, "requires");
  lesson.objectives = strings_at(fm, "objectives");
  lesson.tags = strings_at(fm, "tags");
  if (auto quiz = fm.find("quiz"); quiz != fm.end() && quiz->is_array()) {
    for (const auto& q : *quiz) {
      if (!q.is_object()) continue;
      QuizQuestion question;
      question.question = string_at(q, "question");
      question.choices = strings_at(q, "choices");
      if (auto a = q.find("answer"); a != q.end() && a->is_number_integer()) question.answer = a->get<int>();
      lesson.quiz.push_back(std::move(question));
    }
  }
}

// A path that must be a real folder or file inside the content root, never a link.
bool is_link(const fs::path& p) {
  std::error_code ec;
  return fs::is_symlink(fs::symlink_status(p, ec));
}

std::optional<Lesson> load_lesson(const Pack& pack, const std::string& id, const Location& listed_at,
                                  Diagnostics& diagnostics) {
  const fs::path lessons_dir = pack.content_root / "lessons";
  const fs::path folder = lessons_dir / id;
  const fs::path file = folder / "lesson.md";
  const std::string shown = display_path(file);
  std::error_code ec;
  if (is_link(lessons_dir) || is_link(folder) || is_link(file)) {
    diagnostics.error(listed_at,
                      fmt::format(fmt::runtime(_("lesson '{lesson}': {file} is a symbolic link; lessons must be real "
                                                 "files inside the content folder")),
                                  fmt::arg("lesson", id), fmt::arg("file", shown)),
                      "path-symlink");
    return std::nullopt;
  }
  if (!fs::is_directory(folder, ec)) {
    diagnostics.error(listed_at,
                      fmt::format(fmt::runtime(_("lesson '{lesson}' is listed but its folder {folder} does not exist")),
                                  fmt::arg("lesson", id), fmt::arg("folder", display_path(folder))),
                      "lesson-missing");
    return std::nullopt;
  }
  if (!fs::is_regular_file(file, ec)) {
    diagnostics.error(listed_at,
                      fmt::format(fmt::runtime(_("lesson '{lesson}' has no lesson.md (expected {file})")),
                                  fmt::arg("lesson", id), fmt::arg("file", shown)),
                      "lesson-missing");
    return std::nullopt;
  }
  auto text = read_source_file(file.string(), shown, diagnostics);
  if (!text) return std::nullopt;
  auto split = split_front_matter(*text, shown, diagnostics);
  if (!split) return std::nullopt;

  Lesson lesson;
  lesson.id = id;
  lesson.folder = fs::canonical(folder, ec);
  lesson.markdown_path = shown;
  lesson.listed_at = listed_at;
  lesson.source_sha256 = to_hex(sha256(*text));
  lesson.front_matter = parse_yaml(split->yaml, shown, split->yaml_first_line, diagnostics);
  if (!lesson.front_matter) return std::nullopt;
  if (!lesson.front_matter->value().is_object()) {
    diagnostics.error({shown, split->yaml_first_line, 1}, _("the front matter must be a mapping of keys to values"),
                      "front-matter-type");
    return std::nullopt;
  }
  lesson.body_first_line = split->body_first_line;
  lesson.markdown = parse_markdown(split->body, shown, lesson.body_first_line, diagnostics);
  if (!lesson.markdown) return std::nullopt;
  read_lesson_fields(lesson);
  return lesson;
}

}  // namespace

fs::path content_root_of(const fs::path& pack_file) {
  std::error_code ec;
  const fs::path packs_dir = fs::absolute(pack_file, ec).lexically_normal().parent_path();
  return packs_dir.filename() == "packs" ? packs_dir.parent_path() : packs_dir;
}

std::optional<Pack> load_pack_file(const fs::path& pack_file, Diagnostics& diagnostics) {
  std::error_code ec;
  Pack pack;
  pack.pack_file = fs::absolute(pack_file, ec).lexically_normal();
  pack.pack_path = display_path(pack.pack_file);
  if (!fs::is_regular_file(pack.pack_file, ec)) {
    diagnostics.error({pack.pack_path}, _("pack file not found"), "pack-missing");
    return std::nullopt;
  }
  pack.content_root = content_root_of(pack.pack_file);

  auto text = read_source_file(pack.pack_file.string(), pack.pack_path, diagnostics);
  if (!text) return std::nullopt;
  pack.document = parse_yaml(*text, pack.pack_path, 1, diagnostics);
  if (!pack.document) return std::nullopt;
  const Json& doc = pack.document->value();
  if (!doc.is_object()) {
    diagnostics.error({pack.pack_path, 1, 1}, _("a pack file must be a mapping of keys to values"), "pack-type");
    return std::nullopt;
  }
  pack.id = string_at(doc, "id");
  pack.version = string_at(doc, "version");
  pack.title = string_at(doc, "title");
  if (pack.title.empty()) pack.title = pack.id;  // the title is optional
  pack.summary = string_at(doc, "summary");
  if (std::string url = string_at(doc, "share_url"); !url.empty())  // not a string: the schema says so
    if (auto problem = share_url_problem(url))
      diagnostics.error(pack.document->locate("/share_url"),
                        fmt::format(fmt::runtime(_("share_url '{url}': {problem}")), fmt::arg("url", url),
                                    fmt::arg("problem", *problem)),
                        "share-url-invalid");
  if (auto sl = string_at(doc, "source_language"); !sl.empty()) pack.source_language = sl;
  pack.languages = strings_at(doc, "languages");
  if (std::find(pack.languages.begin(), pack.languages.end(), pack.source_language) == pack.languages.end())
    pack.languages.insert(pack.languages.begin(), pack.source_language);
  pack.plugins = read_plugins(*pack.document);
  pack.profiles = read_profiles(doc);
  pack.checks = read_check_settings(*pack.document, diagnostics);
  if (auto audio = doc.find("audio"); audio != doc.end() && audio->is_object())
    pack.tts_languages = strings_at(*audio, "tts");  // the schema check reports other shapes

  if (auto lessons = doc.find("lessons"); lessons != doc.end() && lessons->is_array()) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < lessons->size(); ++i) {
      const Json& item = (*lessons)[i];
      if (!item.is_string()) continue;  // the schema check reports it
      std::string id = item.get<std::string>();
      pack.listed_lesson_ids.push_back(id);
      Location at = pack.document->locate(fmt::format("/lessons/{}", i));
      if (!is_valid_id(id)) {
        diagnostics.error(at, invalid_lesson_id_message(id), "lesson-id-invalid");
        continue;
      }
      if (id == kPageLabelsCatalog) {  // its catalogs would be the page labels' (content/i18n/<lang>/ui.po)
        diagnostics.error(at,
                          fmt::format(fmt::runtime(_("'{id}' cannot be a lesson id: content/i18n/{id}.pot and "
                                                     "<lang>/{id}.po are the page labels' catalogs")),
                                      fmt::arg("id", id)),
                          "lesson-id-reserved");
        continue;
      }
      if (!seen.insert(id).second) continue;  // listed twice: validate-core reports it
      pack.to_load.push_back({std::move(id), std::move(at)});
    }
  }
  return pack;
}

namespace {

// Lessons are independent: load(i, report) reads the i-th of `count` on `jobs`
// threads, each reporting into its own Diagnostics, merged in pack order.
template <typename Load>
std::vector<std::optional<Lesson>> load_each(std::size_t count, std::vector<Diagnostics>& reports, unsigned jobs,
                                             const Load& load) {
  std::vector<std::optional<Lesson>> loaded(count);
  parallel_for(count, jobs, [&](std::size_t i) { loaded[i] = load(i, reports[i]); });
  return loaded;
}

template <typename Load>
std::vector<std::optional<Lesson>> load_each(std::size_t count, Diagnostics& diagnostics, unsigned jobs,
                                             const Load& load) {
  std::vector<Diagnostics> reports(count);
  auto loaded = load_each(count, reports, jobs, load);
  for (auto& report : reports) diagnostics.take(report);
  return loaded;
}

std::vector<std::size_t> range(std::size_t first, std::size_t count) {
  std::vector<std::size_t> indexes(count);
  for (std::size_t i = 0; i < count; ++i) indexes[i] = first + i;
  return indexes;
}

}  // namespace

std::vector<std::optional<Lesson>> load_lessons(const Pack& pack, const std::vector<std::size_t>& listings,
                                                Diagnostics& diagnostics, unsigned jobs) {
  return load_each(listings.size(), diagnostics, jobs, [&](std::size_t i, Diagnostics& report) {
    const Pack::Listing& listing = pack.to_load.at(listings[i]);
    return load_lesson(pack, listing.id, listing.at, report);
  });
}

std::vector<std::optional<Lesson>> load_lessons(const Pack& pack, const std::vector<std::size_t>& listings,
                                                std::vector<Diagnostics>& reports, unsigned jobs) {
  return load_each(listings.size(), reports, jobs, [&](std::size_t i, Diagnostics& report) {
    const Pack::Listing& listing = pack.to_load.at(listings[i]);
    return load_lesson(pack, listing.id, listing.at, report);
  });
}

std::vector<std::optional<Lesson>> load_lessons(const Pack& pack, std::size_t first, std::size_t count,
                                                Diagnostics& diagnostics, unsigned jobs) {
  return load_lessons(pack, range(first, count), diagnostics, jobs);
}

std::vector<std::optional<Lesson>> reload_lessons(const Pack& pack, const std::vector<std::size_t>& indexes,
                                                  Diagnostics& diagnostics, unsigned jobs) {
  return load_each(indexes.size(), diagnostics, jobs, [&](std::size_t i, Diagnostics& report) {
    const LessonSummary& known = pack.lessons.at(indexes[i]);
    std::optional<Lesson> lesson = load_lesson(pack, known.id, known.listed_at, report);
    if (lesson && lesson->source_sha256 != known.source_sha256) {
      report.error({known.markdown_path},
                   _("this file changed while hocso was building from it; nothing was written, build again"),
                   "source-changed");
      lesson.reset();
    }
    return lesson;
  });
}

std::vector<std::optional<Lesson>> reload_lessons(const Pack& pack, std::size_t first, std::size_t count,
                                                  Diagnostics& diagnostics, unsigned jobs) {
  return reload_lessons(pack, range(first, count), diagnostics, jobs);
}

std::optional<LoadedPack> load_pack(const fs::path& pack_file, Diagnostics& diagnostics, unsigned jobs) {
  auto pack = load_pack_file(pack_file, diagnostics);
  if (!pack) return std::nullopt;
  LoadedPack loaded{std::move(*pack), {}};
  for (auto& lesson : load_lessons(loaded.pack, 0, loaded.pack.to_load.size(), diagnostics, jobs))
    if (lesson) {
      loaded.pack.lessons.push_back(summary_of(*lesson));
      loaded.lessons.push_back(std::move(*lesson));
    }
  return loaded;
}

std::vector<fs::path> find_pack_files(const fs::path& content_dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(content_dir / "packs", ec)) {
    if (entry.is_regular_file() && (entry.path().extension() == ".yaml" || entry.path().extension() == ".yml"))
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace hocso
