#pragma once
// The scaffolding the test plugins share: a validate stage that checks nothing,
// and the entry point of a plugin whose one validate stage is of a given class.
// What makes a test plugin different on purpose (the API version it was built
// for, its build flags, what its stage does) stays in its own plugin.cpp.
// sample-check does without this header: cli.install builds it alone, outside
// the source tree, as a third party would.
#include <memory>

#include "hocso/plugin.h"

namespace hocso_test_plugin {

class Nothing : public hocso::ValidateStage {
 public:
  void begin_pack(const hocso::PackView&, hocso::PluginContext&) override {}
  void validate_lesson(const hocso::PackView&, const hocso::LessonView&, hocso::PluginContext&) override {}
  void end_pack(const hocso::PackView&, hocso::PluginContext&) override {}
};

}  // namespace hocso_test_plugin

// The entry point of plugin NAME, version 1.0, built for API_VERSION and listed
// with PLUGIN_SUMMARY: it registers one validate stage, also NAME, of class
// STAGE with STAGE_SUMMARY.
#define HOCSO_TEST_VALIDATE_PLUGIN_FOR(API_VERSION, NAME, STAGE, STAGE_SUMMARY, PLUGIN_SUMMARY)  \
  namespace {                                                                                    \
  void register_stages(hocso::StageRegistry* registry) {                                         \
    registry->add_validate_stage(NAME, STAGE_SUMMARY, std::make_unique<STAGE>());                \
  }                                                                                              \
  const hocso_plugin_info info{.api_version = (API_VERSION), .name = NAME, .version = "1.0",    \
                               .summary = PLUGIN_SUMMARY, .register_stages = &register_stages}; \
  }                                                                                              \
  HOCSO_PLUGIN(info)

// The same, built for this host's API version.
#define HOCSO_TEST_VALIDATE_PLUGIN(NAME, STAGE, STAGE_SUMMARY, PLUGIN_SUMMARY) \
  HOCSO_TEST_VALIDATE_PLUGIN_FOR(HOCSO_PLUGIN_API_VERSION, NAME, STAGE, STAGE_SUMMARY, PLUGIN_SUMMARY)
