// Monte Carlo draws of a scenario: target probabilities and reproducibility.
#include "sim/programmes/ProgrammeKinds.h"
#include "CsvTable.h"
#include "SyntheticInputs.h"
#include "common/Error.h"
#include "app/BatchCommand.h"
#include "sim/MonteCarlo.h"
#include "sim/Sampling.h"
#include "sim/StateLoader.h"
#include <gtest/gtest.h>
#include <cmath>
#include <fstream>
#include <sstream>

namespace forestsink {
namespace {

namespace fs = std::filesystem;

// One forest cell, growth multiplier ~ uniform(0.5, 1.5), and a stock target
// that a draw reaches exactly when its multiplier is at least 0.8: P = 0.7.
TEST(MonteCarlo, ProbabilityOfReachingATargetMatchesTheKnownAnswer) {
    const SpeciesTable species = SpeciesTable::load(test::sourceDir() / "species" / "yunnan-species.csv");
    Scenario s;
    s.startYear = 2007;
    s.endYear = 2008;
    s.seed = 11;
    s.forestClasses = {LandClass::Forest};
    Grid g;
    g.cols = g.rows = 1;
    CellState state;
    state.allocate(g);
    state.cellAreaHa = {100};
    state.regions = {{1, "zone"}};
    state.landClass[0] = LandClass::Forest;
    state.species[0] = 0;
    state.site[0] = 1;
    state.region[0] = 1;
    state.age[0] = 20;
    const SpeciesGroup& pine = species.group(0);
    state.volume[0] = static_cast<float>(pine.curveVolume(20, SiteClass::Medium));
    const double increment = pine.curveVolume(21, SiteClass::Medium) - pine.curveVolume(20, SiteClass::Medium);
    TargetSpec target;
    target.name = "stock";
    target.metric = TargetMetric::StockM3;
    target.year = 2008;
    target.value = (state.volume[0] + 0.8 * increment) * 100;
    s.targets = {target};
    s.uncertainty.growth = Distribution{Distribution::Uniform, 0.5, 1.5};
    const int draws = 4000;
    const auto results = runDraws(s, species, state, ThreadRunner(2, 1), draws);
    const double p = targetProbabilities(results, 1)[0];
    EXPECT_NEAR(p, 0.7, 4 * std::sqrt(0.7 * 0.3 / draws));
}

TEST(MonteCarlo, DrawsAreTheSameOnOneAndTwoThreads) {
    Scenario s = loadScenario(test::sourceDir() / "scenarios" / "yunnan-baseline.toml", programmeKinds());
    s.endYear = 2010;
    s.uncertainty.growth = Distribution{Distribution::LogNormal, 1.0, 0.1};
    s.uncertainty.disturbanceRate = Distribution{Distribution::LogNormal, 1.0, 0.3};
    const SpeciesTable species = SpeciesTable::load(s.speciesTable);
    const LoadedState loaded = loadState(s, species, ThreadRunner(2, 64));
    const auto a = runDraws(s, species, loaded.state, ThreadRunner(1, 64), 4);
    const auto b = runDraws(s, species, loaded.state, ThreadRunner(2, 17), 4);
    for (int d = 0; d < 4; ++d)
        for (std::size_t y = 0; y < a[d].years.size(); ++y)
            EXPECT_EQ(a[d].years[y].totals.province, b[d].years[y].totals.province) << "draw " << d << " year " << y;
    // Different draws differ.
    EXPECT_NE(a[0].years.back().totals.province[kStockM3], a[1].years.back().totals.province[kStockM3]);
}

}  // namespace
}  // namespace forestsink
