#include "lesson_stream.h"

#include <algorithm>
#include <numeric>

#include "audio_sources.h"
#include "interrupt.h"
#include "pack_loader.h"
#include "parallel.h"
#include "stage_runner.h"
#include "source_text.h"
#include "step_fit.h"
#include "stream_record.h"
#include "writing_checks.h"

namespace hocso {

namespace {

// Says a recalled lesson's diagnostics again, as they were said when it was
// read, with the source lines they showed.
void say_again(const RecalledLesson& lesson, Diagnostics& into) {
  for (const Diagnostic& d : lesson.diagnostics) into.report(d);
  for (const std::string& file : lesson.excerpts)
    into.remember_source_file(file, [file] {
      Diagnostics ignored;
      std::error_code ec;
      return read_source_file(std::filesystem::absolute(file, ec).string(), file, ignored);
    });
}

// What the next read may take of `lesson`, read now with `inputs`.
RecalledLesson recall_record(const Lesson& lesson, const std::string& inputs, const LocalizedLessons& translated,
                             const Diagnostics& said, std::vector<std::string> memos) {
  RecalledLesson r{inputs, summary_of(lesson), {}, said.all(), {}, std::move(memos)};
  for (const auto& [key, t] : translated)
    if (key.second == lesson.id) r.translations.emplace_back(key.first, summary_of(t));
  // The files whose lines the diagnostics show; loaders of others are not needed.
  for (const std::string& file : said.source_files())
    if (std::any_of(r.diagnostics.begin(), r.diagnostics.end(), [&](const Diagnostic& d) { return d.where.file == file; }))
      r.excerpts.push_back(file);
  return r;
}

}  // namespace

LessonStream::LessonStream(Pack& pack, PluginHost& host, const LocalizeOptions& localize, Diagnostics& diagnostics,
                           unsigned jobs, FirstRead read)
    : pack_(pack), first_read_(&pack), total_(pack.to_load.size()), localize_(localize), diagnostics_(diagnostics),
      errors_before_(diagnostics.error_count()), jobs_(jobs), fit_(std::move(read.fit)) {
  pack.lessons.reserve(pack.to_load.size());
  validation_ = std::make_unique<PackValidation>(pack, host, diagnostics, localize.cache);
  check_pack_writing(pack, diagnostics);
  if (read.record.cache) record_ = std::make_unique<StreamRecord>(pack, read.record, fit_);
}

LessonStream::LessonStream(const Pack& pack, std::vector<std::size_t> indexes, const LocalizeOptions& localize,
                           Diagnostics& diagnostics, unsigned jobs)
    : pack_(pack), indexes_(std::move(indexes)), total_(indexes_.size()), localize_(localize),
      diagnostics_(diagnostics), jobs_(jobs) {}

LessonStream::LessonStream(Fresh, const Pack& pack, PluginHost& host, std::vector<std::size_t> listings,
                           const LocalizeOptions& localize, Diagnostics& diagnostics, unsigned jobs)
    : pack_(pack), fresh_(true), indexes_(std::move(listings)), total_(indexes_.size()), localize_(localize),
      diagnostics_(diagnostics), jobs_(jobs) {
  validation_ = std::make_unique<PackValidation>(pack, host, diagnostics);
}

LessonStream::~LessonStream() = default;

const LocalizedBatch* LessonStream::next() {
  lessons_.clear();
  loaded_.clear();
  translations_.clear();
  recalled_.clear();
  inputs_.clear();
  batch_.recalled = {};
  batch_.inputs = nullptr;
  if (done_ >= total_) return nullptr;
  throw_if_interrupted();
  const int errors_before = diagnostics_.error_count();
  const std::size_t first = done_, count = std::min(kLessonBatch, total_ - done_);
  done_ += count;

  if (first_read_ || fresh_) {
    // Which lessons of the batch are taken from the record, which are read.
    std::vector<const RecalledLesson*> recalled(count, nullptr);
    std::vector<std::string> inputs(count);
    std::vector<std::size_t> to_read, read_at;  // listings read, and their place in the batch
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t listing = fresh_ ? indexes_[first + i] : first + i;
      if (record_) {
        const std::string& id = pack_.to_load[listing].id;
        inputs[i] = record_->inputs_of(id);
        recalled[i] = record_->find(id, inputs[i]);
        if (recalled[i] && !validation_->can_recall(recalled[i]->memos)) recalled[i] = nullptr;
      }
      if (!recalled[i]) {
        to_read.push_back(listing);
        read_at.push_back(i);
      }
    }
    // Each lesson's diagnostics are kept apart, then said lesson by lesson, in
    // pack order: what loading, checking and translating it reported.
    std::vector<Diagnostics> own(count), loading(to_read.size());
    std::vector<std::optional<Lesson>> loaded = load_lessons(pack_, to_read, loading, jobs_);
    std::vector<std::size_t> lesson_at;             // the place in the batch of each of lessons_
    std::vector<std::optional<std::size_t>> at(count);  // the place in lessons_ of each lesson of the batch
    for (std::size_t j = 0; j < to_read.size(); ++j) {
      own[read_at[j]].take(loading[j]);
      if (!loaded[j]) continue;
      at[read_at[j]] = lessons_.size();
      lessons_.push_back(std::move(*loaded[j]));
      lesson_at.push_back(read_at[j]);
    }
    // The writing checks need no plugin: on `jobs_` threads.
    std::vector<Diagnostics> writing(lessons_.size());
    parallel_for(lessons_.size(), jobs_, [&](std::size_t i) { check_lesson_writing(pack_, lessons_[i], writing[i]); });
    // The validate stages see every lesson in pack order, read or recalled.
    std::vector<std::optional<std::vector<std::string>>> memos(lessons_.size());
    for (std::size_t i = 0; i < count; ++i) {
      if (recalled[i]) {
        validation_->recall(recalled[i]->summary.id, recalled[i]->memos, own[i]);
        say_again(*recalled[i], own[i]);
      } else if (at[i]) {
        const std::size_t k = *at[i];
        validation_->lesson(lessons_[k], own[i]);
        if (record_) memos[k] = validation_->memos(lessons_[k].id);
        own[i].take(writing[k]);
        lesson_audio(pack_, lessons_[k], &own[i]);  // stale and misplaced recordings
        loaded_.push_back(&lessons_[k]);
      }
    }
    // Translation problems are reported here; a build stops before its bundles.
    std::vector<Diagnostics> translating(lessons_.size());
    std::optional<LocalizedLessons> translated =
        localize_lessons(pack_, loaded_, localize_, diagnostics_, jobs_, &translating);
    for (std::size_t k = 0; k < lessons_.size(); ++k) {
      own[lesson_at[k]].take(translating[k]);
      check_lesson_fit(lessons_[k], translated ? &*translated : nullptr, own[lesson_at[k]]);
    }
    if (record_) {  // what the next read may take from this one
      for (std::size_t i = 0; i < count; ++i) {
        if (recalled[i]) {
          record_->keep(recalled[i]->summary.id, *recalled[i], true);
        } else if (const auto k = at[i]; k && memos[*k] && translated && own[i].error_count() == 0) {
          record_->keep(lessons_[*k].id, recall_record(lessons_[*k], inputs[i], *translated, own[i], *memos[*k]),
                        false);
        }
      }
    }
    for (auto& report : own) diagnostics_.take(report);
    // The summaries go in first: the batch's pages may link each other.
    for (std::size_t i = 0; i < count; ++i) {
      if (recalled[i]) {  // only in a first read
        recalled_.push_back(&first_read_->lessons.emplace_back(recalled[i]->summary));
        for (const auto& [lang, t] : recalled[i]->translations) summaries_.emplace(std::pair{lang, t.lesson.id}, t);
      } else if (at[i] && first_read_) {
        first_read_->lessons.push_back(summary_of(lessons_[*at[i]]));
      }
    }
    if (translated) {
      for (const auto& [key, lesson] : *translated) summaries_.emplace(key, summary_of(lesson));
      translations_ = std::move(*translated);
    }
    batch_.recalled = recalled_;
    if (record_) {
      for (std::size_t i = 0; i < count; ++i)
        inputs_.emplace(pack_.to_load[fresh_ ? indexes_[first + i] : first + i].id, inputs[i]);
      batch_.inputs = &inputs_;
    }
    recalled_total_ += count - static_cast<std::size_t>(std::count(recalled.begin(), recalled.end(), nullptr));
    return &batch_;
  }

