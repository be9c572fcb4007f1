// A run split into bands of grid rows (issue 13 item 2), without MPI: the
// bands as threads (ThreadRanks), each simulating its band's state only. Every
// year's totals, flows and programme tallies, and the final state of every
// cell, must be those of one process, to the bit.
#include "sim/programmes/ProgrammeKinds.h"
#include "SyntheticInputs.h"
#include "ThreadRanks.h"
#include "sim/RowBands.h"
#include "sim/Simulation.h"
#include "sim/StateLoader.h"

#include <gtest/gtest.h>

#include <cstring>
#include <mutex>

namespace forestsink {
namespace {

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

TEST(RowBands, BandsCoverEveryRowOnceAndShareTheStudyCellsEvenly) {
    Scenario s = loadScenario(test::sourceDir() / "scenarios" / "yunnan-plan-2011-2020.toml", programmeKinds());
    const SpeciesTable species = SpeciesTable::load(s.speciesTable);
    const StudyCells& cells = loadState(s, species, ThreadRunner(2, 64)).state.cells;
    std::size_t widestRow = 0;
    for (int row = 0; row < cells.rows(); ++row) widestRow = std::max(widestRow, cells.rowEnd(row) - cells.rowBegin(row));
    for (int parts : {1, 2, 3, 7}) {
        const auto bands = bandsByStudyCells(cells, parts);
        ASSERT_EQ(bands.size(), static_cast<std::size_t>(parts));
        int next = 0;
        for (const auto& b : bands) {
            EXPECT_EQ(b.first, next);
            next += b.count;
            const std::size_t inBand = b.count ? cells.rowEnd(b.first + b.count - 1) - cells.rowBegin(b.first) : 0;
            // Each band ends at the first row that reaches its share: at most one row over it.
            EXPECT_LE(inBand, cells.size() / parts + widestRow + 1) << parts << " bands";
        }
        EXPECT_EQ(next, cells.rows());
    }
}

void expectSameYear(const YearRecord& a, const YearRecord& b) {
    const int year = a.totals.year;
    ASSERT_EQ(year, b.totals.year);
    for (int k = 0; k < kMetricCount; ++k)
        EXPECT_TRUE(sameBits(a.totals.province[k], b.totals.province[k])) << year << " metric " << k;
    ASSERT_EQ(a.totals.byRegion.size(), b.totals.byRegion.size());
    for (std::size_t r = 0; r < a.totals.byRegion.size(); ++r)
        for (int k = 0; k < kMetricCount; ++k)
            EXPECT_TRUE(sameBits(a.totals.byRegion[r][k], b.totals.byRegion[r][k])) << year << " region " << r;
    ASSERT_EQ(a.flows.size(), b.flows.size());
    for (std::size_t r = 0; r < a.flows.size(); ++r)
        for (int k = 0; k < kFlowCount; ++k) EXPECT_TRUE(sameBits(a.flows[r][k], b.flows[r][k])) << year << " flow " << k;
    EXPECT_TRUE(sameBits(a.balanceError, b.balanceError)) << year;
    ASSERT_EQ(a.programmes.size(), b.programmes.size()) << year;
    for (std::size_t p = 0; p < a.programmes.size(); ++p) {
        const ProgrammeYear &x = a.programmes[p], &y = b.programmes[p];
        EXPECT_EQ(x.programme, y.programme);
        EXPECT_EQ(x.areaM2ByRegion, y.areaM2ByRegion) << year << " programme " << x.programme;
        EXPECT_EQ(x.volumeMilliM3ByRegion, y.volumeMilliM3ByRegion) << year << " programme " << x.programme;
        EXPECT_EQ(x.need, y.need);
        EXPECT_EQ(x.taken, y.taken) << year << " programme " << x.programme;
        EXPECT_EQ(x.eligible, y.eligible) << year << " programme " << x.programme;
    }
}

// Each band's final cells against the same cells of the whole run.
void expectSameCells(const CellState& whole, const CellState& band) {
    for (int row = band.band.first; row < band.band.first + band.band.count; ++row)
        band.cells.forEachInRow(row, [&](std::size_t i, int col) {
            const std::size_t w = *whole.cells.find(row, col);
            ASSERT_EQ(band.landClass[i], whole.landClass[w]) << row << "," << col;
            ASSERT_EQ(band.species[i], whole.species[w]) << row << "," << col;
            ASSERT_EQ(band.age[i], whole.age[w]) << row << "," << col;
            ASSERT_TRUE(sameBits(band.volume[i], whole.volume[w])) << row << "," << col;
            ASSERT_EQ(band.treatment[i], whole.treatment[w]) << row << "," << col;
            ASSERT_EQ(band.until[i], whole.until[w]) << row << "," << col;
            ASSERT_EQ(band.flags[i], whole.flags[w]) << row << "," << col;
        });
}

void expectBandsGiveTheWholeRun(const char* scenarioFile) {
    const Scenario s = loadScenario(test::sourceDir() / "scenarios" / scenarioFile, programmeKinds());
    const SpeciesTable species = SpeciesTable::load(s.speciesTable);
    const CellState initial = loadState(s, species, ThreadRunner(2, 64)).state;
    Simulation whole(s, species, initial, ThreadRunner(2, 64));
    const std::vector<YearRecord> expected = runAllYears(whole, s);
    for (int parts : {2, 3}) {
        SCOPED_TRACE(std::string(scenarioFile) + ", " + std::to_string(parts) + " bands");
        const auto bands = bandsByStudyCells(initial.cells, parts);
        std::vector<std::vector<YearRecord>> years(parts);
        std::vector<std::optional<CellState>> finalState(parts);
        test::ThreadRanks(parts).run([&](const ProcessGroup& ranks) {
            const int r = ranks.rank();
            Simulation sim(s, species, cutBand(initial, bands[r]), ThreadRunner(1, 17), {}, ranks);
            years[r] = runAllYears(sim, s);
            finalState[r] = sim.state();
        });
        for (int r = 0; r < parts; ++r) {
            ASSERT_EQ(years[r].size(), expected.size());
            for (std::size_t y = 0; y < expected.size(); ++y) expectSameYear(expected[y], years[r][y]);
            expectSameCells(whole.state(), *finalState[r]);
        }
    }
}

TEST(RowBands, TheYunnanPlanInBandsIsTheWholeRunToTheBit) { expectBandsGiveTheWholeRun("yunnan-plan-2011-2020.toml"); }

// Harvest by volume quota, random disturbances.
TEST(RowBands, TheYunnanBaselineInBandsIsTheWholeRunToTheBit) { expectBandsGiveTheWholeRun("yunnan-baseline.toml"); }

// Quotas by region, conversions to wetland and urban green.
TEST(RowBands, TheHubeiPlanInBandsIsTheWholeRunToTheBit) { expectBandsGiveTheWholeRun("hubei-plan-2011-2015.toml"); }

}  // namespace
}  // namespace forestsink

