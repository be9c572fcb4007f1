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
// take more than AllocationScratch::limitBytes (then every pass evaluates the
// study cells again: slower, the same answer).
inline constexpr std::size_t kDefaultCandidateCacheBytes = std::size_t{1} << 30;  // 64 M candidates of 16 bytes

// Buffers an allocation reuses from one programme-year to the next, so that
// the candidate lists and histograms are not allocated (and their pages
// zeroed by the kernel) again for every programme of every year.
struct AllocationScratch {
    // A cached candidate in 16 bytes: its key, its state index as an offset
    // from its tile's first (24 bits) with its quota group (8 bits), and its
    // amount. Its row and column are found again by walking the tile's runs.
    struct Cached {
        uint64_t key;
        uint32_t offsetAndGroup;
        int32_t amount;
    };
    static constexpr std::size_t kMaxTileCells = std::size_t{1} << 24;
    static constexpr int kMaxGroups = 1 << 8;
    std::vector<std::vector<Cached>> cache;  // by tile
    std::size_t limitBytes = kDefaultCandidateCacheBytes;  // what the lists' capacity may take in all
    int sampleRowStride = 64;  // rows apart of the sample that guesses the thresholds (0: no sample)
    // Study cells from which the sample is taken even when the lists could
    // keep every one (at 250 m, Yunnan's 6.1 M: the plan's programmes took
    // 17 % less time). Counted on each rank: a run split into bands takes
    // the lowest guess of any rank, none when one rank takes no sample.
    std::size_t sampleFromCells = std::size_t{1} << 20;
    tbb::enumerable_thread_specific<std::vector<int64_t>> histograms;
};
static_assert(sizeof(AllocationScratch::Cached) == 16);

}  // namespace forestsink
