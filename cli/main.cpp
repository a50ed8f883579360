// hocso: lesson sources in, signed offline lesson bundles out.
// The command table below is the whole CLI; help is generated from it.

#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <regex>

#include <fmt/format.h>

#include "cli.h"
#include "display_text.h"
#include "fatal.h"
#include "hocso/messages.h"
#include "message_language.h"
#include "plugin_abi.h"
#include "plugin_host.h"
#include "say.h"

namespace {

using namespace hocso;
using namespace hocso::cli;

std::vector<Command> all_commands() {
  std::vector<Command> commands;
  for (auto group : {build_commands(), bundle_commands(), key_commands(), plugin_commands(), serve_commands(),
                     i18n_commands(), channel_commands(), pull_commands(), handout_commands(), preview_commands(),
                     audio_commands(), record_commands()})
    commands.insert(commands.end(), group.begin(), group.end());
  return commands;
}

void print_version() {
  fmt::print("hocso {}\nplugin API version {}\n", HOCSO_VERSION,
             plugin_api_version_text(HOCSO_PLUGIN_API_VERSION));
  PluginHost host(plugin_search_dirs({}));
  for (const auto& p : host.plugins())
    fmt::print("plugin {}{}{} ({})\n", display_text(p.name), p.version.empty() ? "" : " ", display_text(p.version),
               display_text(p.file.string()));  // a language given as data has no version
  for (const auto& f : host.failures())
    fmt::print("plugin FAILED {}: {}\n", display_text(f.file.string()), display_text(f.reason));
  for (const auto& s : host.shadowed())
    fmt::print("plugin SHADOWED {} by {}\n", display_text(s.file.string()), display_text(s.shadowed_by.string()));
}

// The language of the messages, before any is made: `--lang vi|en` (read
// here, ahead of the parser, because help and the parser's own texts are
// made with it; the parser checks the value), else the environment.
std::string message_language(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    // handout's and record's own --lang is the handout's or the recordings' language
    if (arg == "--" || arg == "handout" || arg == "record") break;
    std::string_view value;
    if (arg == "--lang" && i + 1 < argc) value = argv[i + 1];
    else if (arg.starts_with("--lang=")) value = arg.substr(7);
    if (is_message_language(value)) return std::string(value);
  }
  return message_language_from_environment();
}

// A bound of CLI11's Range as a person writes it: "0.1", not std::to_string's
// "0.100000"; CLI::NonNegativeNumber's upper bound (the largest double) is "".
std::string range_bound(std::string bound) {
  if (bound.size() > 20) return "";
  if (bound.find('.') != std::string::npos) {
    bound.erase(bound.find_last_not_of('0') + 1);
    if (bound.back() == '.') bound.pop_back();
  }
  return bound;
}

