#include "pack_check.h"

#include "bundle_fonts.h"
#include "lesson_stream.h"

namespace hocso {

CheckedLessons check_lessons(Pack& pack, PluginHost& host, const LocalizeOptions& localize, Diagnostics& diagnostics,
                             unsigned jobs, StreamRecordSetup record) {
  FirstRead read{{}, std::move(record)};
  for (const Profile& profile : pack.profiles) read.fit.push_back(&profile);
  LessonStream stream(pack, host, localize, diagnostics, jobs, std::move(read));
  while (stream.next()) {
  }
  // A build checks them as it starts its bundles (PackBuild).
  language_fonts(pack, localize, diagnostics);
  localize_page_labels(pack, localize, diagnostics);
  LocalizedSummaries translations = stream.finish();
  return {std::move(translations), stream.recalled()};
}

}  // namespace hocso
