#pragma once
// The second tier of errors: what cannot go on (unreadable key, unwritable output
// folder, bad command line). Thrown, caught once in main, exit code 2.
// Problems in content are Diagnostics instead (exit 1).

#include <stdexcept>
#include <string>

namespace hocso {

class FatalError : public std::runtime_error {
 public:
  explicit FatalError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace hocso
