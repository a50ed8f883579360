#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "fatal.h"
#include "plugin_host.h"
#include "plugin_trust.h"
#include "stage_runner.h"
#include "test_files.h"

namespace fs = std::filesystem;
using namespace hocso;

namespace {
const PluginFailure* failure_named(const PluginHost& host, const std::string& file_name) {
  for (const auto& f : host.failures())
    if (f.file.filename() == file_name) return &f;
  return nullptr;
}

const fs::path kTestPlugins = HOCSO_TEST_PLUGIN_DIR;
const fs::path kPlugins = fs::path(HOCSO_BINARY_DIR) / "lib" / "hocso" / "plugins";

// A plugin folder for one test: `files` maps a file name to the plugin copied there.
fs::path plugin_folder(const fs::path& parent, const std::string& name,
                       const std::vector<std::pair<std::string, fs::path>>& files) {
  const fs::path dir = parent / name;
  fs::create_directories(dir);
  ::chmod(dir.c_str(), 0755);
  for (const auto& [file, from] : files) fs::copy_file(from, dir / file, fs::copy_options::overwrite_existing);
  return dir;
}

// Sets HOCSO_TEST_LOAD_MARKER for the load-marker plugin while it lives; what
// the copies of that plugin that were loaded wrote.
struct LoadMarker {
  fs::path file;
  explicit LoadMarker(const fs::path& dir) : file(dir / "loaded.txt") {
    ::setenv("HOCSO_TEST_LOAD_MARKER", file.c_str(), 1);
  }
  ~LoadMarker() { ::unsetenv("HOCSO_TEST_LOAD_MARKER"); }
  std::string loaded() const { return hocso::test::read_bytes(file); }
};

}  // namespace

