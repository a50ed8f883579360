#pragma once
// The first half of a build, and all of `hocso check`: a pack's lessons are
// loaded, validated and translated a batch at a time, and only each lesson's
// summary is kept (decision 0008), so memory does not grow with the pack.

#include <filesystem>
#include <optional>

#include "diagnostics.h"
#include "localize.h"
#include "model.h"
#include "plugin_host.h"

namespace hocso {

struct CheckedPack {
  Pack pack;                      // its lessons are summaries (Lesson::summarize)
  LocalizedLessons translations;  // summaries too: titles, field languages, coverage
};

// Loads `pack_file`, runs the pack's validate stages (PackValidation) and
// translates every lesson into every pack language, on up to `jobs` threads.
// Diagnostics come in pack order, batch by batch; the validate stages' checks
// across lessons come last. nullopt when the pack file itself cannot be used.
std::optional<CheckedPack> check_pack(const std::filesystem::path& pack_file, PluginHost& host,
                                      Diagnostics& diagnostics, unsigned jobs);

}  // namespace hocso
