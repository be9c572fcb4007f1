#pragma once
// Checks that two runs of the same years give the same province totals and
// flows to the bit, and runs a state split into bands on in-process ranks
// (ThreadRanks) to compare them with one process.
#include "ThreadRanks.h"

#include "common/ThreadRunner.h"
#include "sim/RowBands.h"
#include "sim/Simulation.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace forestsink::test {

// The same double to the bit (a NaN equals itself; 0 and −0 differ).
inline bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Every year's province totals and flows of `got` are those of `expected`, to the bit.
inline void expectSameYears(const std::vector<YearRecord>& expected, const std::vector<YearRecord>& got) {
    ASSERT_EQ(expected.size(), got.size());
    for (std::size_t y = 0; y < expected.size(); ++y) {
        for (int k = 0; k < kMetricCount; ++k)
            EXPECT_TRUE(sameBits(expected[y].totals.province[k], got[y].totals.province[k])) << y << " " << k;
        for (int k = 0; k < kFlowCount; ++k)
            EXPECT_TRUE(sameBits(expected[y].provinceFlows[k], got[y].provinceFlows[k])) << y << " " << k;
    }
}

// Runs `scenario` on `state` split into `bands` bands balanced by study
// cells, one in-process rank each, and expects every rank's years to be `one`'s.
inline void expectBandsGiveOneRunsYears(const Scenario& scenario, const SpeciesTable& table, const CellState& state,
                                        const std::vector<YearRecord>& one, int bands = 2) {
    const auto bandOf = bandsByStudyCells(state.cells, bands);
    std::vector<std::vector<YearRecord>> banded(static_cast<std::size_t>(bands));
    ThreadRanks(bands).run([&](const ProcessGroup& ranks) {
        Simulation sim(scenario, table, cutBand(state, bandOf[ranks.rank()]), ThreadRunner(1, 2), {}, ranks);
        banded[ranks.rank()] = runAllYears(sim, scenario);
    });
    for (const auto& years : banded) expectSameYears(one, years);
}

}  // namespace forestsink::test
