#include "pack_check.h"

#include "lesson_stream.h"

namespace hocso {

LocalizedSummaries check_lessons(Pack& pack, PluginHost& host, const LocalizeOptions& localize,
                               Diagnostics& diagnostics, unsigned jobs) {
  LessonStream stream(pack, host, localize, diagnostics, jobs);
  while (stream.next()) {
  }
  // A build checks them as it starts its bundles (PackBuild).
  localize_page_labels(pack, localize, diagnostics);
  return stream.finish();
}

}  // namespace hocso
