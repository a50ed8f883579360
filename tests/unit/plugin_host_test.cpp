#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "plugin_host.h"

namespace fs = std::filesystem;
using namespace hocso;

namespace {
const PluginFailure* failure_named(const PluginHost& host, const std::string& file_name) {
  for (const auto& f : host.failures())
    if (f.file.filename() == file_name) return &f;
  return nullptr;
}
}  // namespace

TEST_CASE("the host loads good plugins and reports each bad one with its file and reason") {
  PluginHost host({fs::path(HOCSO_TEST_PLUGIN_DIR)});

  const PluginFailure* bad = failure_named(host, "hocso-bad-version.so");
  REQUIRE(bad);
  CHECK(bad->check_id == "plugin-api-version");
  CHECK(bad->reason == "was built for plugin API version 2, this hocso has version 5; rebuild it against this hocso's headers");
  CHECK(bad->file.is_absolute());

  const PluginFailure* not_plugin = failure_named(host, "hocso-not-a-plugin.so");
  REQUIRE(not_plugin);
  CHECK(not_plugin->check_id == "plugin-not-a-plugin");
  CHECK(not_plugin->reason == "is not a hocso plugin: it has no 'hocso_plugin_entry' entry point");

  const PluginFailure* threw = failure_named(host, "hocso-throws-on-register.so");
  REQUIRE(threw);
  CHECK(threw->check_id == "plugin-threw");
  CHECK(threw->reason == "threw while registering its stages: cannot register");

  // The good ones are loaded with their stages; failed ones contribute nothing.
  CHECK(host.find_validate_stage("sample-check") != nullptr);
  CHECK(host.find_validate_stage("throws") != nullptr);
  CHECK(host.find_validate_stage("throws-on-register") == nullptr);
  CHECK(host.find_localize_stage("sample-localize") != nullptr);
  CHECK(host.plugins().size() == 3);
}

TEST_CASE("a file that is not a shared library is a load failure, not a crash") {
  fs::path dir = fs::temp_directory_path() / ("hocso-plugin-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "hocso-garbage.so") << "this is not an ELF file";
  PluginHost host({dir});
  REQUIRE(host.failures().size() == 1);
  CHECK(host.failures()[0].check_id == "plugin-load-failed");
  CHECK(host.failures()[0].file == fs::canonical(dir / "hocso-garbage.so"));
  CHECK(host.failures()[0].reason.rfind("cannot be loaded: ", 0) == 0);
  fs::remove_all(dir);
}

TEST_CASE("search folders are absolute and canonical, never the bare current folder") {
  ::setenv("HOCSO_PLUGIN_PATH", "relative-plugins::/tmp/../tmp", 1);
  auto dirs = plugin_search_dirs({"some/dir"});
  ::unsetenv("HOCSO_PLUGIN_PATH");
  REQUIRE(dirs.size() == 4);
  CHECK(dirs[0] == fs::current_path() / "some/dir");
  CHECK(dirs[1] == fs::current_path() / "relative-plugins");
  CHECK(dirs[2] == fs::path("/tmp"));
  for (const auto& d : dirs) CHECK(d.is_absolute());
  CHECK(dirs[3].filename() == "plugins");
}

TEST_CASE("did you mean") {
  std::vector<std::string> names{"validate-core", "translate-po", "screenshots"};
  CHECK(did_you_mean("validate-cor", names) == "validate-core");
  CHECK(did_you_mean("screenshot", names) == "screenshots");
  CHECK(did_you_mean("zzzz", names) == "");
}
