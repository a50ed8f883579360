// A plugin whose validate stage throws.
#include <stdexcept>

#include "../test_plugin.h"

namespace {
class Throws final : public hocso::ValidateStage {
 public:
  // Throws at the start of each pack, before any lesson is shown.
  void begin_pack(const hocso::PackView&, hocso::PluginContext&) override {
    throw std::runtime_error("boom from the throws plugin");
  }
  void validate_lesson(const hocso::PackView&, const hocso::LessonView&, hocso::PluginContext&) override {}
  void end_pack(const hocso::PackView&, hocso::PluginContext&) override {}
};
}  // namespace

HOCSO_TEST_VALIDATE_PLUGIN("throws", Throws, "always throws", "validate stage that throws")
