// parallel_for (core/src/base/parallel.h) and the merging of per-job diagnostics
// (Diagnostics::take) that the build relies on for output that does not depend
// on the number of threads.
#include "parallel.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "diagnostics.h"

using hocso::Diagnostics;
using hocso::parallel_for;

TEST_CASE("parallel_for runs every index once, for any number of threads") {
  for (unsigned threads : {0u, 1u, 2u, 4u, 64u}) {
    CAPTURE(threads);
    std::vector<std::atomic<int>> runs(1000);
    parallel_for(runs.size(), threads, [&](std::size_t i) { ++runs[i]; });
    for (std::size_t i = 0; i < runs.size(); ++i) REQUIRE(runs[i] == 1);
  }
  int calls = 0;
  parallel_for(0, 4, [&](std::size_t) { ++calls; });
  CHECK(calls == 0);
}

TEST_CASE("parallel_for uses more than one thread when asked to") {
  std::mutex mutex;
  std::set<std::thread::id> seen;
  std::atomic<int> waiting{0};
  parallel_for(2, 2, [&](std::size_t) {
    {
      std::lock_guard lock(mutex);
      seen.insert(std::this_thread::get_id());
    }
    // Both pieces are in flight at once only if two threads run them.
    ++waiting;
    for (int spin = 0; waiting < 2 && spin < 2000; ++spin) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  });
  CHECK(seen.size() == 2);
}

TEST_CASE("an exception in one piece stops the hand-out and reaches the caller") {
  // One thread: pieces run in order, and none after the one that threw.
  std::atomic<int> ran{0};
  CHECK_THROWS_WITH_AS(parallel_for(100, 1,
                                    [&](std::size_t i) {
                                      ++ran;
                                      if (i == 3) throw std::runtime_error("piece 3 failed");
                                    }),
                       "piece 3 failed", std::runtime_error);
  CHECK(ran == 4);
  // Two threads: the other one stops after the piece it is on (each takes a
  // millisecond, so running them all would take seconds).
  ran = 0;
  CHECK_THROWS_WITH_AS(parallel_for(5000, 2,
                                    [&](std::size_t i) {
                                      ++ran;
                                      if (i == 3) throw std::runtime_error("piece 3 failed");
                                      std::this_thread::sleep_for(std::chrono::milliseconds(1));
                                    }),
                       "piece 3 failed", std::runtime_error);
  CHECK(ran < 1000);
}

TEST_CASE("diagnostics reported per piece are merged in piece order, whatever the threads did") {
  for (unsigned threads : {1u, 2u, 8u}) {
    CAPTURE(threads);
    std::vector<Diagnostics> reports(50);
    parallel_for(reports.size(), threads, [&](std::size_t i) {
      // Later pieces finish first when they can.
      if (i % 2 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
      reports[i].error({"lessons/l" + std::to_string(i) + "/lesson.md", 1, 1}, "problem " + std::to_string(i), "x");
      if (i == 7) reports[i].error({"lessons/l1/lesson.md", 1, 1}, "problem 1", "x");  // the same as piece 1's
    });
    Diagnostics all;
    for (auto& r : reports) all.take(r);
    const auto merged = all.all();
    REQUIRE(merged.size() == 50);  // piece 7's copy of piece 1's problem is said once
    for (std::size_t i = 0; i < merged.size(); ++i) CHECK(merged[i].message == "problem " + std::to_string(i));
    CHECK(reports[3].all().empty());  // taken, not copied
  }
}

TEST_CASE("a source line is read back through its loader only when a diagnostic needs it") {
  Diagnostics diagnostics;
  int loads = 0;
  diagnostics.remember_source_file("lessons/a/lesson.md", [&]() -> std::optional<std::string> {
    ++loads;
    return std::string("---\ntitle: Xin chào\n---\n");
  });
  CHECK(loads == 0);
  CHECK(diagnostics.source_line("lessons/a/lesson.md", 2) == "title: Xin chào");
  CHECK(diagnostics.source_line("lessons/a/lesson.md", 1) == "---");
  CHECK(loads == 1);  // kept once read
  CHECK(diagnostics.source_line("lessons/b/lesson.md", 1).empty());
  diagnostics.remember_source_file("lessons/c/lesson.md", [] { return std::optional<std::string>(); });
  CHECK(diagnostics.source_line("lessons/c/lesson.md", 1).empty());  // unreadable now: no line, no crash
}