  const std::vector<std::size_t> part(indexes_.begin() + static_cast<std::ptrdiff_t>(first),
                                      indexes_.begin() + static_cast<std::ptrdiff_t>(first + count));
  auto again = reload_lessons(pack_, part, diagnostics_, jobs_);
  if (diagnostics_.error_count() > errors_before) return nullptr;
  for (auto& lesson : again) lessons_.push_back(std::move(*lesson));
  for (const Lesson& lesson : lessons_) loaded_.push_back(&lesson);
  std::optional<LocalizedLessons> translated = localize_lessons(pack_, loaded_, localize_, diagnostics_, jobs_);
  if (!translated || diagnostics_.error_count() > errors_before) return nullptr;
  translations_ = std::move(*translated);
  return &batch_;
}

void LessonStream::check_lesson_fit(const Lesson& lesson, const LocalizedLessons* translations,
                                    Diagnostics& diagnostics) const {
  for (const Profile* profile : fit_)
    for (const auto& lang : pack_.languages) {
      const LocalizedLesson* translated = nullptr;
      if (translations)
        if (auto it = translations->find({lang, lesson.id}); it != translations->end()) translated = &it->second;
      check_step_fit(translated ? *translated->lesson : lesson, lang, step_budget(*profile), profile->name,
                     pack_.checks.severities, diagnostics);
    }
}

LocalizedSummaries LessonStream::finish() {
  if (validation_ && !fresh_) validation_->finish();
  // A read with errors keeps the earlier record: it is still true of the lessons it names.
  if (record_ && diagnostics_.error_count() == errors_before_) record_->save();
  return std::move(summaries_);
}

}  // namespace hocso
