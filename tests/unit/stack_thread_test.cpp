#include "stack_thread.h"

#include <doctest/doctest.h>
#include <pthread.h>

#include <stdexcept>
#include <thread>

#include "fatal.h"

using namespace hocso;

TEST_CASE("work runs on another thread and is waited for") {
  std::thread::id worker;
  int result = 0;
  run_with_stack(kParserStackBytes, [&] {
    worker = std::this_thread::get_id();
    result = 42;
  });
  CHECK(result == 42);
  CHECK(worker != std::this_thread::get_id());
}

namespace {

std::size_t own_stack_size() {
  pthread_attr_t attributes;
  REQUIRE(pthread_getattr_np(pthread_self(), &attributes) == 0);
  std::size_t size = 0;
  pthread_attr_getstacksize(&attributes, &size);
  pthread_attr_destroy(&attributes);
  return size;
}

}  // namespace

TEST_CASE("the thread has the stack size it was given") {
  std::size_t big = 0;
  std::size_t small = 0;
  run_with_stack(kParserStackBytes, [&] { big = own_stack_size(); });
  run_with_stack(256 * 1024, [&] { small = own_stack_size(); });
  CHECK(big >= kParserStackBytes);
  CHECK(big < 2 * kParserStackBytes);
  CHECK(small >= 256 * 1024);
  CHECK(small < 1024 * 1024);  // not the 8 MiB default of new threads
}

TEST_CASE("an exception from the work reaches the caller") {
  CHECK_THROWS_WITH_AS(run_with_stack(1 << 20, [] { throw std::runtime_error("boom"); }), "boom",
                       std::runtime_error);
}

TEST_CASE("a stack size the system refuses is a FatalError") {
  CHECK_THROWS_WITH_AS(run_with_stack(1, [] {}), "cannot create a thread: Invalid argument",
                       FatalError);
}
