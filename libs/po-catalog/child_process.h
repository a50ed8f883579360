#pragma once
// Running a helper program (GNU gettext's msgfmt, msgmerge) as a child process,
// so that whatever it does with an untrusted file cannot take hocso down.

#include <string>
#include <vector>

namespace hocso {

struct ChildResult {
  int exit_code = -1;   // the exit status; 128 + signal when it was killed
  std::string out;      // what it printed on stdout
  std::string err;      // what it printed on stderr
};

// Runs `argv` (argv[0] looked up in PATH) with stdin closed and LC_ALL=C.UTF-8
// (stable, untranslated messages), collecting its output. Throws PoToolError when
// the program cannot be started (e.g. gettext is not installed).
ChildResult run_child(const std::vector<std::string>& argv);

}  // namespace hocso