namespace forestsink {
namespace {

// Each rank reads its band only: what it holds is the band cut from the whole
// grid's state, and the regions and notes are the whole grid's.
void expectBandLoadsAsTheWholeLoad(const Scenario& s) {
    const SpeciesTable species = SpeciesTable::load(s.speciesTable);
    const LoadedState whole = loadState(s, species, ThreadRunner(2, 64));
    const int parts = 3;
    const auto bands = bandsByStudyCells(whole.state.cells, parts);
    std::vector<std::optional<LoadedState>> loaded(parts);
    test::ThreadRanks(parts).run([&](const ProcessGroup& ranks) {
        loaded[ranks.rank()] = loadState(s, species, ThreadRunner(1, 7), nullptr, ranks);
    });
    std::size_t cells = 0;
    for (int r = 0; r < parts; ++r) {
        const CellState& got = loaded[r]->state;
        const CellState want = cutBand(whole.state, bands[r]);
        EXPECT_EQ(got.band.first, bands[r].first);
        EXPECT_EQ(got.band.count, bands[r].count);
        ASSERT_EQ(got.cellCount(), want.cellCount());
        cells += got.cellCount();
        EXPECT_EQ(got.landClass, want.landClass);
        EXPECT_EQ(got.species, want.species);
        EXPECT_EQ(got.age, want.age);
        EXPECT_EQ(got.volume, want.volume);
        EXPECT_EQ(got.region, want.region);
        EXPECT_EQ(got.flags, want.flags);
        ASSERT_EQ(got.regions.size(), whole.state.regions.size());
        for (std::size_t k = 0; k < got.regions.size(); ++k) EXPECT_EQ(got.regions[k].name, whole.state.regions[k].name);
        EXPECT_EQ(loaded[r]->notes, whole.notes);
        for (int row = 0; row < got.grid.rows; ++row)
            if (row < bands[r].first || row >= bands[r].first + bands[r].count)
                EXPECT_EQ(got.cells.rowBegin(row), got.cells.rowEnd(row)) << "row " << row << " is not rank " << r << "'s";
    }
    EXPECT_EQ(cells, whole.state.cellCount());
}

TEST(RowBands, EachRankReadsItsBandAsTheWholeLoadHoldsIt) {
    Scenario s = loadScenario(test::sourceDir() / "scenarios" / "hubei-plan-2011-2015.toml", programmeKinds());
    expectBandLoadsAsTheWholeLoad(s);
    // Without a names file, the regions are the ids seen on the grid: every band's.
    s.regionNames.reset();
    expectBandLoadsAsTheWholeLoad(s);
}

}  // namespace
}  // namespace forestsink
