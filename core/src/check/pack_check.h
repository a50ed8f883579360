#pragma once
// `hocso check`: a pack's lessons drained through the lesson stream
// (lesson_stream.h) — loaded, validated and translated a batch at a time, only
// each lesson's summary kept (decision 0008) — then its fonts and page labels'
// catalogs: every check a build runs that needs no output.

#include "diagnostics.h"
#include "localize.h"
#include "model.h"
#include "plugin_host.h"

namespace hocso {

// Loads the lessons `pack` lists (a pack from load_pack_file()), runs the
// pack's validate stages and translates every lesson into every pack language
// with `localize`, on up to `jobs` threads, and checks each step's fit on one
// screen of every profile in every language [step-too-long], then the fonts of
// the pack's languages and the page labels' catalogs (ui.po). Appends each
// lesson's summary (summary_of) to pack.lessons and returns the translations'
// summaries. Diagnostics come in pack order, batch by batch; the validate
// stages' checks across lessons come last.
LocalizedSummaries check_lessons(Pack& pack, PluginHost& host, const LocalizeOptions& localize,
                               Diagnostics& diagnostics, unsigned jobs);

}  // namespace hocso
