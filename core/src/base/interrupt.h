#pragma once
// Ctrl-C and SIGTERM during long work: the first one asks the work to stop at
// the next safe point (temporary files are removed as the stack unwinds); a
// second one ends the process at once.

namespace hocso {

void install_interrupt_handler();
bool interrupted();
// Throws FatalError("interrupted") when a stop was asked for.
void throw_if_interrupted();

}  // namespace hocso
