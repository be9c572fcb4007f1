#pragma once
// The memory a run needs at its peak, estimated from the grid and the
// scenario before anything is allocated, and the check that refuses a run
// that cannot fit (rather than std::bad_alloc, or the OOM killer part-way
// through filling a state of a few 10^9 cells).
#include "common/MemoryUse.h"
#include "raster/Grid.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>

namespace forestsink {

struct Scenario;

// How many cells of the grid the state holds: exact once the study area is
// known, or an upper bound (the cells inside the land-class file) before.
struct StudyCellCount {
    std::size_t cells = 0;
    bool upperBound = true;
};

struct MemoryNeed {
    std::size_t cells = 0;       // grid cells
    std::size_t studyCells = 0;  // state entries (or at most this many, see studyCellsBound)
    bool studyCellsBound = true;
    int states = 1;              // states at once: the run's, plus the initial copy draws need
    std::size_t stateBytes = 0;  // one state
    std::size_t workBytes = 0;   // per-cell buffers beside the state: distance to forest and its mask
    std::size_t candidateBytes = 0;  // the allocation's candidate cache at most (it shrinks to what is left)
    std::size_t tileBytes = 0;   // every thread's tile buffers (the input reader's are the largest)
    std::size_t fixedBytes = 0;  // the program, its libraries and GDAL's block cache
    std::size_t loadingBytes = 0;  // vector layers burned onto the grid: held while loading only
    int threads = 1;

    // What the run holds while it simulates, the candidate cache aside.
    std::size_t simulating() const { return states * stateBytes + workBytes + tileBytes + fixedBytes; }
    // While it loads: one state, and the vector layers burned onto the grid.
    std::size_t loading() const { return stateBytes + loadingBytes + tileBytes + fixedBytes; }
    // What the run needs at least: the candidate cache can shrink to nothing.
    std::size_t least() const { return std::max(simulating(), loading()); }
    std::size_t total() const { return std::max(simulating() + candidateBytes, loading()); }
};

// What a run of `scenario` on `grid` needs with `threads` threads of `tileRows`
// rows and `draws` Monte Carlo draws (a baseline run needs no more at once:
// it starts after the main run has freed its state).
// `study` defaults to every cell of the grid (an upper bound). `bandRows`:
// the rows a rank of a run split into bands holds (all rows by default).
MemoryNeed estimateMemoryNeed(const Grid& grid, const Scenario& scenario, int threads, int tileRows, int draws,
                              std::optional<StudyCellCount> study = std::nullopt, int bandRows = -1);

// Throws Error, exit 1, when `need` is more than `limits` allow: it names the
// sizes needed and available, what sets the limit, and the options that
// would make the run fit (a coarser grid, fewer threads, fewer draws,
// --contributions none).
void requireMemory(const MemoryNeed& need, const MemoryLimits& limits);

// The bytes the allocation's candidate cache may take (AllocationScratch::
// limitBytes): what `limits` leave after the rest of `need`, at most the
// default. With less, the allocation evaluates the cells again on every
// pass: slower, the same answer.
std::size_t candidateCacheBytes(const MemoryNeed& need, const MemoryLimits& limits);

}  // namespace forestsink