TEST_CASE("the host loads good plugins and reports each bad one with its file and reason") {
  PluginHost host({fs::path(HOCSO_TEST_PLUGIN_DIR)});

  const PluginFailure* bad = failure_named(host, "hocso-bad-version.so");
  REQUIRE(bad);
  CHECK(bad->check_id == "plugin-api-version");
  CHECK(bad->reason == "was built for plugin API version 2, this hocso has version 6.4; rebuild it against this hocso's headers");
  CHECK(bad->file.is_absolute());

  // Built with -D_GLIBCXX_DEBUG: refused on the ABI fingerprint, not called.
  const PluginFailure* debug = failure_named(host, "hocso-glibcxx-debug.so");
  REQUIRE(debug);
  CHECK(debug->check_id == "plugin-abi");
  CHECK(debug->reason == "was built with libstdc++ in debug mode (_GLIBCXX_DEBUG), this hocso with libstdc++: the "
                         "standard library types the plugin API passes (std::string, std::vector, …) would not "
                         "match; rebuild it with the same standard library and settings as hocso");
  CHECK(host.find_validate_stage("glibcxx-debug") == nullptr);

  const PluginFailure* major = failure_named(host, "hocso-wrong-major.so");
  REQUIRE(major);
  CHECK(major->check_id == "plugin-api-version");
  CHECK(major->reason == "was built for plugin API version 7.0, this hocso has version 6.4 (another major "
                         "version); rebuild it against this hocso's headers");

  const PluginFailure* newer = failure_named(host, "hocso-newer-minor.so");
  REQUIRE(newer);
  CHECK(newer->check_id == "plugin-api-version");
  CHECK(newer->reason.rfind("was built for plugin API version 6.5, this hocso has version 6.4, which lacks what 6.5 added", 0) == 0);

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
  CHECK(host.find_validate_stage("load-marker") != nullptr);
  CHECK(host.find_validate_stage("older-minor") != nullptr);  // built for minor 0 of this major
  CHECK(host.plugins().size() == 5);
  CHECK(host.shadowed().empty());
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

TEST_CASE("a file shadowed by an earlier one of the same name is never loaded") {
  hocso::test::TempDir temp("hocso-shadow");
  LoadMarker marker(temp.path);
  const fs::path marker_plugin = kTestPlugins / "hocso-load-marker.so";
  const fs::path first = plugin_folder(temp.path, "first", {{"hocso-sample-check.so", kTestPlugins / "hocso-sample-check.so"}});
  const fs::path second = plugin_folder(temp.path, "second", {{"hocso-sample-check.so", marker_plugin}});

  {
    // The control: this copy does write the marker when it is loaded.
    PluginHost alone({second});
    REQUIRE(alone.plugins().size() == 1);
    CHECK(marker.loaded() == (second / "hocso-sample-check.so").string() + "\n");
    fs::remove(marker.file);
  }
  PluginHost host({first, second});
  CHECK(marker.loaded().empty());  // its constructor never ran: it was never dlopen'ed
  REQUIRE(host.plugins().size() == 1);
  CHECK(host.plugins()[0].name == "sample-check");
  CHECK(host.plugins()[0].file == first / "hocso-sample-check.so");
  REQUIRE(host.shadowed().size() == 1);
  CHECK(host.shadowed()[0].file == second / "hocso-sample-check.so");
  CHECK(host.shadowed()[0].shadowed_by == first / "hocso-sample-check.so");
  CHECK(host.failures().empty());

  // The same file reached through a second folder is not a shadow.
  fs::create_directory_symlink(first, temp.path / "link");
  PluginHost twice({first, temp.path / "link"});
  CHECK(twice.plugins().size() == 1);
  CHECK(twice.shadowed().empty());
}

TEST_CASE("two files giving the same plugin name: the second is refused") {
  hocso::test::TempDir temp("hocso-dupname");
  const fs::path dir = plugin_folder(temp.path, "p", {{"hocso-a.so", kTestPlugins / "hocso-load-marker.so"},
                                                      {"hocso-b.so", kTestPlugins / "hocso-load-marker.so"}});
  PluginHost host({dir});
  REQUIRE(host.plugins().size() == 1);
  CHECK(host.plugins()[0].file == dir / "hocso-a.so");
  const PluginFailure* refused = failure_named(host, "hocso-b.so");
  REQUIRE(refused);
  CHECK(refused->check_id == "plugin-duplicate-name");
  CHECK(refused->reason == "is refused: it is the plugin 'load-marker', which " + (dir / "hocso-a.so").string() +
                               " already is; remove one of the two files from the plugin path");
  CHECK(host.validate_stages().size() == 1);
}

TEST_CASE("plugins in a folder or file others can change are refused unless allowed") {
  hocso::test::TempDir temp("hocso-trust");
  LoadMarker marker(temp.path);
  const fs::path dir = plugin_folder(temp.path, "p", {{"hocso-load-marker.so", kTestPlugins / "hocso-load-marker.so"}});
  REQUIRE_FALSE(untrusted_reason(dir).has_value());
  const fs::path file = dir / "hocso-load-marker.so";

  auto refused = [&](const std::string& why) {
    CAPTURE(why);
    PluginHost host({dir});
    CHECK(host.plugins().empty());
    const PluginFailure* failure = failure_named(host, "hocso-load-marker.so");
    REQUIRE(failure);
    CHECK(failure->check_id == "plugin-insecure");
    CHECK(failure->reason.find(why) != std::string::npos);
    CHECK(failure->reason.find("--allow-insecure-plugins") != std::string::npos);
    CHECK(marker.loaded().empty());  // refused before dlopen
  };

  ::chmod(dir.c_str(), 0777);
  refused(dir.string() + " is writable by every user (mode 0777)");
  {
    PluginHost allowed({dir}, {.allow_insecure = true});
    REQUIRE(allowed.plugins().size() == 1);
    REQUIRE(allowed.load_warnings().size() == 1);
    CHECK(allowed.load_warnings()[0].check_id == "plugin-insecure");
    CHECK(marker.loaded() == file.string() + "\n");
    fs::remove(marker.file);
  }
  ::chmod(dir.c_str(), 0755);
  ::chmod(file.c_str(), 0646);
  refused(file.string() + " is writable by every user (mode 0646)");
  ::chmod(file.c_str(), 0755);

  // A folder above that anyone may rename things in: refused, unless sticky (/tmp).
  const fs::path above = temp.path / "open";
  const fs::path inner = plugin_folder(above, "p", {{"hocso-load-marker.so", kTestPlugins / "hocso-load-marker.so"}});
  ::chmod(above.c_str(), 0777);
  CHECK(untrusted_reason(inner).value_or("").find(above.string() + " (above " + inner.string() +
                                                  ") is writable by every user without the sticky bit") == 0);
  ::chmod(above.c_str(), 01777);
  CHECK_FALSE(untrusted_reason(inner).has_value());

  if (::geteuid() == 0) {
    // Owned by another user (not root): refused. Group-writable for a group with
    // other members (nogroup has nobody): refused.
    REQUIRE(::chown(file.c_str(), 65534, 65534) == 0);
    refused(file.string() + " is owned by ");
    REQUIRE(::chown(file.c_str(), 0, 65534) == 0);
    ::chmod(file.c_str(), 0775);
    refused(file.string() + " is writable by the group ");
    REQUIRE(::chown(file.c_str(), 0, 0) == 0);
  }
}

TEST_CASE("validate-core is required: missing, shadowed, replaced or refused is an environment error") {
  hocso::test::TempDir temp("hocso-required");
  LoadMarker marker(temp.path);
  auto error_of = [](const PluginHost& host) -> std::string {
    try {
      require_validation_plugin(host);
    } catch (const FatalError& e) {
      return e.what();
    }
    return "";
  };
  CHECK(error_of(PluginHost({kPlugins})).empty());

  const std::string missing = error_of(PluginHost({kTestPlugins}));
  CHECK(missing.find("validate-core is not installed: no hocso-validate-core.so in the plugin folders (" +
                     kTestPlugins.string() + ")") == 0);
  CHECK(missing.find("reinstall hocso") != std::string::npos);

  fs::remove(marker.file);  // the test plugin folder holds the marker plugin too
  // Another plugin renamed hocso-validate-core.so, earlier on the path: the real
  // one is shadowed, and the shadowed copy (the marker plugin) is never loaded.
  const fs::path earlier = plugin_folder(temp.path, "earlier", {{"hocso-validate-core.so", kTestPlugins / "hocso-sample-check.so"}});
  const fs::path later = plugin_folder(temp.path, "later", {{"hocso-validate-core.so", kTestPlugins / "hocso-load-marker.so"}});
  const std::string shadowed = error_of(PluginHost({earlier, later, kPlugins}));
  CHECK(shadowed.find("two files named hocso-validate-core.so are on the plugin path, " +
                      (earlier / "hocso-validate-core.so").string() + " and " +
                      (later / "hocso-validate-core.so").string()) == 0);
  CHECK(marker.loaded().empty());

  const std::string replaced = error_of(PluginHost({earlier}));
  CHECK(replaced.find((earlier / "hocso-validate-core.so").string() + " is the plugin 'sample-check', not validate-core") == 0);

  const fs::path insecure = plugin_folder(temp.path, "insecure", {{"hocso-validate-core.so", kPlugins / "hocso-validate-core.so"}});
  ::chmod(insecure.c_str(), 0777);
  const std::string refused = error_of(PluginHost({insecure}));
  CHECK(refused.find("[plugin-insecure]") != std::string::npos);
  CHECK(error_of(PluginHost({insecure}, {.allow_insecure = true})).empty());

  const fs::path wrong_api = plugin_folder(temp.path, "old", {{"hocso-validate-core.so", kTestPlugins / "hocso-bad-version.so"}});
  CHECK(error_of(PluginHost({wrong_api})).find("was built for plugin API version 2") != std::string::npos);
}
