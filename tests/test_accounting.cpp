// Accounting: totals against sums computed by hand from the species table.
#include "SyntheticInputs.h"

#include "sim/Accounting.h"
#include "species/BambooStand.h"

#include <algorithm>

#include <gtest/gtest.h>

namespace forestsink {
namespace {

TEST(Accounting, RegionAndProvinceTotalsMatchAHandComputation) {
    const SpeciesTable species = SpeciesTable::load(test::sourceDir() / "species" / "yunnan-species.csv");
    CellState state;
    Grid grid;
    grid.cols = 4;
    grid.rows = 2;
    state.allocate(grid);
    state.cellAreaHa = {100.0, 50.0};  // rows may differ (geographic grids)
    state.regions = {{1, "a"}, {2, "b"}};
    // Row 0: forest (pine 100 m³/ha), sparse (oak 10), barren, outside.
    // Row 1: forest (Eucalyptus 60), forest (no volume), non-forest, forest (fir 200), all region 2.
    const LandClass classes[] = {LandClass::Forest, LandClass::SparseForest, LandClass::Barren, LandClass::Outside,
                                 LandClass::Forest, LandClass::Forest, LandClass::NonForest, LandClass::Forest};
    const int codes[] = {1, 8, 0, 0, 5, 7, 0, 9};
    const float volumes[] = {100, 10, 0, 0, 60, 0, 0, 200};
    for (int i = 0; i < 8; ++i) {
        state.landClass[i] = classes[i];
        state.species[i] = codes[i] ? static_cast<uint8_t>(*species.indexOfCode(codes[i])) : kNoSpecies;
        state.volume[i] = volumes[i];
        state.region[i] = i < 4 ? 1 : 2;
    }
    auto g = [&](int code) { return species.group(*species.indexOfCode(code)); };
    auto m = [&](int code, double v) { return g(code).biomassA + g(code).biomassB * v; };

    const YearTotals t = accountYear(2010, state, BiomassParameters(species), forestOnlyRules(), ThreadRunner(2, 1));

    const Totals& a = t.byRegion[0];
    EXPECT_DOUBLE_EQ(a[kAreaHa], 300);
    EXPECT_DOUBLE_EQ(a[kForestAreaHa], 100);
    EXPECT_DOUBLE_EQ(a[kStockM3], 100 * 100);
    EXPECT_DOUBLE_EQ(a[kLivingStockM3], 100 * 100 + 10 * 100);
    const double biomassA = (m(1, 100) + m(8, 10)) * 100;
    EXPECT_NEAR(a[kBiomassT], biomassA, biomassA * 1e-6);
    const double carbonA = (m(1, 100) * g(1).carbonFraction + m(8, 10) * g(8).carbonFraction) * 100;
    EXPECT_NEAR(a[kCarbonT], carbonA, carbonA * 1e-6);
    const double aboveA = (m(1, 100) / (1 + g(1).rootShoot) + m(8, 10) / (1 + g(8).rootShoot)) * 100;
    EXPECT_NEAR(a[kAboveBiomassT], aboveA, aboveA * 1e-6);

    const Totals& b = t.byRegion[1];
    EXPECT_DOUBLE_EQ(b[kAreaHa], 200);
    EXPECT_DOUBLE_EQ(b[kForestAreaHa], 150);
    EXPECT_DOUBLE_EQ(b[kStockM3], (60 + 200) * 50);
    // An empty stand (V = 0) carries no biomass: the intercept a applies to stands only.
    const double biomassB = (m(5, 60) + m(9, 200)) * 50;
    EXPECT_NEAR(b[kBiomassT], biomassB, biomassB * 1e-6);

    for (int k = 0; k < kMetricCount; ++k) EXPECT_DOUBLE_EQ(t.province[k], a[k] + b[k]);
}

// A state that holds everything the accounting reads, mixed cell by cell:
// every land class (outside too), stands of every species and none, empty
// stands, bamboo, a non-forest sink, and three regions taking turns along rows.
CellState mixedState(const SpeciesTable& species, int rows, int cols) {
    CellState state;
    Grid grid;
    grid.cols = cols;
    grid.rows = rows;
    state.allocate(grid);
    state.regions = {{1, "a"}, {4, "b"}, {9, "c"}};
    uint32_t x = 12345;
    auto next = [&x] { return x = x * 1664525u + 1013904223u, x >> 8; };
    for (std::size_t i = 0; i < state.cellCount(); ++i) {
        state.landClass[i] = static_cast<LandClass>(next() % kLandClassCount);
        const uint32_t kind = next() % 4;
        state.species[i] = kind == 0 ? kNoSpecies : static_cast<uint8_t>(next() % species.size());
        state.volume[i] = kind == 1 ? 0.0f : static_cast<float>(next() % 40000) * 0.01f;
        state.region[i] = state.regions[(i / 5 + next() % 2) % 3].id;
        state.treatment[i] = next() % 7 == 0 ? 3 : kNoTreatment;
    }
    return state;
}

AccountingRules allPoolsRules() {
    AccountingRules rules = inventoryRules();
    rules.sinkCarbonTPerHa[3] = 41.3f;
    rules.carbon.pools = kTreeBiomassPools | poolBit(CarbonPool::DeadWood) | poolBit(CarbonPool::Litter) |
                         poolBit(CarbonPool::Soil);
    rules.carbon.deadWoodRatio = 0.137;
    rules.carbon.litterRatio = 0.0719;
    for (int c = 0; c < kLandClassCount; ++c) rules.carbon.soilTPerHa[c] = 61.7 + 3.31 * c;
    return rules;
}

// The rule the accounting's speed-ups must keep: each sum adds the cells of a
// row in column order, one expression per cell, times the row's scale, and
// the rows in row order. Here it is written cell by cell, the plain way.
std::vector<Totals> cellByCellSums(const CellState& state, const BiomassParameters& bio, const AccountingRules& rules) {
    const int rows = state.grid.rows, cols = state.grid.cols;
    const double deadWoodRatio = rules.carbon.counts(CarbonPool::DeadWood) ? rules.carbon.deadWoodRatio : 0.0;
    const double litterRatio = rules.carbon.counts(CarbonPool::Litter) ? rules.carbon.litterRatio : 0.0;
    const bool soil = rules.carbon.counts(CarbonPool::Soil);
    const std::size_t regions = state.regions.size();
    std::vector<Totals> expected(regions, Totals{});
    for (int row = 0; row < rows; ++row) {
        std::vector<Totals> sums(regions, Totals{});
        for (int col = 0; col < cols; ++col) {
            const std::size_t i = static_cast<std::size_t>(row) * cols + col;
            const LandClass lc = state.landClass[i];
            if (lc == LandClass::Outside) continue;
            Totals& t = sums[state.region[i] == 1 ? 0 : state.region[i] == 4 ? 1 : 2];
            const int c = static_cast<int>(lc);
            const double v = state.volume[i];
            t[kAreaHa] += 1.0;
            t[kForestAreaHa] += rules.isForest[c] ? 1.0 : 0.0;
            t[kPre2003CoverageAreaHa] += rules.isCoverage[c] ? 1.0 : 0.0;
            t[kForestryLandHa] += isForestryLand(lc) ? 1.0 : 0.0;
            t[kSinkCarbonT] += rules.sinkCarbonTPerHa[state.treatment[i]];
            t[kStockM3] += rules.isForest[c] ? v : 0.0;
            t[kLivingStockM3] += v;
            if (soil) t[kSoilEquilibriumCarbonT] += rules.carbon.soilTPerHa[static_cast<int>(soilLandUse(state, i))];
            const uint8_t s = state.species[i];
            double m = 0, aboveShare = 0, carbonFraction = 0;
            if (s != kNoSpecies && v > 0) {
                m = std::max(0.0f, bio.a[s] + bio.b[s] * state.volume[i]);
                aboveShare = bio.aboveShare[s], carbonFraction = bio.carbonFraction[s];
            } else if (lc == LandClass::Bamboo) {
                m = kBambooBiomassTPerHa, aboveShare = kBambooAboveShare, carbonFraction = kBambooCarbonFraction;
            } else {
                continue;
            }
            const double above = m * aboveShare * carbonFraction;
            t[kBiomassT] += m;
            t[kAboveBiomassT] += m * aboveShare;
            t[kTreeCarbonT] += m * carbonFraction;
            t[kAboveCarbonT] += above;
            t[kDeadWoodCarbonT] += above * deadWoodRatio;
            t[kLitterCarbonT] += above * litterRatio;
        }
        for (std::size_t r = 0; r < regions; ++r)
            for (int k = 0; k < kMetricCount; ++k) expected[r][k] += sums[r][k] * 1.0;
    }
    return expected;
}

// Both of the engine's row paths (counted areas on a grid of one area per
// row, weighted sums on a lattice) must give the cell-by-cell sums to the
// bit, with every pool and sink counted, and with none of them (where the
// row paths leave their sums out: they must stay exactly zero).
TEST(Accounting, RowPathsAddWhatCellByCellSumsAddToTheBit) {
    const SpeciesTable species = SpeciesTable::load(test::sourceDir() / "species" / "yunnan-species.csv");
    const BiomassParameters bio(species);
    const int rows = 23, cols = 131;
    const int summed[] = {kAreaHa, kForestAreaHa, kPre2003CoverageAreaHa, kForestryLandHa, kSinkCarbonT,
                          kStockM3, kLivingStockM3, kSoilEquilibriumCarbonT, kBiomassT, kAboveBiomassT,
                          kTreeCarbonT, kAboveCarbonT, kDeadWoodCarbonT, kLitterCarbonT};
    const int extras[] = {kSinkCarbonT, kSoilEquilibriumCarbonT, kDeadWoodCarbonT, kLitterCarbonT};
    for (const bool allPools : {true, false}) {
        SCOPED_TRACE(allPools ? "every pool and a sink" : "tree biomass only");
        const AccountingRules rules = allPools ? allPoolsRules() : inventoryRules();
        CellState state = mixedState(species, rows, cols);
        const std::vector<Totals> expected = cellByCellSums(state, bio, rules);

        // One area per row (counted), and a lattice whose knots are all 1 (weighted).
        state.cellAreaHa = std::vector<double>(rows, 1.0);
        const YearTotals counted = accountYear(2010, state, bio, rules, ThreadRunner(2, 3));
        state.cellAreaHa = CellAreas::lattice(rows, cols, {0, rows - 1}, {0, cols - 1}, std::vector<double>(4, 1.0));
        ASSERT_FALSE(state.cellAreaHa.constantAlongRows());
        const YearTotals weighted = accountYear(2010, state, bio, rules, ThreadRunner(1, 5));

        for (std::size_t r = 0; r < expected.size(); ++r)
            for (int k : summed) {
                const bool extra = std::find(std::begin(extras), std::end(extras), k) != std::end(extras);
                if (allPools || !extra)
                    EXPECT_GT(expected[r][k], 0) << "region " << r << " metric " << k << ": the state does not test it";
                else
                    EXPECT_EQ(expected[r][k], 0.0) << "region " << r << " metric " << k << ": counted though not chosen";
                EXPECT_EQ(counted.byRegion[r][k], expected[r][k]) << "counted rows, region " << r << " metric " << k;
                EXPECT_EQ(weighted.byRegion[r][k], expected[r][k]) << "weighted rows, region " << r << " metric " << k;
            }
    }
}

}  // namespace
}  // namespace forestsink
