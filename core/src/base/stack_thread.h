#pragma once
// Running deeply recursive third-party code (yaml-cpp's parser, tree walks) on a
// thread whose stack size we choose, whatever the caller's stack is.

#include <cstddef>
#include <functional>

namespace hocso {

// The stack hocso gives to parsers that recurse once per nesting level.
inline constexpr std::size_t kParserStackBytes = std::size_t{8} << 20;  // 8 MiB

// Runs `work` on a new thread with a stack of `stack_bytes` and waits for it.
// An exception thrown by `work` is rethrown here. Throws FatalError if the thread
// cannot be created.
void run_with_stack(std::size_t stack_bytes, const std::function<void()>& work);

}  // namespace hocso
