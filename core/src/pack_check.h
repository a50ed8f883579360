#pragma once
// `hocso check`, and the pass of `hocso build` that also makes the first
// profile's pages: a pack's lessons are loaded, validated and translated a
// batch at a time, and only each lesson's summary is kept (decision 0008), so
// memory does not grow with the pack.

#include <functional>
#include <vector>

#include "diagnostics.h"
#include "localize.h"
#include "model.h"
#include "plugin_host.h"

namespace hocso {

// Gets each batch of loaded lessons with their translations, before they are
// summarized, and the summaries of every translation so far (PackBuild::batch).
using LessonBatchSink = std::function<void(const LocalizedBatch& batch, const LocalizedLessons& summaries)>;

// Loads the lessons `pack` lists (a pack from load_pack_file()), runs the
// pack's validate stages (PackValidation) and translates every lesson into
// every pack language, on up to `jobs` threads, kLessonBatch lessons at a time. Appends
// each lesson's summary (summary_of) to pack.lessons and returns the
// translations' summaries. Diagnostics come in pack order, batch by batch; the
// validate stages' checks across lessons come last.
// `cache` (may be nullptr) is the build cache the localize stage may use.
LocalizedLessons check_lessons(Pack& pack, PluginHost& host, Diagnostics& diagnostics, unsigned jobs,
                               const StageCache* cache, const LessonBatchSink& sink = {});

}  // namespace hocso
