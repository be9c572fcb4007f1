#include "app/StopSignals.h"

#include "report/StagingRegistry.h"

#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <thread>

namespace forestsink {

namespace {

sigset_t stopSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

}  // namespace

void blockStopSignals() {
    const sigset_t set = stopSignals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void startStopSignalThread() {
    std::thread([] {
        const sigset_t set = stopSignals();
        int signal = 0;
        while (sigwait(&set, &signal) != 0) {
        }
        removeStagingFoldersForStop();
        const std::string line =
            fmt::format("forestsink: stopped by {}; unfinished outputs removed, earlier outputs left as they were\n",
                        signal == SIGINT ? "SIGINT" : "SIGTERM");
        [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
        ::_exit(128 + signal);
    }).detach();
}

}  // namespace forestsink