// CLI11's words for a value it refuses (ValidationError, ConversionError: a
// value out of range, not a number, not one of a set), in the reader's
// language with the option's name; "" for a message of another shape.
std::string value_error_text(const CLI::Error& error) {
  const std::string what = error.what();
  std::smatch m;
  if (dynamic_cast<const CLI::ValidationError*>(&error)) {
    static const std::regex range("^(.+): Value (.*) not in range (.+) to (.+)$");
    static const std::regex converted("^(.+): Value (.*) could not be converted.*$");
    static const std::regex set("^(.+): (.*) not in (\\{.*\\})$");
    if (std::regex_match(what, m, range)) {
      const std::string value = m[2].str(), max = range_bound(m[4].str());
      char* end = nullptr;
      std::strtod(value.c_str(), &end);
      const bool number = !value.empty() && *end == '\0';
      const char* msgid = max.empty()
                              ? (number ? N_("{option}: {value} is too small: write a number of {min} or more")
                                        : N_("{option}: {value} is not a number: write a number of {min} or more"))
                              : (number ? N_("{option}: {value} is out of range: write a number from {min} to {max}")
                                        : N_("{option}: {value} is not a number: write a number from {min} to {max}"));
      return say(msgid, fmt::arg("option", m[1].str()), fmt::arg("value", value),
                 fmt::arg("min", range_bound(m[3].str())), fmt::arg("max", max));
    }
    if (std::regex_match(what, m, converted))
      return fmt::format(fmt::runtime(_("{option}: {value} is not a number")), fmt::arg("option", m[1].str()),
                         fmt::arg("value", m[2].str()));
    if (std::regex_match(what, m, set))
      return fmt::format(fmt::runtime(_("{option}: {value} is not one of {choices}")), fmt::arg("option", m[1].str()),
                         fmt::arg("value", m[2].str()), fmt::arg("choices", m[3].str()));
  }
  if (dynamic_cast<const CLI::ConversionError*>(&error)) {
    static const std::regex convert("^Could not convert: (.+) = (.*)$");
    static const std::regex allowed("^The value (.*) is not an allowed value for (.+)$");
    static const std::regex flag("^(.+): too many inputs for a flag$");
    static const std::regex true_false("^(.+): Should be true/false or a number$");
    if (std::regex_match(what, m, convert))
      return fmt::format(fmt::runtime(_("{option}: {value} is not a value of the kind this option takes (see --help)")),
                         fmt::arg("option", m[1].str()), fmt::arg("value", m[2].str()));
    if (std::regex_match(what, m, allowed))
      return fmt::format(fmt::runtime(_("{option}: {value} is not an allowed value")), fmt::arg("option", m[2].str()),
                         fmt::arg("value", m[1].str()));
    if (std::regex_match(what, m, flag))
      return fmt::format(fmt::runtime(_("{option}: a flag takes no value")), fmt::arg("option", m[1].str()));
    if (std::regex_match(what, m, true_false))
      return fmt::format(fmt::runtime(_("{option}: write true, false or a number")), fmt::arg("option", m[1].str()));
  }
  return "";
}

// CLI11's words for the usual slips, in the reader's language (a missing
// option, a word too many, a missing command, a value out of range or not a
// number); its rarer messages stay its own.
std::string usage_error_text(const CLI::Error& error) {
  const std::string what = error.what();
  if (std::string value = value_error_text(error); !value.empty()) return value;
  if (dynamic_cast<const CLI::ExtrasError*>(&error))
    for (const std::string_view prefix :
         {"The following argument was not expected: ", "The following arguments were not expected: "})
      if (what.starts_with(prefix))
        return fmt::format(fmt::runtime(_("not expected here: {arguments}")),
                           fmt::arg("arguments", what.substr(prefix.size())));
  if (dynamic_cast<const CLI::RequiredError*>(&error)) {
    if (what == "A subcommand is required") return _("a command is required");
    constexpr std::string_view suffix = " is required";
    if (what.ends_with(suffix) && what.find(' ') == what.size() - suffix.size())
      return fmt::format(fmt::runtime(_("{option} is required")),
                         fmt::arg("option", what.substr(0, what.size() - suffix.size())));
  }
  return what;
}

}  // namespace

