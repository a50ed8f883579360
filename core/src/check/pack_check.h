#pragma once
// `hocso check`: a pack's lessons drained through the lesson stream
// (lesson_stream.h) — loaded, validated and translated a batch at a time, only
// each lesson's summary kept (decision 0008) — then its fonts and page labels'
// catalogs: every check a build runs that needs no output.

#include "diagnostics.h"
#include "localize.h"
#include "model.h"
#include "plugin_host.h"
#include "stream_record.h"

namespace hocso {

// Loads the lessons `pack` lists (a pack from load_pack_file()), runs the
// pack's validate stages and translates every lesson into every pack language
// with `localize`, on up to `jobs` threads, and checks each step's fit on one
// screen of every profile in every language [step-too-long], then the fonts of
// the pack's languages and the page labels' catalogs (ui.po). Appends each
// lesson's summary (summary_of) to pack.lessons and returns the translations'
// summaries. Diagnostics come in pack order, lesson by lesson; the validate
// stages' checks across lessons come last. With `record` (a build cache), a
// lesson unchanged since the last check is taken from its record (decision
// 0027), its diagnostics said again.
struct CheckedLessons {
  LocalizedSummaries translations;
  std::size_t recalled = 0;  // lessons taken from the record, not read again
};
CheckedLessons check_lessons(Pack& pack, PluginHost& host, const LocalizeOptions& localize, Diagnostics& diagnostics,
                             unsigned jobs, StreamRecordSetup record = {});

}  // namespace hocso
