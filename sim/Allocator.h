#pragma once
// Allocation of a programme-year: each quota group (the province, or each
// region with its own quota) takes its eligible cells of highest priority
// until its amount (area or volume) is filled.
//
// Each candidate cell has a 64-bit key: its priority (32 bits, order-
// preserving) then a hash of (seed, cell, year, programme) that breaks ties
// the same way on any thread count, tile size or machine. The threshold key
// of each group is found from integer histograms, a level of the key's bits
// at a time (kLevelBits): one pass over the grid, at most four more over the candidates it
// found (kept in 16-byte records while they fit AllocationScratch::limitBytes;
// on large grids the first pass keeps only those above a key a sample of rows
// guessed; when they do not fit or the guess was too high, the next pass
// evaluates the cells again and keeps only those still undecided or taken),
// and one apply pass; no sort. Integer sums make the threshold independent of
// summation order.
#include "common/ProcessGroup.h"
#include "common/SplitMix.h"
#include "sim/AllocationScratch.h"
#include "sim/CellState.h"
#include "common/ThreadRunner.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <utility>
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

// The key's bits each level of the threshold search looks at, from the top.
// The first level is a pass over every cell, and a random priority spreads
// its keys over all the level's bins: 12 bits make a histogram of 32 KB a
// quota group, which stays in the core's L1 cache (16 bits made 512 KB, out
// in L2 and L3 while the cells stream past). The levels after it look at the
// candidates kept. Any widths give the same thresholds: a threshold is the
// highest key from which the candidates fill the need, whatever the steps.
inline constexpr std::array<int, 5> kLevelBits = {12, 13, 13, 13, 13};
inline constexpr int kLevels = static_cast<int>(kLevelBits.size());
// The shift of a level's bits in the key: the key's bits below them.
constexpr int shiftOfLevel(int level) {
    int above = 0;
    for (int l = 0; l <= level; ++l) above += kLevelBits[l];
    return 64 - above;
}
static_assert(shiftOfLevel(kLevels - 1) == 0, "the levels cover the 64 bits of a key");

