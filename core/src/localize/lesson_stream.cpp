#include "lesson_stream.h"

#include <algorithm>
#include <numeric>

#include "audio_sources.h"
#include "interrupt.h"
#include "pack_loader.h"
#include "parallel.h"
#include "stage_runner.h"
#include "step_fit.h"
#include "writing_checks.h"

namespace hocso {

LessonStream::LessonStream(Pack& pack, PluginHost& host, const LocalizeOptions& localize, Diagnostics& diagnostics,
                           unsigned jobs, FirstRead read)
    : pack_(pack), first_read_(&pack), total_(pack.to_load.size()), localize_(localize), diagnostics_(diagnostics),
      jobs_(jobs), fit_(std::move(read.fit)) {
  pack.lessons.reserve(pack.to_load.size());
  validation_ = std::make_unique<PackValidation>(pack, host, diagnostics, localize.cache);
  check_pack_writing(pack, diagnostics);
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
  if (done_ >= total_) return nullptr;
  throw_if_interrupted();
  const int errors_before = diagnostics_.error_count();
  const std::size_t first = done_, count = std::min(kLessonBatch, total_ - done_);
  done_ += count;

  if (first_read_ || fresh_) {
    std::vector<std::size_t> listings(count);
    for (std::size_t i = 0; i < count; ++i) listings[i] = fresh_ ? indexes_[first + i] : first + i;
    // Each lesson's diagnostics are kept apart, then said lesson by lesson, in
    // pack order: what it loading, checking and translating it reported.
    std::vector<Diagnostics> own(count);
    std::vector<std::optional<Lesson>> loaded = load_lessons(pack_, listings, own, jobs_);
    std::vector<Diagnostics*> reports;  // of the loaded lessons
    for (std::size_t i = 0; i < count; ++i)
      if (loaded[i]) {
        lessons_.push_back(std::move(*loaded[i]));
        reports.push_back(&own[i]);
      }
    // The writing checks need no plugin: on `jobs_` threads.
    std::vector<Diagnostics> writing(lessons_.size());
    parallel_for(lessons_.size(), jobs_, [&](std::size_t i) { check_lesson_writing(pack_, lessons_[i], writing[i]); });
    for (std::size_t i = 0; i < lessons_.size(); ++i) {
      validation_->lesson(lessons_[i], *reports[i]);
      reports[i]->take(writing[i]);
      lesson_audio(pack_, lessons_[i], reports[i]);  // stale and misplaced recordings
      loaded_.push_back(&lessons_[i]);
    }
    // Translation problems are reported here; a build stops before its bundles.
    std::vector<Diagnostics> translating(lessons_.size());
    std::optional<LocalizedLessons> translated =
        localize_lessons(pack_, loaded_, localize_, diagnostics_, jobs_, &translating);
    for (std::size_t i = 0; i < lessons_.size(); ++i) {
      reports[i]->take(translating[i]);
      check_lesson_fit(lessons_[i], translated ? &*translated : nullptr, *reports[i]);
    }
    for (auto& report : own) diagnostics_.take(report);
    // The summaries go in first: the batch's pages may link each other.
    if (first_read_)
      for (const Lesson& lesson : lessons_) first_read_->lessons.push_back(summary_of(lesson));
    if (translated) {
      for (const auto& [key, lesson] : *translated) summaries_.emplace(key, summary_of(lesson));
      translations_ = std::move(*translated);
    }
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
  return std::move(summaries_);
}

}  // namespace hocso
