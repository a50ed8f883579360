#pragma once
// A stage a build uses, with what its calls need (stage_runner.h chooses it),
// and the PluginContext of one call, which collects what the stage reports so
// that the caller can hand it on in a fixed order. One shape for the media,
// audio and speech stages.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "hocso/plugin.h"

namespace hocso {

template <class Stage>
struct StageChoice {
  Stage* stage = nullptr;              // owned by the plugin host
  std::string name;                    // e.g. "screenshots", "audio", "tts"
  std::string settings_json = "{}";    // the pack's settings for it
  std::string plugin_file;             // for messages about the plugin itself
  std::filesystem::path data_dir;      // hocso's data folder
  std::filesystem::path plugin_data_dir;
  std::filesystem::path content_root;  // the pack's content folder
};

template <class Stage>
class CollectingContext final : public PluginContext {
 public:
  explicit CollectingContext(const StageChoice<Stage>& stage) : stage_(stage) {}
  void report(Diagnostic diagnostic) override { reported.push_back(std::move(diagnostic)); }
  const std::string& settings_json() const override { return stage_.settings_json; }
  const std::filesystem::path& hocso_data_dir() const override { return stage_.data_dir; }
  const std::filesystem::path& plugin_data_dir() const override { return stage_.plugin_data_dir; }
  const std::filesystem::path& content_root() const override { return stage_.content_root; }
  std::vector<Diagnostic> reported;

 private:
  const StageChoice<Stage>& stage_;
};

}  // namespace hocso
