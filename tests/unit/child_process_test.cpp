// libs/child-process: a helper program's output, exit code and limits
// (msgfmt, msgmerge and espeak-ng run through it).
#include <chrono>

#include <doctest/doctest.h>

#include "child_process.h"

using namespace std::chrono_literals;

TEST_CASE("run_child collects stdout, stderr and the exit code, in the C.UTF-8 locale") {
  const auto r = hocso::run_child({"sh", "-c", "printf 'ra'; printf 'lỗi' >&2; echo \"$LC_ALL\"; exit 3"});
  CHECK(r.exit_code == 3);
  CHECK(r.out == "raC.UTF-8\n");
  CHECK(r.err == "lỗi");
  CHECK_FALSE(r.timed_out);
  CHECK_FALSE(r.too_much);
}

TEST_CASE("arguments reach the program as they are, one each, through no shell") {
  const auto r = hocso::run_child({"printf", "%s|", "-v", "a b", "$HOME", "`id`"});
  CHECK(r.out == "-v|a b|$HOME|`id`|");
}

TEST_CASE("a run past its time is killed, and says so") {
  const auto start = std::chrono::steady_clock::now();
  hocso::ChildLimits limits;
  limits.time = 200ms;
  const auto r = hocso::run_child({"sleep", "30"}, limits);
  CHECK(r.timed_out);
  CHECK(r.exit_code == 128 + 9);  // SIGKILL
  CHECK(std::chrono::steady_clock::now() - start < 10s);
}

TEST_CASE("a run whose output grows past its limit is killed, and says so") {
  hocso::ChildLimits limits;
  limits.output_bytes = 100000;
  const auto r = hocso::run_child({"yes"}, limits);
  CHECK(r.too_much);
  CHECK(r.out.size() > 100000);
  CHECK(r.out.size() < 100000 + 65536 + 8192);  // at most one pipe's worth more
}

TEST_CASE("a program that is not there is an error, not a result") {
  CHECK_THROWS_AS(hocso::run_child({"hocso-no-such-program"}), hocso::ChildError);
}
