#include "common/MemoryUse.h"

#include "common/Error.h"

#include <fmt/format.h>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <fstream>
#include <sstream>

namespace forestsink {
namespace {

std::string readFirstLine(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}

// The controller paths of this process: "0::/a/b" (v2) and "4:memory:/a/b" (v1).
std::pair<std::string, std::string> cgroupPaths() {
    std::ifstream in("/proc/self/cgroup");
    std::string line, v1, v2;
    while (std::getline(in, line)) {
        if (line.rfind("0::", 0) == 0) v2 = line.substr(3);
        const auto memory = line.find(":memory:");
        if (memory != std::string::npos) v1 = line.substr(memory + 8);
    }
    return {v1, v2};
}

// The smallest limit in a cgroup folder and its parents (limits are hierarchical).
std::optional<std::size_t> smallestLimitUp(const std::string& root, std::string path, const char* file) {
    std::optional<std::size_t> smallest;
    while (true) {
        const auto limit = parseCgroupLimit(readFirstLine(root + path + "/" + file));
        if (limit && (!smallest || *limit < *smallest)) smallest = limit;
        if (path.empty() || path == "/") break;
        path = path.substr(0, path.rfind('/'));
    }
    return smallest;
}

}  // namespace

std::optional<std::size_t> parseCgroupLimit(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
    std::size_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;  // "max", absent
    if (value >= (std::size_t{1} << 62)) return std::nullopt;  // v1's "no limit" (a page-rounded 2^63 − 1)
    return value;
}

namespace {
std::atomic<int> ranksSharingMachine{1};
}

void shareMachineMemoryAmong(int ranks) { ranksSharingMachine = std::max(1, ranks); }

MemoryLimits memoryLimits() {
    MemoryLimits m;
    m.ranksSharing = ranksSharingMachine;
    m.physical = static_cast<std::size_t>(::sysconf(_SC_PHYS_PAGES)) * static_cast<std::size_t>(::sysconf(_SC_PAGE_SIZE));
    const auto [v1, v2] = cgroupPaths();
    std::optional<std::size_t> cgroup;
    for (const auto& limit : {smallestLimitUp("/sys/fs/cgroup", v2, "memory.max"),
                              smallestLimitUp("/sys/fs/cgroup/unified", v2, "memory.max"),
                              smallestLimitUp("/sys/fs/cgroup/memory", v1, "memory.limit_in_bytes")})
        if (limit && (!cgroup || *limit < *cgroup)) cgroup = limit;
    m.cgroup = cgroup;
    rlimit as{};
    if (::getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY) m.addressSpace = as.rlim_cur;
    return m;
}

std::size_t MemoryLimits::available() const {
    const std::size_t ranks = static_cast<std::size_t>(std::max(1, ranksSharing));
    std::size_t a = physical / ranks;
    if (cgroup) a = std::min(a, *cgroup / ranks);
    if (addressSpace) a = std::min(a, *addressSpace);
    return a;
}

std::string MemoryLimits::binding() const {
    const std::size_t a = available();
    if (addressSpace && *addressSpace == a) return "the address-space limit (ulimit -v)";
    const std::string shared =
        ranksSharing > 1 ? fmt::format(", shared by the {} MPI ranks on this machine", ranksSharing) : "";
    if (cgroup && *cgroup / static_cast<std::size_t>(std::max(1, ranksSharing)) == a)
        return "the control group's memory limit" + shared;
    return "the machine's physical memory" + shared;
}

std::size_t physicalMemoryBytes() { return memoryLimits().physical; }

std::size_t availableMemoryBytes() { return memoryLimits().available(); }

std::size_t peakResidentBytes() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return static_cast<std::size_t>(usage.ru_maxrss) * 1024;  // Linux reports kilobytes
}

int statesThatFit(std::size_t stateBytes, std::size_t reservedBytes) {
    const double usable = 0.8 * static_cast<double>(availableMemoryBytes()) - static_cast<double>(reservedBytes);
    return static_cast<int>(std::max(0.0, usable / static_cast<double>(std::max<std::size_t>(stateBytes, 1))));
}

void requireMemoryForDraws(int draws, std::size_t stateBytes, int statesFit) {
    if (draws <= 0 || statesFit >= 2) return;
    const MemoryLimits m = memoryLimits();
    throw Error(fmt::format("--draws {}: Monte Carlo draws keep a copy of the initial state ({:.2f} GB) beside each "
                            "draw's; the memory available ({:.1f} GB, set by {}) holds only {} state(s). Run the "
                            "draws on a coarser grid",
                            draws, stateBytes / 1e9, m.available() / 1e9, m.binding(), statesFit));
}

}  // namespace forestsink
