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
std::optional<Pack> load_pack(const std::filesystem::path& pack_file, Diagnostics& diagnostics, unsigned jobs = 1);

// The pack files under `content_dir`/packs (sorted), for `hocso build` without arguments.
std::vector<std::filesystem::path> find_pack_files(const std::filesystem::path& content_dir);

bool is_valid_id(const std::string& id);

}  // namespace hocso
