#include "stack_thread.h"

#include <pthread.h>

#include <cstring>
#include <exception>
#include <string>

#include "fatal.h"

// std::thread cannot set a stack size and boost::thread would add a library
// (Boost.Thread) for one attribute, so this uses POSIX threads directly.

namespace hocso {

namespace {

struct Job {
  const std::function<void()>* work = nullptr;
  std::exception_ptr error;
};

void* run_job(void* argument) {
  auto* job = static_cast<Job*>(argument);
  try {
    (*job->work)();
  } catch (...) {
    job->error = std::current_exception();
  }
  return nullptr;
}

}  // namespace

void run_with_stack(std::size_t stack_bytes, const std::function<void()>& work) {
  pthread_attr_t attributes;
  if (int rc = pthread_attr_init(&attributes); rc != 0)
    throw FatalError(std::string("cannot create a thread: ") + std::strerror(rc));
  int rc = pthread_attr_setstacksize(&attributes, stack_bytes);
  Job job;
  job.work = &work;
  pthread_t thread{};
  if (rc == 0) rc = pthread_create(&thread, &attributes, run_job, &job);
  pthread_attr_destroy(&attributes);
  if (rc != 0) throw FatalError(std::string("cannot create a thread: ") + std::strerror(rc));
  pthread_join(thread, nullptr);
  if (job.error) std::rethrow_exception(job.error);
}

}  // namespace hocso