// The threshold key of each quota group, narrowed a level of the key's bits at a time.
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
    bool narrow(const std::vector<int64_t>& sum, int level) {
        const int bits = kLevelBits[level], bins = 1 << bits, shift = shiftOfLevel(level);
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
                if (cumulative == remaining[g] || level == kLevels - 1) {
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

    // The histogram of a level whose bits every candidate shares (`bin`):
    // each searching group's whole amount under its prefix is in that bin, so
    // it needs no pass over the candidates.
    std::vector<int64_t> sharedBin(int bin, int bits) const {
        std::vector<int64_t> sum(prefix.size() << bits, 0);
        for (std::size_t g = 0; g < prefix.size(); ++g)
            if (searching[g]) sum[(g << bits) + static_cast<std::size_t>(bin)] = inPrefix[g];
        return sum;
    }
};

// fn(stateIndex, col) for the study cells of a row that may be candidates:
// every one, or, when the candidate test can rule out a block of 64 cells at
// once (blockMayHoldCandidates(block), ClassBlocks), those of the other blocks
// whose class it takes (cellsOfTakenClasses(block, first, count): a bit a
// cell, worked out without a branch, so a map of mixed classes costs no
// mispredicted jump per cell). Such a test is then asked only about cells of
// the classes it takes. fn sees the cells in the same order either way, and
// a cell's own treatment changes no other cell's class.
template <typename CandidateFn, typename Fn>
void forEachCellToTest(const StudyCells& cells, int row, const CandidateFn& candidate, Fn&& fn) {
    if constexpr (requires { candidate.blockMayHoldCandidates(std::size_t{}); }) {
        cells.forEachRunInRow(row, [&](std::size_t first, int firstCol, int count, int colStep) {
            const std::size_t end = first + static_cast<std::size_t>(count);
            for (std::size_t i = first; i < end;) {
                const std::size_t block = i >> ClassBlocks::kShift;
                const std::size_t blockEnd = std::min(end, (block + 1) << ClassBlocks::kShift);
                if (candidate.blockMayHoldCandidates(block))
                    for (uint64_t taken = candidate.cellsOfTakenClasses(block, i, static_cast<int>(blockEnd - i)); taken;
                         taken &= taken - 1) {
                        const std::size_t k = i + static_cast<std::size_t>(std::countr_zero(taken));
                        fn(k, firstCol + static_cast<int>(k - first) * colStep);
                    }
                i = blockEnd;
            }
        });
    } else {
        cells.forEachInRow(row, fn);
    }
}

// When the study cells could hold more candidates than the lists may keep,
// or are many (scratch.sampleFromCells: writing every candidate to the lists
// and walking them at each level costs more than the sample), a sample of
// rows (every scratch.sampleRowStride-th) is evaluated first to
// guess, for each group, a key its threshold will not fall below: the highest
// boundary of a first level's bin above which the sample, scaled to all study cells, shows
// twice the need it implies and a 32nd of the group's candidates. The first
// pass then keeps only candidates from there up, so that most programmes
// evaluate the cells once. A wrong guess is found after the first level (the
// threshold may fall below it) and costs a second pass, never an answer.
// All zero (keep every candidate) when the lists could keep every study
// cell and those are few.
template <typename CandidateFn, typename NeedFn>
std::vector<uint64_t> guessLowestKeysTaken(const StudyCells& cells, int rows, const ThreadRunner& runner, int groups,
                                           CandidateFn& candidate, NeedFn& needOf, const AllocationScratch& scratch) {
    // Bins of the first level: the guess is then a boundary that level's
    // prefix can be compared with, once the level has been counted.
    constexpr int kBits = kLevelBits[0], kBins = 1 << kBits, kShift = shiftOfLevel(0);
    std::vector<uint64_t> lowest(groups, 0);
    const int stride = scratch.sampleRowStride;
    const bool allWouldFit = cells.size() * sizeof(AllocationScratch::Cached) <= scratch.limitBytes;
    if (stride <= 0 || (allWouldFit && cells.size() < scratch.sampleFromCells)) return lowest;
    const int sampledRows = (rows - stride / 2 + stride - 1) / stride;  // rows stride/2, stride/2 + stride, ...
    if (sampledRows <= 0) return lowest;
    const std::vector<int64_t> zero(static_cast<std::size_t>(groups) * kBins, 0);
    tbb::enumerable_thread_specific<std::vector<int64_t>> histogramOfThread(zero);
    std::atomic<std::size_t> sampledCells{0};
    runner.forEachTile(sampledRows, [&](int first, int count) {
        auto& h = histogramOfThread.local();
        std::size_t seen = 0;
        Candidate c;
        for (int k = first; k < first + count; ++k) {
            const int row = stride / 2 + k * stride;
            seen += cells.rowBegin(row + 1) - cells.rowBegin(row);
            forEachCellToTest(cells, row, candidate, [&](std::size_t i, int col) {
                if (candidate(i, row, col, c)) h[static_cast<std::size_t>(c.group) * kBins + (c.key >> kShift)] += c.amount;
            });
        }
        sampledCells += seen;
    });
    if (sampledCells == 0) return lowest;
    std::vector<int64_t> sum = zero;
    for (const auto& h : histogramOfThread)
        for (std::size_t b = 0; b < sum.size(); ++b) sum[b] += h[b];
    const double scale = static_cast<double>(cells.size()) / static_cast<double>(sampledCells.load());
    std::vector<int64_t> eligible(groups, 0);
    for (int g = 0; g < groups; ++g) {
        int64_t inGroup = 0;
        for (int b = 0; b < kBins; ++b) inGroup += sum[static_cast<std::size_t>(g) * kBins + b];
        eligible[g] = std::llround(static_cast<double>(inGroup) * scale);
    }
    const std::vector<int64_t> need = needOf(eligible);
    for (int g = 0; g < groups; ++g) {
        const double wanted = 2.0 * static_cast<double>(std::max<int64_t>(need[g], 0)) + eligible[g] / 32.0;
        if (wanted <= 0) continue;
        double above = 0;
        for (int b = kBins - 1; b > 0; --b) {
            above += static_cast<double>(sum[static_cast<std::size_t>(g) * kBins + b]) * scale;
            if (above >= wanted) {
                lowest[g] = static_cast<uint64_t>(b) << kShift;
                break;
            }
        }
    }
    return lowest;
}

// Each group's lowest guess of any rank (a rank's guess comes from its own
// rows): the first pass leaves out the same bins on every rank.
inline void lowestOnAllRanks(std::vector<uint64_t>& guess, const ProcessGroup& ranks) {
    if (ranks.size() == 1) return;
    constexpr int kShift = shiftOfLevel(0);  // a guess is a first-level bin's boundary
    const std::size_t groups = guess.size();
    std::vector<int64_t> bins(groups * static_cast<std::size_t>(ranks.size()), 0);
    for (std::size_t g = 0; g < groups; ++g)
        bins[static_cast<std::size_t>(ranks.rank()) * groups + g] = static_cast<int64_t>(guess[g] >> kShift);
    ranks.sumOnAll(bins);
    for (std::size_t g = 0; g < groups; ++g) {
        int64_t lowest = bins[g];
        for (int r = 1; r < ranks.size(); ++r) lowest = std::min(lowest, bins[static_cast<std::size_t>(r) * groups + g]);
        guess[g] = static_cast<uint64_t>(lowest) << kShift;
    }
}

// Whether a group's candidates from its guess up fall short of its need:
// its threshold then lies below the guess, in bins the first pass left out.
inline bool guessTooHigh(const std::vector<uint64_t>& guess, const std::vector<int64_t>& aboveGuess,
                         const std::vector<int64_t>& need) {
    for (std::size_t g = 0; g < guess.size(); ++g)
        if (guess[g] > 0 && need[g] > 0 && aboveGuess[g] < need[g]) return true;
    return false;
}

// candidate(cell, row, col, Candidate&) → bool: is the cell (its state index,
// row and column) a candidate? A test that rules out blocks
// (blockMayHoldCandidates) is asked only about the cells its
// cellsOfTakenClasses names (forEachCellToTest).
// needOf(eligibleTotals) → per-group amounts to take.
// apply(cell, row, col, group): treats a chosen cell (called once per cell, any thread).
// `ranks`: in a run split into bands, the histograms are summed over the ranks,
// so every rank finds the same thresholds and the cells taken are those of one process.
template <typename CandidateFn, typename NeedFn, typename ApplyFn>
AllocationOutcome allocate(const CellState& state, const ThreadRunner& runner, int groups, CandidateFn candidate,
                           NeedFn needOf, ApplyFn apply, AllocationScratch& scratch,
                           const ProcessGroup& ranks = singleProcess()) {
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
            forEachCellToTest(cells, row, candidate, [&](std::size_t i, int col) {
                if (candidate(i, row, col, c)) visit(i, row, col, c);
            });
    };

    // Bits every candidate's key shares: a level within them is skipped.
    tbb::enumerable_thread_specific<std::pair<uint64_t, uint64_t>> keyAndOr(std::pair<uint64_t, uint64_t>{~0ULL, 0});
    ThresholdSearch search(groups);
    auto& prefix = search.prefix;
    auto& searching = search.searching;
    auto& histograms = scratch.histograms;
    const std::size_t mostBins = std::size_t{1} << *std::max_element(kLevelBits.begin(), kLevelBits.end());
    for (auto& h : histograms) h.assign(static_cast<std::size_t>(groups) * mostBins, 0);
    // A pass over the cells keeps a group's candidates from this key up: all
    // of them at first; later, those its threshold may still take. So when the
    // first pass finds too many to keep, the next keeps what is left to decide
    // (about the amount needed and one bin), and the grid is evaluated at most
    // twice before the cells are treated.
    std::vector<uint64_t> keepFrom(groups, 0);
    std::vector<uint64_t> guess = cacheable ? guessLowestKeysTaken(cells, rows, runner, groups, candidate, needOf, scratch)
                                            : std::vector<uint64_t>(groups, 0);  // nothing is kept to guess for
    lowestOnAllRanks(guess, ranks);
    // Whether the lists filled by the pass just made hold every candidate a
    // group may still take.
    auto listsComplete = [&] {
        for (int g = 0; g < groups; ++g)
            if (!search.takeNone[g] && search.lowestKeyStillTaken(g) < keepFrom[g]) return false;
        return true;
    };

    uint64_t shared = 0, sharedValue = 0;  // after the first pass: bits all candidates' keys share, and their values
    // The first pass counts a candidate below its group's guess in the
    // group's amount only, not in the level's histogram: that level's bins
    // from the guess up are whole, and they are all its walk reads as long as
    // they hold the need.
    tbb::enumerable_thread_specific<std::vector<int64_t>> belowGuessOfThread(std::vector<int64_t>(groups, 0));
    for (int level = 0; level < kLevels; ++level) {
        const int bits = kLevelBits[level], shift = shiftOfLevel(level);
        const std::size_t bins = std::size_t{1} << bits;
        const uint64_t levelMask = static_cast<uint64_t>(bins - 1) << shift;
        if (level > 0 && (shared & levelMask) == levelMask) {
            if (!search.narrow(search.sharedBin(static_cast<int>((sharedValue >> shift) & (bins - 1)), bits), level))
                break;
            continue;
        }
        const uint64_t prefixMask = level == 0 ? 0 : ~0ULL << shiftOfLevel(level - 1);
        const bool filling = !cached;
        if (filling) {
            startFilling();
            for (int g = 0; g < groups; ++g) keepFrom[g] = level == 0 ? guess[g] : search.lowestKeyStillTaken(g);
        }
        for (auto& h : histograms) std::fill_n(h.begin(), static_cast<std::size_t>(groups) * bins, 0);
        runner.forEachTile(rows, [&](int firstRow, int rowCount) {
            auto& h = histograms.local();
            if (h.empty()) h.assign(static_cast<std::size_t>(groups) * mostBins, 0);  // a thread's first use
            auto count = [&](std::size_t, int, int, const Candidate& c) {
                if (!searching[c.group] || (c.key & prefixMask) != prefix[c.group]) return;
                h[static_cast<std::size_t>(c.group) * bins + ((c.key >> shift) & (bins - 1))] += c.amount;
            };
            if (!filling) return forEachCandidate(firstRow, rowCount, count);
            // Evaluate the cells, and fill this tile's list.
            auto& tileCache = cache[firstRow / tileRows];
            const std::size_t heldBefore = tileCache.capacity() * sizeof(Cached);
            const std::size_t tileFirst = cells.rowBegin(firstRow);
            auto& andOr = keyAndOr.local();  // not a structured binding: clang 14 cannot capture one
            auto& belowGuess = belowGuessOfThread.local();
            Candidate c;
            for (int row = firstRow; row < firstRow + rowCount; ++row)
                forEachCellToTest(cells, row, candidate, [&](std::size_t i, int col) {
                    if (!candidate(i, row, col, c)) return;
                    if (level == 0) {
                        andOr.first &= c.key, andOr.second |= c.key;
                        if (c.key < keepFrom[c.group]) return void(belowGuess[c.group] += c.amount);
                    }
                    count(i, row, col, c);
                    if (!cacheOk || search.takeNone[c.group] || c.key < keepFrom[c.group]) return;
                    if (c.amount > INT32_MAX || c.amount < INT32_MIN) return void(cacheOk = false);
                    tileCache.push_back(Cached{c.key, static_cast<uint32_t>((i - tileFirst) << 8) |
                                                          static_cast<uint32_t>(c.group),
                                               static_cast<int32_t>(c.amount)});
                });
            if (cachedBytes += tileCache.capacity() * sizeof(Cached) - heldBefore; cachedBytes > scratch.limitBytes)
                cacheOk = false;
        });
        std::vector<int64_t> sum(static_cast<std::size_t>(groups) * bins, 0);
        for (const auto& h : histograms)
            for (std::size_t b = 0; b < sum.size(); ++b) sum[b] += h[b];
        ranks.sumOnAll(sum);

        if (level == 0) {
            uint64_t keyAnd = ~0ULL, keyOr = 0;
            for (const auto& [a, o] : keyAndOr) keyAnd &= a, keyOr |= o;
            ranks.andOrOnAll(keyAnd, keyOr);
            shared = ~(keyAnd ^ keyOr), sharedValue = keyAnd;
            std::vector<int64_t> aboveGuess(groups, 0);
            for (int g = 0; g < groups; ++g)
                for (std::size_t b = 0; b < bins; ++b) aboveGuess[g] += sum[static_cast<std::size_t>(g) * bins + b];
            std::vector<int64_t> belowGuess(groups, 0);
            for (auto& below : belowGuessOfThread)
                for (int g = 0; g < groups; ++g) belowGuess[g] += std::exchange(below[g], 0);
            ranks.sumOnAll(belowGuess);
            for (int g = 0; g < groups; ++g) out.eligible[g] = aboveGuess[g] + belowGuess[g];
            out.need = needOf(out.eligible);
            if (guessTooHigh(guess, aboveGuess, out.need)) {  // the first pass again, counting every candidate
                guess.assign(groups, 0);
                level = -1;
                continue;
            }
            search.start(out.need);
        }
        const bool more = search.narrow(sum, level);
        if (filling) {
            cached = cacheOk && listsComplete();
            if (!cached) cache = std::vector<std::vector<Cached>>(tiles);  // too many, or a guess too high: evaluate again
        }
        if (!more) break;
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
