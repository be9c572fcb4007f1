#include "common/MemoryUse.h"

#include "common/Error.h"

#include <fmt/format.h>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>

namespace forestsink {

std::size_t physicalMemoryBytes() {
    return static_cast<std::size_t>(::sysconf(_SC_PHYS_PAGES)) * static_cast<std::size_t>(::sysconf(_SC_PAGE_SIZE));
}

std::size_t peakResidentBytes() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return static_cast<std::size_t>(usage.ru_maxrss) * 1024;  // Linux reports kilobytes
}

int statesThatFit(std::size_t stateBytes, std::size_t reservedBytes) {
    const double usable = 0.8 * static_cast<double>(physicalMemoryBytes()) - static_cast<double>(reservedBytes);
    return static_cast<int>(std::max(0.0, usable / static_cast<double>(std::max<std::size_t>(stateBytes, 1))));
}

void requireMemoryForDraws(int draws, std::size_t stateBytes, int statesFit) {
    if (draws <= 0 || statesFit >= 2) return;
    throw Error(fmt::format("--draws {}: Monte Carlo draws keep a copy of the initial state ({:.2f} GB) beside each "
                            "draw's; this machine's memory ({:.1f} GB) holds only {} state(s). Run the draws on a "
                            "coarser grid",
                            draws, stateBytes / 1e9, physicalMemoryBytes() / 1e9, statesFit));
}

}  // namespace forestsink
