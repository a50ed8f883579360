#pragma once
// The PluginContext the host hands a stage: what it reports goes into the run's
// diagnostics, at the severity the pack sets for its check (check_settings.h);
// its settings and folders are fixed when the stage is called.

#include <filesystem>
#include <string>

#include "check_settings.h"
#include "diagnostics.h"
#include "hocso/plugin.h"

namespace hocso {

class HostPluginContext final : public PluginContext {
 public:
  HostPluginContext(Diagnostics& diagnostics, std::string settings, std::filesystem::path data_dir,
                    std::filesystem::path plugin_data_dir, std::filesystem::path content_root,
                    const StageCache* cache = nullptr, const CheckSeverities* severities = nullptr)
      : diagnostics_(&diagnostics),
        settings_(std::move(settings)),
        data_dir_(std::move(data_dir)),
        plugin_data_dir_(std::move(plugin_data_dir)),
        content_root_(std::move(content_root)),
        cache_(cache),
        severities_(severities) {}
  void report(Diagnostic diagnostic) override {
    if (!severities_) return diagnostics_->report(std::move(diagnostic));
    severities_->report(*diagnostics_, std::move(diagnostic));
  }
  // Where report() goes from now on (a lesson's own diagnostics, lesson_stream.h).
  void report_into(Diagnostics& diagnostics) { diagnostics_ = &diagnostics; }
  const std::string& settings_json() const override { return settings_; }
  const std::filesystem::path& hocso_data_dir() const override { return data_dir_; }
  const std::filesystem::path& plugin_data_dir() const override { return plugin_data_dir_; }
  const std::filesystem::path& content_root() const override { return content_root_; }
  const StageCache* cache() const override { return cache_; }

 private:
  Diagnostics* diagnostics_;
  std::string settings_;
  std::filesystem::path data_dir_;
  std::filesystem::path plugin_data_dir_;
  std::filesystem::path content_root_;
  const StageCache* cache_;
  const CheckSeverities* severities_;  // the pack's; nullptr: as reported
};

}  // namespace hocso
