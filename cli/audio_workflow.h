#pragma once
// The volunteers' side of `hocso audio` (issue 18, point 3): `audio list`, the
// recording script of a language (recording_script.h), and `audio import`, a
// folder of recordings named by unit copied into content/audio with their
// .source. cmd_audio.cpp adds them (their options and help) beside confirm
// and stats; cmd_audio_list.cpp and cmd_audio_import.cpp run them.

#include <optional>
#include <string>
#include <vector>

#include "cli.h"
#include "pack_loader.h"

namespace hocso::cli {

// hocso audio list LANG [LESSON] [PACK...] [--format json]
struct AudioListArgs {
  std::string language;
  std::vector<std::string> rest;   // [LESSON] [PACK...]
  std::vector<std::string> packs;  // --pack
};
int run_audio_list(const AudioListArgs& args, const CommonOptions& common);

// hocso audio import LANG FOLDER [--lesson ID] [PACK...] [--replace]
struct AudioImportArgs {
  std::string language;
  std::string folder;
  std::string lesson;
  std::vector<std::string> rest;   // PACK...
  std::vector<std::string> packs;  // --pack
  bool replace = false;
};
int run_audio_import(const AudioImportArgs& args, const CommonOptions& common);

// Lesson and pack arguments given in any order after the fixed ones: a
// `.yaml`/`.yml` name or an existing file is a pack; the rest are lesson ids.
struct LessonsAndPacks {
  std::vector<std::string> lessons;
  std::vector<std::string> packs;
};
LessonsAndPacks split_lessons_and_packs(const std::vector<std::string>& arguments);

// The named packs (or every pack found: pack_files()) with their lessons; on a
// content error prints `diagnostics` and returns nullopt (exit 1).
std::optional<std::vector<LoadedPack>> load_packs_or_report(const std::vector<std::string>& named,
                                                            Diagnostics& diagnostics);

}  // namespace hocso::cli
