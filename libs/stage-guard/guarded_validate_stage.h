#pragma once
// A validate stage that stops at its first exception (validate-core,
// validate-privacy): what a throw leaves half made is never used again, and
// the stop is reported once, as an error on the pack file naming the stage.

#include <exception>
#include <string>

#include <fmt/format.h>

#include "hocso/messages.h"
#include "hocso/plugin.h"

namespace hocso {

class GuardedValidateStage : public ValidateStage {
 public:
  // `stopped_message` is a catalog message with a {what} placeholder (mark it
  // N_() where the stage is made, so that it is in the catalog); `rule` the
  // check id of the report.
  GuardedValidateStage(const char* stopped_message, std::string rule)
      : stopped_message_(stopped_message), rule_(std::move(rule)) {}

  void begin_pack(const PackView& pack, PluginContext& context) final {
    stopped_ = false;
    reset();
    guarded(pack, context, [&] { start(pack, context); });
  }
  void validate_lesson(const PackView& pack, const LessonView& lesson, PluginContext& context) final {
    if (!stopped_) guarded(pack, context, [&] { check_lesson(pack, lesson, context); });
  }
  void end_pack(const PackView& pack, PluginContext& context) final {
    if (!stopped_) guarded(pack, context, [&] { finish(pack, context); });
  }
  // None once the stage stopped: its state of the pack is half made.
  std::optional<std::string> lesson_memo(const PackView& pack, const std::string& lesson_id) final {
    if (stopped_) return std::nullopt;
    return memo(pack, lesson_id);
  }
  void recall_lesson(const PackView& pack, const std::string& lesson_id, std::string_view memo,
                     PluginContext& context) final {
    if (!stopped_) guarded(pack, context, [&] { recall(pack, lesson_id, memo, context); });
  }

 protected:
  // Forgets the state of an earlier pack.
  virtual void reset() = 0;
  virtual void start(const PackView& pack, PluginContext& context) = 0;
  virtual void check_lesson(const PackView& pack, const LessonView& lesson, PluginContext& context) = 0;
  // After every lesson: the checks across lessons.
  virtual void finish(const PackView& pack, PluginContext& context) = 0;
  // ValidateStage::lesson_memo() and recall_lesson() while the stage has not
  // stopped: what it keeps of a lesson for finish(), and that given back.
  virtual std::optional<std::string> memo(const PackView& pack, const std::string& lesson_id) = 0;
  virtual void recall(const PackView& pack, const std::string& lesson_id, std::string_view memo,
                      PluginContext& context) = 0;

 private:
  template <typename Work>
  void guarded(const PackView& pack, PluginContext& context, Work&& work) {
    try {
      work();
    } catch (const std::exception& error) {
      stopped_ = true;
      context.report({Severity::error,
                      {pack.pack_path, 0, 0},
                      fmt::format(fmt::runtime(_(stopped_message_)), fmt::arg("what", error.what())),
                      rule_});
    }
  }

  const char* stopped_message_;
  std::string rule_;
  bool stopped_ = false;
};

}  // namespace hocso
