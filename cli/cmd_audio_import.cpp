// hocso audio import LANG FOLDER [--lesson ID] [PACK...] [--replace]: a
// folder of recordings named by unit (from a phone's recorder app) copied
// into content/audio/LANG/LESSON/, each with its .source: the unit's current
// source hash (audio_sources.h). Everything is checked first; one problem and
// nothing is written.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sndfile.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "atomic_file.h"
#include "audio_sources.h"
#include "audio_workflow.h"
#include "display_path.h"
#include "fatal.h"
#include "hocso/lesson_files.h"
#include "hocso/messages.h"
#include "pack_loader.h"
#include "plugin_host.h"

namespace hocso::cli {

namespace fs = std::filesystem;

namespace {

// As the audio stage's default max_megabytes (decision 0023): larger is refused there too.
constexpr std::uintmax_t kMaxImportBytes = 200u << 20;

// One recording to copy.
struct PlannedCopy {
  fs::path from;
  std::string from_shown;
  std::string lesson;
  std::string unit;
  std::string source_sha256;
  fs::path to;                   // content/audio/LANG/LESSON/UNIT.ext (ext in lower case)
  std::vector<fs::path> remove;  // --replace: the unit's recordings in other extensions
  bool replaces = false;
};

struct LessonEntry {
  const Pack* pack = nullptr;
  const Lesson* lesson = nullptr;
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string unit_list(const std::vector<AudioUnit>& units) {
  std::string names;
  for (const auto& u : units) names += (names.empty() ? "" : ", ") + u.id;
  return names;
}

// Why libsndfile cannot read `file` as audio, or "" when it can: it opens
// it (never through a link) and decodes its first frames.
std::string unreadable_reason(const fs::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return std::strerror(errno);
  SF_INFO info{};
  SNDFILE* sound = sf_open_fd(fd, SFM_READ, &info, SF_FALSE);
  std::string reason;
  if (!sound) {
    reason = sf_strerror(nullptr);
  } else {
    if (info.channels < 1 || info.samplerate < 1 || info.frames < 1) {
      reason = "no sound in it";
    } else {
      std::vector<float> frames(4096 * static_cast<std::size_t>(std::min(info.channels, 64)));
      if (info.channels > 64 || sf_readf_float(sound, frames.data(), 4096) <= 0)
        reason = sf_error(sound) != SF_ERR_NO_ERROR ? sf_strerror(sound) : "no sound in it";
    }
    sf_close(sound);
  }
  ::close(fd);
  return reason;
}

std::optional<std::string> read_whole(const fs::path& file) {
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(file, ec);
  if (ec || size > kMaxImportBytes) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!in || static_cast<std::uintmax_t>(in.gcount()) != size) return std::nullopt;
  return bytes;
}

}  // namespace

int run_audio_import(const AudioImportArgs& args, const CommonOptions& common) {
  LessonsAndPacks named = split_lessons_and_packs(args.rest);
  if (!named.lessons.empty())
    throw FatalError(fmt::format(fmt::runtime(_("'{argument}' is not a pack file; name the lesson with --lesson")),
                                 fmt::arg("argument", named.lessons.front())));
  named.packs.insert(named.packs.end(), args.packs.begin(), args.packs.end());

  Diagnostics diagnostics;
  std::optional<std::vector<LoadedPack>> loaded_packs = load_packs_or_report(named.packs, diagnostics);
  if (!loaded_packs) return exit_content;
  std::vector<LoadedPack>& packs = *loaded_packs;
  // The lessons of the packs in that language; the first pack that lists a lesson keeps it.
  std::map<std::string, LessonEntry> lessons;
  std::vector<std::string> lesson_ids, languages;
  for (const auto& loaded : packs) {
    const auto& ls = loaded.pack.languages;
    for (const auto& l : ls)
      if (std::find(languages.begin(), languages.end(), l) == languages.end()) languages.push_back(l);
    if (std::find(ls.begin(), ls.end(), args.language) == ls.end()) continue;
    for (const auto& l : loaded.lessons)
      if (lessons.emplace(l.id, LessonEntry{&loaded.pack, &l}).second) lesson_ids.push_back(l.id);
  }
  if (std::find(languages.begin(), languages.end(), args.language) == languages.end()) {
    std::string list;
    for (const auto& l : languages) list += (list.empty() ? "" : ", ") + l;
    throw FatalError(fmt::format(fmt::runtime(_("no pack is in language '{language}'; the packs' languages are: {languages}")),
                                 fmt::arg("language", args.language), fmt::arg("languages", list)));
  }
  std::error_code ec;
  if (!fs::is_directory(args.folder, ec))
    throw FatalError(fmt::format(fmt::runtime(_("{folder} is not a folder")), fmt::arg("folder", args.folder)));

  auto sorted_entries = [](const fs::path& folder) {
    std::vector<fs::path> entries;
    std::error_code e;
    for (const auto& entry : fs::directory_iterator(folder, e)) entries.push_back(entry.path());
    std::sort(entries.begin(), entries.end());
    return entries;
  };
  auto unknown_lesson = [&](const std::string& shown, const std::string& id) {
    const std::string near = did_you_mean(id, lesson_ids);
    diagnostics.error({shown},
                      fmt::format(fmt::runtime(_("there is no lesson '{lesson}' in {language}{near}; recordings go in a "
                                                 "folder named after their lesson (`hocso audio list {language}` "
                                                 "names the lessons)")),
                                  fmt::arg("lesson", id), fmt::arg("language", args.language),
                                  fmt::arg("near", near.empty() ? "" : fmt::format(" ('{}'?)", near))),
                      "import-unknown-lesson");
  };

  // The lesson folders to import: FOLDER itself with --lesson, else its folders.
  std::vector<std::pair<fs::path, std::string>> lesson_folders;  // folder, lesson id
  if (!args.lesson.empty()) {
    if (lessons.count(args.lesson)) lesson_folders.emplace_back(args.folder, args.lesson);
    else unknown_lesson(display_path_lexical(args.folder), args.lesson);
  } else {
    for (const auto& entry : sorted_entries(args.folder)) {
      const std::string shown = display_path_lexical(entry);
      const auto status = fs::symlink_status(entry, ec);
      if (fs::is_symlink(status)) {
        diagnostics.error({shown}, _("this folder is a symbolic link; copy the recordings themselves into the folder"),
                          "path-symlink");
      } else if (fs::is_regular_file(status)) {
        diagnostics.error({shown},
                          _("a recording directly in the folder: put it in a folder named after its lesson, or name "
                            "the lesson with --lesson"),
                          "import-unknown-lesson");
      } else if (!fs::is_directory(status)) {
        diagnostics.error({shown}, _("not a file or a folder of recordings"), "import-not-a-file");
      } else if (!lessons.count(entry.filename().string())) {
        unknown_lesson(shown, entry.filename().string());
      } else {
        lesson_folders.emplace_back(entry, entry.filename().string());
      }
    }
  }

  std::vector<PlannedCopy> planned;
  for (const auto& [folder, lesson_id] : lesson_folders) {
    const LessonEntry& entry = lessons.at(lesson_id);
    const Pack& pack = *entry.pack;
    const std::vector<AudioUnit> units = audio_units(*entry.lesson);
    const fs::path destination = audio_folder(pack, args.language, lesson_id);
    // Recordings are written only into real folders of content/audio.
    const LessonPathLookup where =
        look_up_lesson_path(pack.content_root, fmt::format("audio/{}/{}", args.language, lesson_id));
    if (where.state == LessonPathLookup::State::link) {
      diagnostics.error({display_path_lexical(pack.content_root / where.link)},
                        _("this is a symbolic link; hocso writes recordings only into real folders of content/audio"),
                        "path-symlink");
      continue;
    }
    std::map<std::string, std::string> seen;  // unit -> the first file for it here
    for (const auto& file : sorted_entries(folder)) {
      const std::string shown = display_path_lexical(file);
      const auto status = fs::symlink_status(file, ec);
      if (fs::is_symlink(status)) {
        diagnostics.error({shown}, _("this recording is a symbolic link; copy the recording itself into the folder"),
                          "path-symlink");
        continue;
      }
      if (!fs::is_regular_file(status)) {
        diagnostics.error({shown}, _("not a file; a lesson's folder holds only its recordings"), "import-not-a-file");
        continue;
      }
      const std::string extension = file.has_extension() ? lower(file.extension().string().substr(1)) : "";
      const std::string unit_id = file.stem().string();
      if (std::find(audio_extensions().begin(), audio_extensions().end(), extension) == audio_extensions().end()) {
        diagnostics.error({shown},
                          _("not a recording hocso imports: its name must end in .wav, .flac, .ogg, .opus or .mp3"),
                          "import-extension");
        continue;
      }
      auto unit = std::find_if(units.begin(), units.end(), [&](const AudioUnit& u) { return u.id == unit_id; });
      if (unit == units.end()) {
        diagnostics.error({shown},
                          fmt::format(fmt::runtime(_("lesson '{lesson}' has no part '{unit}'; name each recording after "
                                                     "a part of the lesson: {units}")),
                                      fmt::arg("lesson", lesson_id), fmt::arg("unit", unit_id),
                                      fmt::arg("units", unit_list(units))),
                          "import-unknown-unit");
        continue;
      }
      if (auto [it, added] = seen.emplace(unit_id, shown); !added) {
        diagnostics.error({shown},
                          fmt::format(fmt::runtime(_("{unit} has two recordings here, {other} and this one; keep one")),
                                      fmt::arg("unit", unit_id), fmt::arg("other", it->second)),
                          "audio-duplicate");
        continue;
      }
      const std::uintmax_t size = fs::file_size(file, ec);
      if (!ec && size > kMaxImportBytes) {
        diagnostics.error({shown},
                          fmt::format(fmt::runtime(_("this recording has {megabytes} MB; a recording may have at most "
                                                     "200 MB: save it as FLAC, Ogg or MP3")),
                                      fmt::arg("megabytes", (size + (1u << 20) - 1) >> 20)),
                          "audio-too-large");
        continue;
      }
      if (const std::string reason = unreadable_reason(file); !reason.empty()) {
        diagnostics.error({shown},
                          fmt::format(fmt::runtime(_("this is not audio hocso can read ({reason}); save it as WAV, "
                                                     "FLAC, Ogg or MP3 from the recorder app")),
                                      fmt::arg("reason", reason)),
                          "audio-unreadable");
        continue;
      }
      PlannedCopy copy{file, shown, lesson_id, unit_id, unit->source_sha256,
                       destination / fmt::format("{}.{}", unit_id, extension), {}, false};
      // What the content folder has for the unit already.
      std::vector<std::string> existing;
      for (const auto& e : audio_extensions()) {
        const std::string relative = fmt::format("audio/{}/{}/{}.{}", args.language, lesson_id, unit_id, e);
        const LessonPathLookup there = look_up_lesson_path(pack.content_root, relative);
        if (there.state == LessonPathLookup::State::absent) continue;
        const fs::path path = pack.content_root / relative;
        if (there.state == LessonPathLookup::State::link) {
          diagnostics.error({display_path_lexical(pack.content_root / there.link)},
                            _("this is a symbolic link; hocso writes recordings only into real folders of "
                              "content/audio"),
                            "path-symlink");
          continue;
        }
        existing.push_back(display_path_lexical(path));
        copy.replaces = true;
        if (e != extension) copy.remove.push_back(path);
      }
      if (!existing.empty() && !args.replace) {
        diagnostics.error({shown},
                          fmt::format(fmt::runtime(_("{unit} of lesson '{lesson}' is recorded already ({existing}); to "
                                                     "put this recording in its place, import with --replace")),
                                      fmt::arg("unit", unit_id), fmt::arg("lesson", lesson_id),
                                      fmt::arg("existing", existing.front())),
                          "import-exists");
        continue;
      }
      planned.push_back(std::move(copy));
    }
  }
  if (planned.empty() && diagnostics.error_count() == 0)
    diagnostics.error({display_path_lexical(args.folder)}, _("there is no recording to import in this folder"), "import-empty");

  const bool json = common.format == Format::json;
  if (diagnostics.error_count() > 0) {
    if (json) {
      print_json({{"command", "hocso audio import"},
                  {"ok", false},
                  {"errors", diagnostics.error_count()},
                  {"warnings", diagnostics.warning_count()},
                  {"diagnostics", diagnostics_json(diagnostics)},
                  {"imported", nlohmann::ordered_json::array()}});
    } else {
      report("hocso audio import", diagnostics, common.format,
             {_("nothing was imported: fix what is listed and run the import again")});
    }
    return exit_content;
  }

  // Everything checked: copy. Each file is written whole or not at all.
  nlohmann::ordered_json imported = nlohmann::ordered_json::array();
  std::vector<std::string> lines;
  for (const auto& copy : planned) {
    auto fail = [&](const fs::path& file) {
      throw FatalError(fmt::format(fmt::runtime(_("cannot write {file}; {count} of {total} recordings were imported "
                                                  "before it")),
                                   fmt::arg("file", display_path_lexical(file)), fmt::arg("count", imported.size()),
                                   fmt::arg("total", planned.size())));
    };
    const auto bytes = read_whole(copy.from);
    if (!bytes) throw FatalError(fmt::format(fmt::runtime(_("cannot read {file}")), fmt::arg("file", copy.from_shown)));
    if (!write_file_atomically(copy.to, {*bytes})) fail(copy.to);
    nlohmann::ordered_json removed = nlohmann::ordered_json::array();
    for (const auto& old : copy.remove) {
      if (!fs::remove(old, ec) && ec) fail(old);
      removed.push_back(display_path_lexical(old));
    }
    fs::path source = copy.to;
    source.replace_extension(".source");
    if (!write_file_atomically(source, {copy.source_sha256, "\n"})) fail(source);
    imported.push_back({{"lesson", copy.lesson},
                        {"unit", copy.unit},
                        {"from", copy.from_shown},
                        {"recording", display_path_lexical(copy.to)},
                        {"source_file", display_path_lexical(source)},
                        {"source_sha256", copy.source_sha256},
                        {"replaced", copy.replaces},
                        {"removed", removed}});
    lines.push_back(fmt::format("{} -> {}{}", copy.from_shown, display_path_lexical(copy.to),
                                copy.replaces ? fmt::format(" ({})", _("replaced")) : ""));
  }
  if (json) {
    print_json({{"command", "hocso audio import"},
                {"ok", true},
                {"language", args.language},
                {"errors", 0},
                {"warnings", diagnostics.warning_count()},
                {"diagnostics", diagnostics_json(diagnostics)},
                {"imported", imported}});
  } else {
    lines.push_back(fmt::format(fmt::runtime(P_("imported {count} recording in {language}, each with its .source; "
                                                "hocso build ships it",
                                                "imported {count} recordings in {language}, each with its .source; "
                                                "hocso build ships them",
                                                planned.size())),
                                fmt::arg("count", planned.size()), fmt::arg("language", args.language)));
    report("hocso audio import", diagnostics, common.format, lines);
  }
  return exit_ok;
}

}  // namespace hocso::cli
