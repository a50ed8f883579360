#pragma once
// Independent pieces of work on a few threads, for the parts of a build that
// are not image work (loading lessons, rendering pages). Results go into slots
// the caller indexes, so what is written never depends on the thread count.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace hocso {

// Calls work(i) for every i in [0, count) on up to `threads` threads (the
// calling thread is one of them) and returns when all calls are done. The first
// exception thrown stops the hand-out of further work and is rethrown here.
template <typename Work>
void parallel_for(std::size_t count, unsigned threads, Work&& work) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto run = [&] {
    for (;;) {
      const std::size_t i = next.fetch_add(1);
      if (i >= count) return;
      try {
        work(i);
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = count;
        return;
      }
    }
  };
  const std::size_t workers = std::min<std::size_t>(std::max(1u, threads), count);  // the caller is one
  {
    std::vector<std::jthread> helpers;
    for (std::size_t t = 1; t < workers; ++t) {
      try {
        helpers.emplace_back(run);
      } catch (const std::system_error&) {
        break;  // fewer threads: the work still gets done
      }
    }
    run();
  }  // joins the helpers
  if (failure) std::rethrow_exception(failure);
}

}  // namespace hocso
