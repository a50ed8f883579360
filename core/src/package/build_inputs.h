#pragma once
// Digests of what a build reads, for the build record (build_record.h,
// decision 0026): one of everything that may change every page — hocso and its
// plugins, their data, the stages' settings and cache salts, the pack's files
// outside its lessons — and one per lesson of the files that are its own. Two
// builds with equal digests read the same bytes. Files are hashed through the
// SourceHashIndex, so a rebuild mostly asks stat().

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "model.h"
#include "source_hash_index.h"

namespace hocso {

// The files of one lesson: its folder (content/lessons/<id>/, every file in
// it), its catalogs (content/i18n/<id>.pot, content/i18n/<any language>/<id>.po) and its recordings
// (content/audio/<any language>/<id>/).
std::string lesson_inputs_digest(const Pack& pack, const std::string& lesson_id, SourceHashIndex& hashes);

// Everything else a build of `pack` reads that can change a page: the files
// of `tools` (hocso itself, its libraries, plugin files and data folders;
// folders are read whole), every file of the content folder that is not one
// lesson's own (pack files, ui.po, unlisted lessons...) but the build's output
// folder `out_dir` when it lies there, the pack's own file without its
// `version:` line (no page shows it), and `settings` (the stages' names,
// settings and cache salts, the profile, SOURCE_DATE_EPOCH).
std::string build_inputs_digest(const Pack& pack, const std::vector<std::filesystem::path>& tools,
                                const std::vector<std::string>& settings, const std::filesystem::path& out_dir,
                                SourceHashIndex& hashes);

// hocso's own executable and its shared libraries, as loaded in this process.
std::vector<std::filesystem::path> hocso_program_files();

}  // namespace hocso
