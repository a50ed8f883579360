#pragma once
// The stream record (decision 0027): what the lesson stream's first read found
// of each lesson — its summary, its translations' summaries, its diagnostics
// and what each validate stage keeps of it for its checks across lessons —
// kept in the build cache, so that the next first read of the same pack takes a
// lesson whose files did not change from the record instead of loading,
// checking and translating it again. The lesson is "recalled": its diagnostics
// are said again as they were, the validate stages get their memos
// (ValidateStage::recall_lesson(), plugin API 6.4), and its summaries go where
// a read's would.
//
// A record is trusted as far as the cache is (an authenticated entry, decision
// 0009) and only for the inputs it names: a lesson's own files
// (lesson_inputs_digest()), and for all lessons at once everything else the
// read depends on — hocso, its plugins and their data, the pack file, the
// content folder's other files, the language hocso speaks, the current folder
// (diagnostics name files relative to it), the day (a review date ages), the
// profiles whose step fit is checked. One of them changed: every lesson is read.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "build_cache.h"
#include "diagnostics.h"
#include "localize.h"
#include "model.h"
#include "source_hash_index.h"

namespace hocso {

// What a first read found of one lesson.
struct RecalledLesson {
  std::string inputs;  // lesson_inputs_digest() when it was read
  LessonSummary summary;
  std::vector<std::pair<std::string, LocalizedSummary>> translations;  // by language
  std::vector<Diagnostic> diagnostics;  // in report order, as reported (before --strict)
  std::vector<std::string> excerpts;    // files the diagnostics show lines of (their loaders)
  std::vector<std::string> memos;       // PackValidation::memos(), one per validate stage
};

// Where the record of a first read is kept, and what for.
struct StreamRecordSetup {
  const BuildCache* cache = nullptr;           // nullptr: nothing recorded or recalled
  std::vector<std::filesystem::path> tools;    // hocso's files, its plugins, their data (build_inputs_digest())
  // What the read is for: `hocso check` and each output folder of `hocso build`
  // keep a record of their own ("check", "build <folder>").
  std::string purpose;
  std::filesystem::path out_dir;  // a build's output folder, left out of the content folder's digest
};

class StreamRecord {
 public:
  // Reads the record of `pack` for `setup.purpose` and digests what every
  // lesson's read depends on; `fit` are the profiles whose step fit the read
  // checks. No cache: nothing is found, nothing saved.
  StreamRecord(const Pack& pack, const StreamRecordSetup& setup, const std::vector<const Profile*>& fit);
  StreamRecord(const StreamRecord&) = delete;
  StreamRecord& operator=(const StreamRecord&) = delete;

  // lesson_inputs_digest() of `id`, now; "" without a cache.
  std::string inputs_of(const std::string& id);
  // What the last read found of `id`, when it read the same files with the same
  // everything else; nullptr otherwise.
  const RecalledLesson* find(const std::string& id, const std::string& inputs) const;
  // For the next read: what this read found of `id`, read now or recalled
  // (then `lesson` is what find() returned, and its line is kept as read).
  void keep(const std::string& id, const RecalledLesson& lesson, bool recalled);
  // Stores the lessons kept, in the order kept, as the record (the earlier one
  // is replaced) unless every one was recalled from it, and the source hashes
  // learnt.
  void save();

 private:
  const Pack& pack_;
  const BuildCache* cache_;
  SourceHashIndex sources_;
  std::string key_;      // of the cache entry: the pack and the purpose
  std::string context_;  // the digest of everything but the lessons' own files
  struct Found {
    RecalledLesson lesson;
    std::string line;  // as the record holds it
  };
  std::map<std::string, Found> found_;  // the last read's, by lesson id
  std::vector<std::string> kept_;       // the next record's lines, in order
  std::size_t kept_recalled_ = 0;
};

// The record's form of a lesson (exposed for the unit test that checks that
// every field of a summary comes back).
std::string recalled_lesson_json(const RecalledLesson& lesson);
std::optional<RecalledLesson> recalled_lesson_from_json(std::string_view text);

}  // namespace hocso
