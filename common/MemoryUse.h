#pragma once
// What the machine has and what the process has used: for choosing whether a
// run may keep a second copy of the state (batches, draws, contributions in
// parallel) and for run.json.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace forestsink {

// What limits the memory this process may use.
struct MemoryLimits {
    std::size_t physical = 0;                  // the machine's
    std::optional<std::size_t> cgroup;         // the control group's (v2 memory.max, v1 memory.limit_in_bytes)
    std::optional<std::size_t> addressSpace;   // ulimit -v (RLIMIT_AS)
    int ranksSharing = 1;                      // MPI ranks on this machine: they share physical and cgroup memory
    std::size_t available() const;             // the smallest of them, physical and cgroup divided by ranksSharing
    std::string binding() const;               // which one sets it, in words
};
MemoryLimits memoryLimits();
// Sets MemoryLimits::ranksSharing for the rest of the process (an MPI job
// with several ranks on this machine); 1 by default.
void shareMachineMemoryAmong(int ranks);
// A cgroup limit file's text: bytes, or none for "max" or v1's "no limit".
std::optional<std::size_t> parseCgroupLimit(std::string_view text);

// Physical memory of the machine, in bytes.
std::size_t physicalMemoryBytes();
// The memory this process may use: the smallest of physical memory, the cgroup limit and ulimit -v.
std::size_t availableMemoryBytes();
// Peak resident set size of this process so far, in bytes (getrusage).
std::size_t peakResidentBytes();
// How many whole-grid states of `stateBytes` fit in the memory a run may use:
// 80 % of the available memory, less `reservedBytes` for everything else.
int statesThatFit(std::size_t stateBytes, std::size_t reservedBytes);
// Monte Carlo draws keep the initial state beside each draw's own: throws
// Error, naming the sizes, when `draws` > 0 and fewer than two states fit.
void requireMemoryForDraws(int draws, std::size_t stateBytes, int statesFit);

}  // namespace forestsink
