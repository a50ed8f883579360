#pragma once
// A message of hocso's catalog with named values, in the reader's language:
//   say(N_("the file is too large ({size} bytes)"), fmt::arg("size", n))
// (docs/decisions/0022). The core's one home for it; plugins, built apart,
// keep their own.

#include <string>
#include <utility>

#include <fmt/format.h>

#include "hocso/messages.h"

namespace hocso {

template <typename... Args>
std::string say(const char* msgid, Args&&... args) {
  return fmt::format(fmt::runtime(_(msgid)), std::forward<Args>(args)...);
}

}  // namespace hocso
