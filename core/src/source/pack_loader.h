#pragma once
// Loading a pack and its lessons from the content folder into the model.

#include <filesystem>
#include <memory>
#include <optional>

#include "diagnostics.h"
#include "model.h"

namespace hocso {

// Loads `pack_file` (content/packs/<id>.yaml) and every lesson it lists from
// <content root>/lessons/<id>/lesson.md, where the content root is the folder
// that holds packs/. Paths in diagnostics are relative to the content root's
// parent (e.g. "content/lessons/x/lesson.md"), or to the current folder when
// that is shorter. Lessons that fail to load are reported and left out; the
// pack itself failing to parse returns nullopt. Ids that are not
// [a-z0-9]+(-[a-z0-9]+)* are never used as paths [lesson-id-invalid]; a lesson
// folder or lesson.md that is a symlink is refused [path-symlink].
// Lessons are loaded on up to `jobs` threads; diagnostics come in pack order whatever the number.
// Every lesson is held in full (`hocso i18n`); pack.lessons has their summaries.
struct LoadedPack {
  Pack pack;
  std::vector<Lesson> lessons;  // in pack order
};
std::optional<LoadedPack> load_pack(const std::filesystem::path& pack_file, Diagnostics& diagnostics,
                                    unsigned jobs = 1);

// load_pack() in parts, for the lesson stream (lesson_stream.h), which holds a
// batch of lessons at a time:
// the pack file alone (Pack::to_load lists the lessons, none is loaded yet) ...
std::optional<Pack> load_pack_file(const std::filesystem::path& pack_file, Diagnostics& diagnostics);
// ... then pack.to_load[first, first + count), on up to `jobs` threads: one
// entry per listing (nullopt: reported why), diagnostics in pack order.
std::vector<std::optional<Lesson>> load_lessons(const Pack& pack, std::size_t first, std::size_t count,
                                                Diagnostics& diagnostics, unsigned jobs);
// ... or pack.to_load[i] for each of `listings`, as the files are now.
std::vector<std::optional<Lesson>> load_lessons(const Pack& pack, const std::vector<std::size_t>& listings,
                                                Diagnostics& diagnostics, unsigned jobs);
// ... the same with each lesson's diagnostics in its own reports[i] (`reports`
// has one per listing), for a caller that keeps them by lesson.
std::vector<std::optional<Lesson>> load_lessons(const Pack& pack, const std::vector<std::size_t>& listings,
                                                std::vector<Diagnostics>& reports, unsigned jobs);
// Reads pack.lessons[first, first + count) again in full. A lesson.md whose bytes changed since it was first read is an
// error [source-changed]: a bundle never mixes two versions of a lesson.
std::vector<std::optional<Lesson>> reload_lessons(const Pack& pack, std::size_t first, std::size_t count,
                                                  Diagnostics& diagnostics, unsigned jobs);
// The same for pack.lessons[i] for each of `indexes`.
std::vector<std::optional<Lesson>> reload_lessons(const Pack& pack, const std::vector<std::size_t>& indexes,
                                                  Diagnostics& diagnostics, unsigned jobs);

// The content root of a pack file (absolute): the folder that holds packs/,
// or the pack file's own folder when that is not called packs.
std::filesystem::path content_root_of(const std::filesystem::path& pack_file);

// The pack files under `content_dir`/packs (sorted), for `hocso build` without arguments.
std::vector<std::filesystem::path> find_pack_files(const std::filesystem::path& content_dir);

bool is_valid_id(const std::string& id);

}  // namespace hocso
