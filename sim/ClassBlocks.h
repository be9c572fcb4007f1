#pragma once
// Which land classes each block of 64 consecutive study cells holds, one bit
// per class, so that a programme's pass over the cells skips the blocks that
// hold no class it takes (at 30 m, barren land lies in 8.5 % of the blocks,
// forest in 45 %).
//
// The masks are rebuilt from the state at each year's beginning. A class
// written during the year (a treatment, a transition) adds its bit to its
// block (mark), so a mask may name a class its block no longer holds, never
// lack one it holds: a skipped block never held a candidate, and a block
// whose mask names only classes a programme takes (holdsOnly) holds no cell
// of another class, so its cells are tested without a look at their class.
// (The loaders write classes directly; the masks are built after them.)
//
// Bit 15 of a mask says the block may hold a damaged stand, for the
// programmes that take only those (recovery): kept the same way (a cell a
// disturbance damages marks its block, markDamaged; a recovered cell leaves
// the bit until the next rebuild).
#include "common/ThreadRunner.h"
#include "scenarios/LandClass.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace forestsink {

class ClassBlocks {
public:
    static constexpr int kShift = 6;  // 64 study cells a block

    static uint16_t bitOf(LandClass c) { return static_cast<uint16_t>(1u << static_cast<unsigned>(c)); }
    static constexpr uint16_t kDamagedBit = 1u << 15;
    static_assert(kLandClassCount < 15, "a class bit and the damaged bit do not meet");

    // The masks of `landClass`'s blocks, from its values; with `flags`, also
    // which blocks hold a cell whose flags have `damagedFlag` set.
    template <typename Classes>
    void rebuild(const Classes& landClass, const ThreadRunner& runner, const uint8_t* flags = nullptr,
                 uint8_t damagedFlag = 0) {
        const std::size_t n = landClass.size(), blocks = (n + (std::size_t{1} << kShift) - 1) >> kShift;
        masks_.resize(blocks);
        const int chunks = static_cast<int>((blocks + kBlocksAChunk - 1) / kBlocksAChunk);
        ThreadRunner(runner.threads(), 1).forEachTile(chunks, [&](int first, int count) {
            const std::size_t b0 = static_cast<std::size_t>(first) * kBlocksAChunk;
            const std::size_t b1 = std::min(blocks, static_cast<std::size_t>(first + count) * kBlocksAChunk);
            for (std::size_t b = b0; b < b1; ++b) {
                uint16_t mask = 0;
                for (std::size_t i = b << kShift, end = std::min(n, (b + 1) << kShift); i < end; ++i)
                    mask |= bitOf(landClass[i]) | (flags && (flags[i] & damagedFlag) ? kDamagedBit : 0);
                masks_[b] = mask;
            }
        });
    }

    // Cell i now holds class c (any thread; blocks span tiles).
    void mark(std::size_t i, LandClass c) {
        if (masks_.empty()) return;  // not built: nothing is skipped
        std::atomic_ref<uint16_t>(masks_[i >> kShift]).fetch_or(bitOf(c), std::memory_order_relaxed);
        // Written once a class (a line every thread reads stays shared).
        std::atomic_ref<uint16_t> written(written_);
        if (!(written.load(std::memory_order_relaxed) & bitOf(c))) written.fetch_or(bitOf(c), std::memory_order_relaxed);
    }
    // Cell i now holds a damaged stand (any thread).
    void markDamaged(std::size_t i) {
        if (masks_.empty()) return;
        std::atomic_ref<uint16_t>(masks_[i >> kShift]).fetch_or(kDamagedBit, std::memory_order_relaxed);
    }
    // Whether block b may hold a damaged stand (true when not built).
    bool mayHoldDamaged(std::size_t block) const { return masks_.empty() || (maskOf(block) & kDamagedBit) != 0; }

    // The classes marked since resetWritten (or since built): which cells may
    // have become a class after something was worked out for that class's cells.
    uint16_t writtenSinceReset() const {
        return std::atomic_ref<uint16_t>(const_cast<uint16_t&>(written_)).load(std::memory_order_relaxed);
    }
    void resetWritten() { written_ = 0; }

    // Whether block b may hold a cell of the classes in `classes` (true when not built).
    bool mayHold(std::size_t block, uint16_t classes) const {
        if (masks_.empty()) return true;
        const uint16_t mask = maskOf(block);
        return (mask & classes) != 0;
    }
    // Whether every cell of block b is of a class in `classes`: its mask names
    // no other (false when not built).
    bool holdsOnly(std::size_t block, uint16_t classes) const {
        if (masks_.empty()) return false;
        const uint16_t mask = maskOf(block);
        return (mask & ~(classes | kDamagedBit)) == 0;
    }
    // Whether any block may hold a cell of the classes in `classes` (true when not built).
    bool mayHoldAny(uint16_t classes) const {
        if (masks_.empty()) return true;
        for (std::size_t b = 0; b < masks_.size(); ++b)
            if (mayHold(b, classes)) return true;
        return false;
    }
    bool built() const { return !masks_.empty(); }
    void clear() { std::vector<uint16_t>().swap(masks_); }

private:
    // Read atomically: a block spanning two tiles may be marked by one thread while another reads it.
    uint16_t maskOf(std::size_t block) const {
        return std::atomic_ref<uint16_t>(const_cast<uint16_t&>(masks_[block])).load(std::memory_order_relaxed);
    }

    static constexpr std::size_t kBlocksAChunk = 1 << 14;
    std::vector<uint16_t> masks_;
    uint16_t written_ = 0;  // ClassBlocks bits of the classes marked since resetWritten
};

}  // namespace forestsink
