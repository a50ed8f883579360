// An app following an update channel: pull what changed into the app's own
// state folder, then read the installed bundle. Built by CMake as
// hocso-pull-channel; docs/apps.md walks through it.
//
//   hocso-pull-channel SOURCE STATE [ROOT_PUBLIC_KEY_FILE]
//
// SOURCE is the channel's http(s) address or folder (a USB stick). The root
// key is needed on the first pull only; STATE remembers the root from then on.
// Exit 0 after printing what was installed; 1 when the channel or a bundle was
// refused (its rule on stderr; the installed bundle untouched); 2 on bad
// arguments or a state folder that cannot be used.

#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "hocso/bundle_reader.h"
#include "hocso/pull.h"

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::cerr << "usage: hocso-pull-channel SOURCE STATE [ROOT_PUBLIC_KEY_FILE]\n";
    return 2;
  }
  std::optional<std::string> root_key;
  if (argc == 4) {
    std::ifstream key_file(argv[3]);
    if (!key_file) {
      std::cerr << "cannot read " << argv[3] << "\n";
      return 2;
    }
    std::stringstream key;
    key << key_file.rdbuf();
    root_key = key.str();
  }

  const hocso::PullState state = hocso::PullState::open(argv[2], root_key);
  hocso::PullOptions options;
  options.progress = [](const std::string& line) { std::cerr << line << "\n"; };
  const hocso::PullReport report = state.pull(argv[1], options);
  if (!report.ok) {
    // No rule: the pull could not start (no root key on a first pull, say).
    std::cerr << "refused: " << report.message << (report.rule.empty() ? "" : " [" + report.rule + "]") << "\n";
    return report.rule.empty() ? 2 : 1;
  }
  std::cout << "channel version " << report.channel_version << ", root version " << report.root_version << ", "
            << report.bytes_fetched << " bytes fetched\n";
  for (const auto& b : report.bundles)
    std::cout << (b.updated ? "installed " : "up to date: ") << b.pack << " " << b.version << " (" << b.profile
              << ")" << (b.delta ? " from what changed" : "") << "\n";

  // Reading what was installed: the bundle keys come from the trusted root.
  const auto installed = state.installed();
  if (!installed) return 0;  // several bundles: name one with installed(pack, profile)
  const hocso::BundleReader bundle = hocso::BundleReader::open(*installed, state.bundle_keys());
  if (!bundle.ok()) {
    std::cerr << "refused: " << bundle.problems().front().message << "\n";
    return 1;
  }
  const auto manifest = nlohmann::json::parse(bundle.manifest_json());
  std::cout << "reading " << manifest["pack"]["id"].get<std::string>() << " "
            << manifest["pack"]["version"].get<std::string>() << ": " << manifest["lessons"].size() << " lessons\n";
  return 0;
}
