#pragma once
// Allocation of a programme-year: each quota group (the province, or each
// region with its own quota) takes its eligible cells of highest priority
// until its amount (area or volume) is filled.
//
// Each candidate cell has a 64-bit key: its priority (32 bits, order-
// preserving) then a hash of (seed, cell, year, programme) that breaks ties
// the same way on any thread count, tile size or machine. The threshold key
// of each group is found from integer histograms, 16 bits of the key at a
// time: one pass over the grid, at most three more over the candidates it
// found (kept in 16-byte records while they fit AllocationScratch::limitBytes;
// when they do not, the next pass evaluates the cells again and keeps only
// those still undecided or taken), and one apply pass; no sort. Integer sums make the threshold independent of summation order.
#include "common/ProcessGroup.h"
#include "common/SplitMix.h"
#include "sim/AllocationScratch.h"
#include "sim/CellState.h"
#include "common/ThreadRunner.h"

#include <algorithm>
#include <atomic>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace forestsink {

// Order-preserving map of a float to 32 bits (larger float → larger integer).
inline uint32_t orderedBits(float f) {
    if (std::isnan(f)) return 0;
    uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

inline uint64_t mixHash(uint64_t x) { return mix64(x); }

// A cell's tie-break: a hash of (seed, cell, year, programme). The seed's own
// mix is the same for every cell, so a caller may do it once
// (mixedSeed = mixHash(seed)).
inline uint32_t tieHashOfMixedSeed(uint64_t mixedSeed, std::size_t cell, int year, int programme) {
    return static_cast<uint32_t>(
        mixHash(mixHash(mixedSeed ^ cell) ^ (static_cast<uint64_t>(year) << 16 | static_cast<uint64_t>(programme))) >> 32);
}

inline uint32_t tieHash(uint64_t seed, std::size_t cell, int year, int programme) {
    return tieHashOfMixedSeed(mixHash(seed), cell, year, programme);
}

struct AllocationOutcome {
    std::vector<int64_t> eligible;  // per group: amount of all candidates
    std::vector<int64_t> need;      // per group
    std::vector<int64_t> taken;     // per group
};

// The threshold key of each quota group, narrowed 16 bits of the key at a time.
struct ThresholdSearch {
    std::vector<uint64_t> prefix, threshold;  // per group
    std::vector<int64_t> remaining;           // per group: amount still to place below the prefix
    std::vector<int64_t> inPrefix;            // per group: amount of all its candidates under the prefix
    std::vector<bool> searching, takeNone;    // per group

    explicit ThresholdSearch(int groups)
        : prefix(groups, 0), threshold(groups, 0), remaining(groups, 0), inPrefix(groups, 0), searching(groups, true),
          takeNone(groups, false) {}

    // The amounts to take; a group that needs nothing takes nothing.
    void start(const std::vector<int64_t>& need) {
        for (std::size_t g = 0; g < need.size(); ++g) {
            remaining[g] = need[g];
            if (remaining[g] <= 0) searching[g] = false, takeNone[g] = true;
        }
    }

    // Walks each searching group's histogram of this level from the highest
    // bin down; returns whether any group must look at the next level.
    bool narrow(const std::vector<int64_t>& sum, int level, int bits, int levels) {
        const int bins = 1 << bits, shift = 64 - bits * (level + 1);
        bool any = false;
        for (std::size_t g = 0; g < prefix.size(); ++g) {
            if (!searching[g]) continue;
            int64_t cumulative = 0;
            bool found = false;
            for (int b = bins - 1; b >= 0; --b) {
                const int64_t inBin = sum[g * bins + b];
                cumulative += inBin;
                if (cumulative < remaining[g]) continue;
                const uint64_t here = prefix[g] | (static_cast<uint64_t>(b) << shift);
                if (cumulative == remaining[g] || level == levels - 1) {
                    threshold[g] = here;  // take the whole bin (ties at the last level)
                    searching[g] = false;
                } else {
                    remaining[g] -= cumulative - inBin;  // bins above are taken whole
                    prefix[g] = here;
                    inPrefix[g] = inBin;
                }
                found = true;
                break;
            }
            if (!found) {  // not enough eligible land: take all of it, the rest is a shortfall
                threshold[g] = prefix[g];
                searching[g] = false;
            }
            any = any || searching[g];
        }
        return any;
    }

    // The lowest key group g may still take: its prefix while it searches,
    // its threshold once found (0 for all before the first level).
    uint64_t lowestKeyStillTaken(std::size_t g) const { return searching[g] ? prefix[g] : threshold[g]; }

    // The histogram of a level whose 16 bits every candidate shares (`bin`):
    // each searching group's whole amount under its prefix is in that bin, so
    // it needs no pass over the candidates.
    std::vector<int64_t> sharedBin(int bin, int bits) const {
        std::vector<int64_t> sum(prefix.size() << bits, 0);
        for (std::size_t g = 0; g < prefix.size(); ++g)
            if (searching[g]) sum[(g << bits) + static_cast<std::size_t>(bin)] = inPrefix[g];
        return sum;
    }
};

// candidate(cell, row, col, Candidate&) → bool: is the cell (its state index,
// row and column) a candidate?
// needOf(eligibleTotals) → per-group amounts to take.
// apply(cell, row, col, group): treats a chosen cell (called once per cell, any thread).
// `ranks`: in a run split into bands, the histograms are summed over the ranks,
// so every rank finds the same thresholds and the cells taken are those of one process.
template <typename CandidateFn, typename NeedFn, typename ApplyFn>
AllocationOutcome allocate(const CellState& state, const ThreadRunner& runner, int groups, CandidateFn candidate,
                           NeedFn needOf, ApplyFn apply, AllocationScratch& scratch,
                           const ProcessGroup& ranks = singleProcess()) {
    constexpr int kBits = 16, kBins = 1 << kBits, kLevels = 4;
    const int rows = state.grid.rows;
    const StudyCells& cells = state.cells;
    AllocationOutcome out;
    out.eligible.assign(groups, 0);
    out.taken.assign(groups, 0);

    using Cached = AllocationScratch::Cached;
    const int tileRows = runner.tileRows();
    const int tiles = (rows + tileRows - 1) / tileRows;
    auto& cache = scratch.cache;
    if (cache.size() != static_cast<std::size_t>(tiles)) cache = std::vector<std::vector<Cached>>(tiles);
    // The lists keep their capacity from the programme-years before: it counts
    // against the limit, and all of it is freed when the limit is lower now.
    bool cacheable = groups <= AllocationScratch::kMaxGroups;
    for (int t = 0; t < tiles; ++t) {
        const int last = std::min(rows, (t + 1) * tileRows);
        cacheable = cacheable && cells.rowBegin(last) - cells.rowBegin(t * tileRows) <= AllocationScratch::kMaxTileCells;
    }
    std::atomic<std::size_t> cachedBytes{0};
    std::atomic<bool> cacheOk{false};
    bool cached = false;  // the lists hold every candidate the passes still to come need
    // Empties the lists before a pass over the cells that fills them again.
    auto startFilling = [&] {
        std::size_t heldBytes = 0;
        for (auto& list : cache) list.clear(), heldBytes += list.capacity() * sizeof(Cached);
        if (heldBytes > scratch.limitBytes) cache = std::vector<std::vector<Cached>>(tiles), heldBytes = 0;
        cachedBytes = heldBytes;
        cacheOk = cacheable;
    };

    // Calls visit(cell, row, col, candidate) for every candidate of a tile:
    // from the lists, or by evaluating the study cells.
    auto forEachCandidate = [&](int firstRow, int rowCount, auto&& visit) {
        if (cached) {
            const std::size_t tileFirst = cells.rowBegin(firstRow);
            StudyCellCursor cursor(cells, firstRow);
            Candidate c;
            for (const Cached& k : cache[firstRow / tileRows]) {
                const std::size_t i = tileFirst + (k.offsetAndGroup >> 8);
                const auto [row, col] = cursor.locate(i);
                c.group = static_cast<int>(k.offsetAndGroup & 0xffu), c.key = k.key, c.amount = k.amount;
                visit(i, row, col, c);
            }
            return;
        }
        Candidate c;
        for (int row = firstRow; row < firstRow + rowCount; ++row)
            cells.forEachInRow(row, [&](std::size_t i, int col) {
                if (candidate(i, row, col, c)) visit(i, row, col, c);
            });
    };

    // Bits every candidate's key shares: a level within them is skipped.
    tbb::enumerable_thread_specific<std::pair<uint64_t, uint64_t>> keyAndOr(std::pair<uint64_t, uint64_t>{~0ULL, 0});
    ThresholdSearch search(groups);
    auto& prefix = search.prefix;
    auto& searching = search.searching;
    auto& histograms = scratch.histograms;
    for (auto& h : histograms) h.assign(static_cast<std::size_t>(groups) * kBins, 0);
    // A pass over the cells keeps a group's candidates from this key up: all
    // of them at first; later, those its threshold may still take. So when the
    // first pass finds too many to keep, the next keeps what is left to decide
    // (about the amount needed and one bin), and the grid is evaluated at most
    // twice before the cells are treated.
    std::vector<uint64_t> keepFrom(groups, 0);

    uint64_t shared = 0, sharedValue = 0;  // after the first pass: bits all candidates' keys share, and their values
    for (int level = 0; level < kLevels; ++level) {
        const int shift = 64 - kBits * (level + 1);
        const uint64_t levelMask = static_cast<uint64_t>(kBins - 1) << shift;
        if (level > 0 && (shared & levelMask) == levelMask) {
            if (!search.narrow(search.sharedBin(static_cast<int>((sharedValue >> shift) & (kBins - 1)), kBits), level,
                               kBits, kLevels))
                break;
            continue;
        }
        const uint64_t prefixMask = level == 0 ? 0 : ~0ULL << (64 - kBits * level);
        const bool filling = !cached;
        if (filling) {
            startFilling();
            for (int g = 0; g < groups; ++g) keepFrom[g] = search.lowestKeyStillTaken(g);
        }
        for (auto& h : histograms) std::fill(h.begin(), h.end(), 0);
        runner.forEachTile(rows, [&](int firstRow, int rowCount) {
            auto& h = histograms.local();
            if (h.empty()) h.assign(static_cast<std::size_t>(groups) * kBins, 0);  // a thread's first use
            auto count = [&](std::size_t, int, int, const Candidate& c) {
                if (!searching[c.group] || (c.key & prefixMask) != prefix[c.group]) return;
                h[static_cast<std::size_t>(c.group) * kBins + ((c.key >> shift) & (kBins - 1))] += c.amount;
            };
            if (!filling) return forEachCandidate(firstRow, rowCount, count);
            // Evaluate the cells, and fill this tile's list.
            auto& tileCache = cache[firstRow / tileRows];
            const std::size_t heldBefore = tileCache.capacity() * sizeof(Cached);
            const std::size_t tileFirst = cells.rowBegin(firstRow);
            auto& andOr = keyAndOr.local();  // not a structured binding: clang 14 cannot capture one
            Candidate c;
            for (int row = firstRow; row < firstRow + rowCount; ++row)
                cells.forEachInRow(row, [&](std::size_t i, int col) {
                    if (!candidate(i, row, col, c)) return;
                    count(i, row, col, c);
                    if (level == 0) andOr.first &= c.key, andOr.second |= c.key;
                    if (!cacheOk || search.takeNone[c.group] || c.key < keepFrom[c.group]) return;
                    if (c.amount > INT32_MAX || c.amount < INT32_MIN) return void(cacheOk = false);
                    tileCache.push_back(Cached{c.key, static_cast<uint32_t>((i - tileFirst) << 8) |
                                                          static_cast<uint32_t>(c.group),
                                               static_cast<int32_t>(c.amount)});
                });
            if (cachedBytes += tileCache.capacity() * sizeof(Cached) - heldBefore; cachedBytes > scratch.limitBytes)
                cacheOk = false;
        });
        if (filling) {
            cached = cacheOk;
            if (!cached) cache = std::vector<std::vector<Cached>>(tiles);  // too many: free, evaluate again
        }
        std::vector<int64_t> sum(static_cast<std::size_t>(groups) * kBins, 0);
        for (const auto& h : histograms)
            for (std::size_t b = 0; b < sum.size(); ++b) sum[b] += h[b];
        ranks.sumOnAll(sum);

        if (level == 0) {
            uint64_t keyAnd = ~0ULL, keyOr = 0;
            for (const auto& [a, o] : keyAndOr) keyAnd &= a, keyOr |= o;
            ranks.andOrOnAll(keyAnd, keyOr);
            shared = ~(keyAnd ^ keyOr), sharedValue = keyAnd;
            for (int g = 0; g < groups; ++g)
                for (int b = 0; b < kBins; ++b) out.eligible[g] += sum[static_cast<std::size_t>(g) * kBins + b];
            out.need = needOf(out.eligible);
            search.start(out.need);
        }
        if (!search.narrow(sum, level, kBits, kLevels)) break;
    }

    tbb::enumerable_thread_specific<std::vector<int64_t>> takenOfThread(std::vector<int64_t>(groups, 0));
    runner.forEachTile(rows, [&](int firstRow, int rowCount) {
        auto& taken = takenOfThread.local();
        forEachCandidate(firstRow, rowCount, [&](std::size_t i, int row, int col, const Candidate& c) {
            if (search.takeNone[c.group] || c.key < search.threshold[c.group]) return;
            taken[c.group] += c.amount;
            apply(i, row, col, c.group);
        });
    });
    for (const auto& t : takenOfThread)
        for (int g = 0; g < groups; ++g) out.taken[g] += t[g];
    ranks.sumOnAll(out.taken);
    return out;
}

}  // namespace forestsink