int main(int argc, char** argv) {
  // glibc gives every thread that allocates its own malloc arena and keeps freed
  // memory there; libvips starts short-lived threads per image, so without a cap
  // each one holds tens of MB of a build's peak memory (measured: 141 → 99 MiB
  // with two image threads). Two arenas cost nothing measurable in speed.
  mallopt(M_ARENA_MAX, 2);
  // It also gives freed memory back to the kernel as soon as 128 KiB are free
  // at the top of the heap, and maps each block of 128 KiB or more on its own;
  // a build frees and takes such memory all the time (pages, deflate streams,
  // file slices), and on a virtual machine every page faulted back in is dear:
  // 15% of a 200-lesson rebuild (docs/performance.md). Memory is given back
  // from 64 MiB free instead; the peak stays where it was.
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  mallopt(M_TOP_PAD, 16 << 20);
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
  use_message_language(message_language(argc, argv));
  CLI::App app{_("hocso turns lesson sources (Markdown + YAML) into signed offline lesson bundles."), "hocso"};
  app.require_subcommand(0, 1);
  // Subcommands copy this when they are made.
  app.failure_message([](const CLI::App*, const CLI::Error& error) {
    return usage_error_text(error) + "\n" + _("Run with --help to see the options.") + "\n";
  });
  // CLI11's own words in help, in the reader's language too (subcommands share
  // the formatter and inherit the help flag and option group when created).
  app.option_defaults()->group(_("Options"));
  app.set_help_flag("-h,--help", _("Print this help message and exit"));
  app.set_help_all_flag("--help-all", _("Show help for every command"));
  app.get_formatter()->label("Usage", _("Usage"));
  app.get_formatter()->label("OPTIONS", _("OPTIONS"));
  app.get_formatter()->label("SUBCOMMAND", _("COMMAND"));
  app.get_formatter()->label("Positionals", _("Positionals"));
  app.get_formatter()->label("REQUIRED", _("REQUIRED"));
  bool version = false;
  app.add_flag("--version", version, _("Print the version, the plugin API version and the plugins found"));
  std::string top_lang;  // read by message_language(); here for --help and its check
  add_lang_option(app, top_lang);
  app.footer(_("Exit status: 0 success, 1 content or verification errors, 2 usage or environment errors.\n"
               "Run `hocso COMMAND --help` for a command's options.\n"
               "Messages are in English or Vietnamese: --lang en|vi, else LANGUAGE or LANG (vi_VN.UTF-8)."));

  CommonOptions common;
  const CommandHandlers handlers = add_commands(app, all_commands(), common);

  // Every command and subcommand lists under "Commands", and its help flags
  // under "Options": CLI11 copies them into a subcommand before its group.
  std::function<void(CLI::App&)> name_groups = [&](CLI::App& parent) {
    for (CLI::App* sub : parent.get_subcommands([](CLI::App*) { return true; })) {
      sub->group(_("Commands"));
      for (const char* flag : {"--help", "--help-all"})
        if (CLI::Option* help = sub->get_option_no_throw(flag)) help->group(_("Options"));
      name_groups(*sub);
    }
  };
  name_groups(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return exit_usage;
  }

  // One place turns what cannot go on into exit 2: the expected kind
  // (FatalError: a file that cannot be read, a bad option value) as an error,
  // anything else (a library's exception, out of memory) as an internal error,
  // never an abort.
  auto run = [&](const std::string& command, const std::function<int()>& handler) {
    auto report = [&](bool internal, const std::string& what) {
      const std::string message =
          internal ? fmt::format(fmt::runtime(_("internal error: {what}")), fmt::arg("what", what)) : what;
      if (common.format == Format::json) {
        print_json({{"command", command}, {"ok", false}, {"error", message}});
      } else {
        std::fprintf(stderr, "hocso%s%s: %s%s\n", command.empty() ? "" : " ", command.c_str(),
                     internal ? "" : (std::string(severity_word(Severity::error)) + ": ").c_str(),
                     display_text(message).c_str());
      }
      return exit_usage;
    };
    try {
      return handler();
    } catch (const FatalError& e) {
      return report(false, e.what());
    } catch (const std::exception& e) {
      return report(true, e.what());
    } catch (...) {
      return report(true, "an exception that is not a std::exception");
    }
  };
  if (version) {
    return run("", [] {
      print_version();
      return exit_ok;
    });
  }
  for (const auto& [sub, handler] : handlers) {
    if (!sub->parsed()) continue;
    if ((common.format == Format::github || common.format == Format::sarif) && !takes_ci_formats(sub->get_name())) {
      std::fprintf(stderr, "hocso %s: %s: %s\n", sub->get_name().c_str(), severity_word(Severity::error),
                   fmt::format(fmt::runtime(_("--format {format} is for check, build and i18n (their diagnostics); "
                                              "use human or json")),
                               fmt::arg("format", common.format == Format::github ? "github" : "sarif"))
                       .c_str());
      return exit_usage;
    }
    return run(sub->get_name(), handler);
  }
  std::fputs(app.help().c_str(), stdout);
  return exit_usage;
}
