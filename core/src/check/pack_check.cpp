#include "pack_check.h"

#include "bundle_fonts.h"
#include "lesson_stream.h"
#include "step_fit.h"

namespace hocso {

void check_batch_fit(const Pack& pack, const LocalizedBatch& batch, const std::vector<const Profile*>& profiles,
                     Diagnostics& diagnostics) {
  for (const Lesson* lesson : batch.lessons)
    for (const Profile* profile : profiles)
      for (const auto& lang : pack.languages) {
        auto translated = batch.translations.find({lang, lesson->id});
        const Lesson& shown = translated == batch.translations.end() ? *lesson : *translated->second.lesson;
        check_step_fit(shown, lang, step_budget(*profile), profile->name, pack.checks.severities, diagnostics);
      }
}

LocalizedSummaries check_lessons(Pack& pack, PluginHost& host, const LocalizeOptions& localize,
                               Diagnostics& diagnostics, unsigned jobs) {
  LessonStream stream(pack, host, localize, diagnostics, jobs);
  std::vector<const Profile*> profiles;
  for (const Profile& profile : pack.profiles) profiles.push_back(&profile);
  while (const LocalizedBatch* batch = stream.next()) check_batch_fit(pack, *batch, profiles, diagnostics);
  // A build checks them as it starts its bundles (PackBuild).
  language_fonts(pack, localize, diagnostics);
  localize_page_labels(pack, localize, diagnostics);
  return stream.finish();
}

}  // namespace hocso
