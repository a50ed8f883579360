// A plugin built with libstdc++'s debug mode (-D_GLIBCXX_DEBUG, set in
// tests/CMakeLists.txt): its std::vector and friends have another layout than
// the host's, so it must be refused on its ABI fingerprint, never called.
#include <vector>

#include "../test_plugin.h"

#if !defined(_GLIBCXX_DEBUG) && defined(__GLIBCXX__)
#error "this test plugin must be built with -D_GLIBCXX_DEBUG"
#endif

namespace {
class Nothing final : public hocso::ValidateStage {
 public:
  void begin_pack(const hocso::PackView&, hocso::PluginContext&) override {}
  void validate_lesson(const hocso::PackView&, const hocso::LessonView& lesson, hocso::PluginContext&) override {
    seen_.push_back(lesson.references.size());  // would read the host's vector with the debug layout
  }
  void end_pack(const hocso::PackView&, hocso::PluginContext&) override {}

 private:
  std::vector<std::size_t> seen_;
};
}  // namespace

HOCSO_TEST_VALIDATE_PLUGIN("glibcxx-debug", Nothing, "built in debug mode", "built with -D_GLIBCXX_DEBUG")
