#pragma once
// SIGINT and SIGTERM stop a run cleanly: the staging folders are removed and
// the process exits 130 / 143 without touching the previous outputs.
//
// blockStopSignals() must run in main before any thread starts, so that every
// thread inherits the mask and the signals reach only the signal thread, which
// startStopSignalThread() starts. That thread waits in sigwait, and on a signal
// removes the registered staging folders (report/StagingRegistry.h) in normal
// context, prints one line to stderr and calls _exit(128 + signal).
namespace forestsink {

void blockStopSignals();
void startStopSignalThread();

}  // namespace forestsink
