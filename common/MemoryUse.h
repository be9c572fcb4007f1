#pragma once
// What the machine has and what the process has used: for choosing whether a
// run may keep a second copy of the state (batches, draws, contributions in
// parallel) and for run.json.
#include <cstddef>

namespace forestsink {

// Physical memory of the machine, in bytes.
std::size_t physicalMemoryBytes();
// Peak resident set size of this process so far, in bytes (getrusage).
std::size_t peakResidentBytes();
// How many whole-grid states of `stateBytes` fit in the memory a run may use:
// 80 % of physical memory, less `reservedBytes` for everything else.
int statesThatFit(std::size_t stateBytes, std::size_t reservedBytes);
// Monte Carlo draws keep the initial state beside each draw's own: throws
// Error, naming the sizes, when `draws` > 0 and fewer than two states fit.
void requireMemoryForDraws(int draws, std::size_t stateBytes, int statesFit);

}  // namespace forestsink
