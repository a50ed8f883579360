#pragma once
// Shared pieces of the hocso command line: the command table, output format and
// how diagnostics are printed.

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "diagnostics.h"

namespace hocso {
class PluginHost;
struct BundleProblem;
}

namespace hocso::cli {

// human: compiler-style text; json: one document on stdout; github and sarif:
// diagnostics for CI (ci_formats.h), only for the commands that take them.
enum class Format { human, json, github, sarif };

// Exit codes, the contract with scripts and CI.
inline constexpr int exit_ok = 0;
inline constexpr int exit_content = 1;  // content errors, verification failures
inline constexpr int exit_usage = 2;    // bad command line or environment

// Options every command has.
struct CommonOptions {
  Format format = Format::human;
  std::vector<std::string> plugin_dirs;
  bool allow_insecure_plugins = false;
  std::string lang;  // --lang: the messages' language, already in use (main.cpp reads it first)
};

// One subcommand: `setup` adds its options to `app` and returns the handler run
// after parsing (returns the exit code).
struct Command {
  const char* name;
  const char* summary;
  std::function<std::function<int()>(CLI::App& app, CommonOptions& common)> setup;
};

// The usual command: one Args struct, filled by the options `add_options`
// declares on `app`, then `run(args, common)`. The Args live as long as the
// handler (CLI11 writes into them while parsing).
template <class Args, class AddOptions, class Run>
Command command(const char* name, const char* summary, AddOptions add_options, Run run) {
  return {name, summary, [add_options, run](CLI::App& app, CommonOptions& common) -> std::function<int()> {
            auto args = std::make_shared<Args>();
            add_options(app, *args);
            return [args, run, &common] { return run(*args, common); };
          }};
}

// The subcommands of `parent`, each with the common options; returns each
// subcommand with its handler. main adds the top-level commands with it, and
// command_group() the subcommands of a group.
using CommandHandlers = std::vector<std::pair<CLI::App*, std::function<int()>>>;
CommandHandlers add_commands(CLI::App& parent, const std::vector<Command>& commands, CommonOptions& common);

// A command made of subcommands (`hocso channel init|rotate|status`): exactly
// one is given, and its handler runs. `footer` (N_-marked) says what the group
// is about in its --help.
Command command_group(const char* name, const char* summary, std::vector<Command> subcommands,
                      const char* footer = nullptr);

// Whether a command ("i18n" for all of `hocso i18n …`) takes --format github
// and sarif: check, build and i18n, whose output is diagnostics about sources.
bool takes_ci_formats(const std::string& command);

std::vector<Command> build_commands();    // build, check
std::vector<Command> bundle_commands();   // verify, inspect
std::vector<Command> key_commands();      // keygen
std::vector<Command> plugin_commands();   // plugin list
std::vector<Command> serve_commands();    // serve
std::vector<Command> i18n_commands();     // i18n extract, init, update, stats
std::vector<Command> channel_commands();  // channel init|rotate|status, publish
std::vector<Command> pull_commands();     // pull
std::vector<Command> handout_commands();  // handout
std::vector<Command> preview_commands();  // preview
std::vector<Command> audio_commands();    // audio confirm, stats, list, import
std::vector<Command> record_commands();   // record

void add_common_options(CLI::App& app, CommonOptions& common);

// --pack PACK.yaml, repeatable; without one, a command takes every
// content/packs/*.yaml.
void add_packs_option(CLI::App& app, std::vector<std::string>& packs);

// --pack ID and --profile NAME: only the bundles of this pack and profile of a
// channel (pull, channel status).
void add_bundle_choice_options(CLI::App& app, std::string& pack, std::string& profile);

// --jobs N, -j N: worker threads, 0 (the default) for one per core; `help`
// says what they do.
void add_jobs_option(CLI::App& app, int& jobs, const std::string& help);
// `--lang vi|en`, the language of hocso's messages (docs/decisions/0022): on
// `hocso` itself and on every command but handout and record, whose --lang is
// the handout's or the recordings' language (`hocso --lang vi handout --lang en …`).
void add_lang_option(CLI::App& app, std::string& lang);

// The build cache's options (build_cache.h; docs/decisions/0009), for the
// commands that read lessons the way build does.
struct CacheOptions {
  bool no_cache = false;
  std::string dir;
  bool trust = false;
};
void add_cache_options(CLI::App& app, CacheOptions& cache);

// The packs named on the command line, or every pack under ./content/packs
// (or ./packs when run inside the content folder); throws FatalError when
// none is named and none is found.
std::vector<std::string> pack_files(const std::vector<std::string>& named);

// The plugins of the folders the options, HOCSO_PLUGIN_PATH and the install name.
PluginHost load_plugins(const CommonOptions& common);

// Prints diagnostics to stderr, compiler style (human format).
void print_diagnostics(const Diagnostics& diagnostics);
// A command's diagnostics and its lines for people in `format` (human, github
// or sarif): human and github print `lines` on stdout, the diagnostics (github:
// as workflow commands on stdout) and, when there are any, "COMMAND: 1 error,
// 2 warnings" on stderr; sarif prints only the log on stdout, `lines` on stderr.
void report(const char* command, const Diagnostics& diagnostics, Format format, const std::vector<std::string>& lines);
// The diagnostics as a JSON array (json format).
nlohmann::ordered_json diagnostics_json(const Diagnostics& diagnostics);
// Prints a JSON document on stdout.
void print_json(const nlohmann::ordered_json& document);
// Prints a JSON document on one line of stdout (JSON Lines: a command that
// reports as it goes, such as preview).
void print_json_line(const nlohmann::ordered_json& document);

// The text of each minisign public key file; throws FatalError when one cannot be
// read or is too large to be a key.
std::vector<std::string> read_public_keys(const std::vector<std::string>& files);
// Prints why a bundle was refused, one line per problem, to stderr.
void print_bundle_problems(const std::string& bundle, const std::vector<BundleProblem>& problems);

// "1 error, 2 warnings"
std::string count_summary(const Diagnostics& diagnostics);

// Coverage tables (i18n stats, audio stats): `name` padded with spaces to
// `width` characters (code points, so names line up in any script; a longer
// name is not cut), and the width that fits every name, at least `least`.
std::string padded(const std::string& name, std::size_t width);
std::size_t column_width(const std::vector<std::string>& names, std::size_t least);
// "  BELOW 80%" after a coverage line under --min-coverage, in the reader's language; "" when not below.
std::string below_note(bool below, double minimum);

}  // namespace hocso::cli
