// Accounting: totals against sums computed by hand from the species table.
#include "SyntheticInputs.h"

#include "sim/Accounting.h"

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

}  // namespace
}  // namespace forestsink
