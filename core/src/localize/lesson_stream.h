#pragma once
// The one lesson stream (decision 0008; issue 12): a pack's lessons loaded,
// validated and localized a batch at a time, the only batch loop. `hocso check`
// drains it; `hocso build` hands each batch to its first profile's bundle, and
// reads the lessons again through it for the pages that waited and for every
// other profile. The builder only renders and writes what the stream yields.
// `hocso preview` reads the whole pack through it once, then each edited
// lesson afresh (decision 0019). A first read takes the lessons that did not
// change since the last one from the stream record (stream_record.h, decision
// 0027) and says what that read said of them.

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "diagnostics.h"
#include "localize.h"
#include "model.h"
#include "plugin_host.h"
#include "stream_record.h"

namespace hocso {

// Lessons held in full at once: enough to keep two cores busy, few enough that
// memory does not grow with the pack.
constexpr std::size_t kLessonBatch = 32;

class PackValidation;

// What a first read checks beyond each lesson on its own.
struct FirstRead {
  // Each step's fit on one screen of these profiles, in every pack language
  // [step-too-long]: `hocso check` asks for every profile, a build for those it
  // makes; none: not checked (preview).
  std::vector<const Profile*> fit;
  // Where the record of this read is kept (stream_record.h, decision 0027): a
  // lesson whose files did not change since the last read for the same purpose,
  // with everything else the same, is taken from it instead of read, checked
  // and translated again (LocalizedBatch::recalled). No cache: every lesson is read.
  StreamRecordSetup record;
};

class LessonStream {
 public:
  // The first read, over pack.to_load: each loaded lesson passes the pack's
  // validate stages (PackValidation), then is translated into every pack
  // language with `localize`. Lessons that fail to load are reported and left
  // out; the stream goes on after errors so that a check reports them all. Each
  // batch's lesson summaries are appended to pack.lessons (reserved for all:
  // pages made from a batch point at earlier summaries) and its translations'
  // summaries to summaries() before the batch is yielded. Diagnostics come
  // lesson by lesson, in pack order: what loading, checking, translating and
  // the fit of its steps (`read.fit`) found. With `read.record`, a lesson the
  // record holds for its files is recalled instead: the validate stages get
  // its memos, its diagnostics are said again, its summaries come from the
  // record; the record is saved by finish() when the read had no error.
  LessonStream(Pack& pack, PluginHost& host, const LocalizeOptions& localize, Diagnostics& diagnostics,
               unsigned jobs, FirstRead read = {});
  // A later read of pack.lessons[indexes] (summaries, in this order): read again
  // (a lesson.md changed since the first read is an error [source-changed]) and
  // translated again. Yields nothing more once the run has an error.
  LessonStream(const Pack& pack, std::vector<std::size_t> indexes, const LocalizeOptions& localize,
               Diagnostics& diagnostics, unsigned jobs);
  // A fresh read of pack.to_load[listings] (hocso preview, after an edit): the
  // files as they are now, through a pass of the pack's validate stages of its
  // own (begin_pack, then each of these lessons; never end_pack, whose checks
  // across lessons need every lesson), then translated. pack.lessons is left
  // as it is: the caller puts the new summaries where they belong;
  // summaries() has the translations'. Goes on after errors, like a first read.
  struct Fresh {};
  LessonStream(Fresh, const Pack& pack, PluginHost& host, std::vector<std::size_t> listings,
               const LocalizeOptions& localize, Diagnostics& diagnostics, unsigned jobs);
  ~LessonStream();
  LessonStream(const LessonStream&) = delete;
  LessonStream& operator=(const LessonStream&) = delete;

  // The next batch of loaded lessons, in pack order, with their translations in
  // full; valid until the next call. nullptr after the last batch. In the first
  // (or a fresh) read a batch whose translation reported an error comes with
  // none (the run has an error, and a build writes nothing).
  const LocalizedBatch* next();

  // First read: how many lessons were taken from the stream record so far.
  std::size_t recalled() const { return recalled_total_; }
  // First and fresh reads: the summaries of every translation yielded so far.
  const LocalizedSummaries& summaries() const { return summaries_; }
  // First read, after the last batch: the validate stages' checks across
  // lessons; returns the translations' summaries (a fresh read: only those).
  LocalizedSummaries finish();

 private:
  void check_lesson_fit(const Lesson& lesson, const LocalizedLessons* translations, Diagnostics& diagnostics) const;

  const Pack& pack_;
  Pack* first_read_ = nullptr;  // set for the first read: its summaries go into pack.lessons
  bool fresh_ = false;          // a fresh read: indexes_ are listings (pack.to_load)
  std::vector<std::size_t> indexes_;  // a later read: which of pack.lessons
  std::size_t total_ = 0, done_ = 0;
  const LocalizeOptions& localize_;
  Diagnostics& diagnostics_;
  int errors_before_ = 0;  // the run's errors when the first read began
  unsigned jobs_;
  std::vector<const Profile*> fit_;
  std::unique_ptr<PackValidation> validation_;
  std::unique_ptr<StreamRecord> record_;  // first read with a build cache
  LocalizedSummaries summaries_;
  // The batch yielded last.
  std::vector<Lesson> lessons_;
  std::vector<const Lesson*> loaded_;
  LocalizedLessons translations_;
  std::vector<const LessonSummary*> recalled_;
  std::size_t recalled_total_ = 0;
  std::map<std::string, std::string> inputs_;  // the batch's lessons' digests (with a record)
  LocalizedBatch batch_{loaded_, translations_};  // its `recalled` is set as each batch is yielded
};

}  // namespace hocso
