#pragma once
// What an allocation keeps between programme-years (see sim/Allocator.h).
// Apart from the algorithm so that the simulation's header, included almost
// everywhere, does not depend on the allocation's code.
#include <tbb/enumerable_thread_specific.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace forestsink {

// A candidate: its quota group, key and amount (m² of area, or 1e-3 m³ of volume).
struct Candidate {
    int group = 0;
    uint64_t key = 0;
    int64_t amount = 0;
};

// Candidates found in the first pass are kept per tile (in row-major order)
// so the later passes walk those lists instead of the grid, unless they would
// take more than kMaxCachedCandidates entries.
inline constexpr std::size_t kMaxCachedCandidates = std::size_t{1} << 26;  // 64 M × 40 bytes = 2.7 GB

// Buffers an allocation reuses from one programme-year to the next, so that
// the candidate lists and histograms are not allocated (and their pages
// zeroed by the kernel) again for every programme of every year.
struct AllocationScratch {
    struct Cached {
        std::size_t cell;  // state index
        int row, col;
        Candidate c;
    };
    std::vector<std::vector<Cached>> cache;  // by tile
    tbb::enumerable_thread_specific<std::vector<int64_t>> histograms;
};

}  // namespace forestsink
