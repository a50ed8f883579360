#pragma once
// Running a helper program (GNU gettext's msgfmt and msgmerge, espeak-ng) as a
// child process, so that whatever it does with untrusted input cannot take
// hocso down, and a run that hangs or floods its output is ended.

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace hocso {

struct ChildResult {
  int exit_code = -1;       // the exit status; 128 + signal when it was killed
  bool timed_out = false;   // killed: it ran past ChildLimits::time
  bool too_much = false;    // killed: its stdout grew past ChildLimits::output_bytes
  std::string out;          // what it printed on stdout
  std::string err;          // what it printed on stderr
};

// Limits on one run; zero means none.
struct ChildLimits {
  std::chrono::milliseconds time{0};
  std::size_t output_bytes = 0;
};

// The program could not be started (not installed, not executable).
class ChildError : public std::runtime_error {
 public:
  explicit ChildError(const std::string& message) : std::runtime_error(message) {}
};

// Runs `argv` (argv[0] looked up in PATH) with stdin closed and LC_ALL=C.UTF-8
// (stable, untranslated messages; UTF-8 arguments), collecting its output.
// Throws ChildError when the program cannot be started.
ChildResult run_child(const std::vector<std::string>& argv, const ChildLimits& limits = {});

}  // namespace hocso
