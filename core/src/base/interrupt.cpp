#include "interrupt.h"

#include <csignal>

#include "fatal.h"

namespace hocso {

namespace {
volatile std::sig_atomic_t stop_requested = 0;

extern "C" void on_interrupt(int signal_number) {
  if (stop_requested) {
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
    return;
  }
  stop_requested = 1;
}
}  // namespace

void install_interrupt_handler() {
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
}

bool interrupted() { return stop_requested != 0; }

void throw_if_interrupted() {
  if (interrupted()) throw FatalError("interrupted; nothing was written");
}

}  // namespace hocso
