// Un-closed plantations from planting to closure (sim/Plantations.h), on
// small in-memory grids: the survival check at its age against the failure
// threshold, the failed area counted and the land free to plant again,
// closure at the species table's years by site class, the input state's
// plantations given a cohort and a planted stand, and the same answer on any
// thread count and band split. Expected volumes come from the curve computed
// here (YunnanSpecies.h); closure years and survival are set by the test's own
// species table.
#include "RowOfCells.h"
#include "SameYears.h"
#include "SyntheticInputs.h"
#include "ThreadRanks.h"
#include "YunnanSpecies.h"

#include "sim/Plantations.h"
#include "sim/RowBands.h"
#include "sim/Simulation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>

namespace forestsink {
namespace {

using test::curve;
using test::idx;

constexpr int kEucalyptus = 5;

// A stand planted at `stocking`, at `age`, by README.md's growth rule worked
// here: V(1) = stocking·C(1), then each year the curve's increment ×
// min(S / 0.65, 1), S = V / C(a), 0.65 the default stocking plateau.
double plantedStand(int code, int site, double stocking, int age) {
    double v = stocking * curve(code, site, 1);
    for (int a = 1; a < age; ++a)
        v += std::min(v / curve(code, site, a) / 0.65, 1.0) * (curve(code, site, a + 1) - curve(code, site, a));
    return v;
}

// The shipped table with every group's closure years and survival replaced.
SpeciesTable tableWith(std::array<int, 3> closureYears, std::array<double, 3> survival) {
    std::vector<SpeciesGroup> groups = test::species().groups();
    for (auto& g : groups) g.closureYears = closureYears, g.survival = survival;
    SpeciesTable t = SpeciesTable::fromGroups(std::move(groups));
    t.setPath(test::species().path());
    return t;
}

// A row of cells of 100 ha: cell 0 Yunnan pine forest (the region's local
// species), the others land suitable for forest, planted in `plantingYear`
// with Eucalyptus by one afforestation programme.
struct World {
    Scenario scenario;
    CellState state;
    World(int n, int plantingYear, int lastPlantingYear = -1) {
        scenario.startYear = 2007;
        scenario.endYear = 2020;
        scenario.seed = 11;
        scenario.forestClasses = {LandClass::Forest};
        scenario.plantations.checkSurvival = true;  // check at 3 years, fail at or below 40 %
        test::allocateRowOfCells(state, n);
        for (int i = 0; i < n; ++i) {
            state.region[i] = 1;
            state.landClass[i] = LandClass::Barren;
        }
        state.landClass[0] = LandClass::Forest;
        state.species[0] = static_cast<uint8_t>(idx(1));
        state.age[0] = 300;  // no growth: the ledger's stock is the plantations' only change
        state.volume[0] = 100.0f;
        auto& p = test::addProgramme(scenario, ProgrammeKind::Afforestation, plantingYear,
                                     lastPlantingYear < 0 ? plantingYear : lastPlantingYear);
        p.areaHaPerYear = 100.0 * (n - 1);
        p.species = SpeciesChoice{false, "Eucalyptus", "test"};
        p.stocking = 0.7;
        p.priority = PriorityRule::Random;
        p.eligible.landClasses = {LandClass::Barren};
    }
};

// A plantation that passes its check closes exactly its closure years after
// planting, by its site class: good 3, medium 4, poor 6; its volume then
// enters forest stock as reclassification.
TEST(RulesPlantations, ASurvivingCohortClosesExactlyAtItsClosureYearBySiteClass) {
    World w(4, 2008);
    for (int i = 1; i <= 3; ++i) w.state.site[i] = static_cast<uint8_t>(i - 1);
    const SpeciesTable table = tableWith({3, 4, 6}, {0.9, 0.95, 1.0});  // every planting passes
    Simulation sim(w.scenario, table, w.state, ThreadRunner(1, 1));
    sim.start();
    const int closes[] = {0, 2011, 2012, 2014};
    for (int year = 2008; year <= 2015; ++year) {
        const YearRecord r = sim.step(year);
        double forest = 100.0, reclass = 0.0;
        for (int i = 1; i <= 3; ++i) {
            EXPECT_EQ(sim.state().until[i], 2008) << "cohort year of cell " << i;
            EXPECT_EQ(sim.state().landClass[i], year < closes[i] ? LandClass::UnclosedPlantation : LandClass::Forest)
                << "cell " << i << " in " << year;
            if (year >= closes[i]) forest += 100.0;
            if (year == closes[i]) reclass += sim.state().volume[i] * 100.0;
            // The stand grows from planting whatever its class.
            const int site = i - 1;
            EXPECT_NEAR(sim.state().volume[i], plantedStand(kEucalyptus, site, 0.7, year - 2007),
                        1e-5 * curve(kEucalyptus, site, year - 2007));
        }
        EXPECT_DOUBLE_EQ(r.totals.province[kForestAreaHa], forest) << year;
        EXPECT_NEAR(r.provinceFlows[kReclassM3], reclass, 1e-3) << year;
        EXPECT_DOUBLE_EQ(r.provinceFlows[kPlantationFailedHa], 0.0) << year;
    }
}

// A planting whose survival is at or below 40 % fails at its check (3 years
// after planting): the land is land suitable for forest again, without a
// stand or a programme mark, its area is counted that year only, and the
// ledger balances. The programme, still running, plants it again.
TEST(RulesPlantations, AFailingPlantingReturnsToLandSuitableForForestIsCountedAndIsPlantedAgain) {
    World w(2, 2008, 2012);
    const SpeciesTable table = tableWith({4, 5, 6}, {0.1, 0.2, 0.4});  // every planting fails
    Simulation sim(w.scenario, table, w.state, ThreadRunner(1, 1));
    sim.start();
    for (int year = 2008; year <= 2016; ++year) {
        const YearRecord r = sim.step(year);
        EXPECT_LT(r.balanceError, 1e-6) << year;
        const auto& s = sim.state();
        // Planted in 2008, failed in 2011, planted again in 2012, failed again in 2015.
        const bool planted = (year >= 2008 && year < 2011) || (year >= 2012 && year < 2015);
        EXPECT_EQ(s.landClass[1], planted ? LandClass::UnclosedPlantation : LandClass::Barren) << year;
        if (planted) {
            EXPECT_EQ(s.until[1], year < 2011 ? 2008 : 2012) << year;
        } else {
            EXPECT_EQ(s.species[1], kNoSpecies) << year;
            EXPECT_EQ(s.volume[1], 0.0f) << year;
            EXPECT_EQ(s.age[1], 0) << year;
            EXPECT_EQ(s.treatment[1], kNoTreatment) << year;
        }
        const bool fails = year == 2011 || year == 2015;
        EXPECT_DOUBLE_EQ(r.provinceFlows[kPlantationFailedHa], fails ? 100.0 : 0.0) << year;
        EXPECT_DOUBLE_EQ(r.flows[0][kPlantationFailedHa], fails ? 100.0 : 0.0) << year;
        EXPECT_DOUBLE_EQ(r.totals.province[kForestAreaHa], 100.0) << year;  // it never closed
        EXPECT_DOUBLE_EQ(r.totals.province[kForestryLandHa], 200.0) << year;
    }
}

// The threshold: with survival spread evenly over 0.3–0.5, no planting fails
// at a threshold of 29 %, every planting at 50 %, and at 40 % about half
// (each cell's draw is its own; 400 cells: P = 0.5, 4 sd = 0.1).
TEST(RulesPlantations, PlantingsFailAtOrBelowTheThresholdOfTheirDrawnSurvival) {
    for (double threshold : {29.0, 40.0, 50.0}) {
        World w(401, 2008);
        w.scenario.plantations.failAtOrBelowPct = threshold;
        const SpeciesTable table = tableWith({9, 9, 9}, {0.3, 0.4, 0.5});  // symmetric: P(s <= 0.4) = 0.5
        Simulation sim(w.scenario, table, w.state, ThreadRunner(2, 1));
        sim.start();
        double failed = 0;
        for (int year = 2008; year <= 2012; ++year) failed += sim.step(year).provinceFlows[kPlantationFailedHa];
        const double share = failed / (400 * 100.0);
        if (threshold < 30) EXPECT_EQ(share, 0.0);
        else if (threshold >= 50) EXPECT_EQ(share, 1.0);
        else EXPECT_NEAR(share, 0.5, 0.1);
    }
}

// Without a [plantations] table nothing is checked: every planting survives.
TEST(RulesPlantations, WithoutThePlantationsTableEveryPlantingSurvives) {
    World w(3, 2008);
    w.scenario.plantations = PlantationRules{};
    const SpeciesTable table = tableWith({4, 4, 4}, {0.1, 0.2, 0.3});
    Simulation sim(w.scenario, table, w.state, ThreadRunner(1, 1));
    sim.start();
    for (int year = 2008; year <= 2012; ++year) EXPECT_DOUBLE_EQ(sim.step(year).provinceFlows[kPlantationFailedHa], 0.0);
    EXPECT_EQ(sim.state().landClass[1], LandClass::Forest);
    EXPECT_EQ(sim.state().landClass[2], LandClass::Forest);
}

// A programme's years_to_forest > 0 overrides the species table for the stands it plants.
TEST(RulesPlantations, YearsToForestOfTheProgrammeOverridesTheSpeciesTable) {
    World w(2, 2008);
    w.scenario.programmes[0].yearsToForest = 2;
    const SpeciesTable table = tableWith({6, 6, 6}, {0.9, 0.95, 1.0});
    Simulation sim(w.scenario, table, w.state, ThreadRunner(1, 1));
    sim.start();
    for (int year = 2008; year <= 2011; ++year) {
        sim.step(year);
        EXPECT_EQ(sim.state().landClass[1], year < 2010 ? LandClass::UnclosedPlantation : LandClass::Forest) << year;
    }
}

// The input state's un-closed plantations carry no stand: the run gives each
// the region's commonest forest species, a cohort year among the last
// `inputCohortYears` (the hash of its grid cell), and the stand planted then
// at the input stocking; each then closes at cohort + closure years.
TEST(RulesPlantations, InputPlantationsGetACohortAndThePlantedStandAndCloseOnTime) {
    Scenario scenario;
    scenario.startYear = 2007;
    scenario.endYear = 2015;
    scenario.forestClasses = {LandClass::Forest};
    scenario.plantations.inputCohortYears = 3;
    scenario.plantations.inputStocking = 0.6;
    CellState s;
    test::allocateRowOfCells(s, 40);
    for (int i = 0; i < 40; ++i) s.region[i] = 1, s.landClass[i] = LandClass::UnclosedPlantation;
    s.landClass[0] = LandClass::Forest;
    s.species[0] = static_cast<uint8_t>(idx(4));  // Chinese fir: the local species
    s.age[0] = 300;
    s.volume[0] = 50.0f;
    const SpeciesTable table = tableWith({5, 5, 5}, {0.9, 0.95, 1.0});
    Simulation sim(scenario, table, s, ThreadRunner(1, 1));
    std::array<int, 3> cohorts{};
    for (int i = 1; i < 40; ++i) {
        const auto& st = sim.state();
        const int cohort = st.until[i];
        ASSERT_GE(cohort, 2005);
        ASSERT_LE(cohort, 2007);
        ++cohorts[cohort - 2005];
        EXPECT_EQ(cohort, inputCohortYear(static_cast<std::size_t>(i), 2007, 3));
        EXPECT_EQ(st.species[i], idx(4));
        const int age = 2007 - cohort + 1;  // planted in its cohort year, grown that year and each year after
        EXPECT_EQ(st.age[i], age);
        EXPECT_NEAR(st.volume[i], plantedStand(4, 1, 0.6, age), 1e-5 * curve(4, 1, age)) << i;
        EXPECT_EQ(st.plantedStocking[i], 60);
    }
    for (int c : cohorts) EXPECT_GT(c, 0) << "every cohort year is used";
    // Living stock counts the planted stands, forest stock does not.
    const YearRecord first = sim.start();
    double planted = 0;
    for (int i = 1; i < 40; ++i) planted += sim.state().volume[i] * 100.0;
    EXPECT_NEAR(first.totals.province[kLivingStockM3], 50.0 * 100 + planted, 1e-6 * planted);
    EXPECT_DOUBLE_EQ(first.totals.province[kStockM3], 50.0 * 100);
    std::vector<int> cohortOf(40);
    for (int i = 1; i < 40; ++i) cohortOf[i] = sim.state().until[i];
    for (int year = 2008; year <= 2013; ++year) {
        sim.step(year);
        for (int i = 1; i < 40; ++i)
            EXPECT_EQ(sim.state().landClass[i], year < cohortOf[i] + 5 ? LandClass::UnclosedPlantation : LandClass::Forest)
                << i << " " << year;
    }
}

// The Monte Carlo survival multiplier scales each drawn survival (at most 1):
// survival 0.6-0.8 passes; halved, it is 0.3-0.4 and every planting fails.
TEST(RulesPlantations, TheSurvivalFactorScalesEachDrawnSurvival) {
    for (double factor : {1.0, 0.5}) {
        World w(21, 2008);
        w.scenario.plantations.survivalFactor = factor;
        const SpeciesTable table = tableWith({9, 9, 9}, {0.6, 0.7, 0.8});
        Simulation sim(w.scenario, table, w.state, ThreadRunner(1, 1));
        sim.start();
        double failed = 0;
        for (int year = 2008; year <= 2011; ++year) failed += sim.step(year).provinceFlows[kPlantationFailedHa];
        EXPECT_DOUBLE_EQ(failed, factor < 1 ? 2000.0 : 0.0) << factor;
    }
}

// The survival draws are keyed on the grid cell, not the state index or the
// thread: 1 and 2 threads, other tile rows, and the grid split into 2 bands
// give the same years to the bit.
TEST(RulesPlantations, SameOnOneAndTwoThreadsAndInBands) {
    Scenario scenario;
    scenario.startYear = 2007;
    scenario.endYear = 2016;
    scenario.seed = 5;
    scenario.forestClasses = {LandClass::Forest};
    scenario.plantations.checkSurvival = true;
    CellState s;
    Grid g;
    g.cols = 9, g.rows = 8;
    s.allocate(g);
    s.cellAreaHa.assign(static_cast<std::size_t>(g.rows), 100.0);
    s.regions = {{1, "zone"}};
    for (std::size_t i = 0; i < s.cellCount(); ++i) {
        s.region[i] = 1;
        s.landClass[i] = i % 3 == 0 ? LandClass::UnclosedPlantation : LandClass::Barren;
        s.site[i] = static_cast<uint8_t>(i % 3);
    }
    s.landClass[4] = LandClass::Forest;
    s.species[4] = static_cast<uint8_t>(idx(1));
    s.age[4] = 40;
    s.volume[4] = 80.0f;
    auto& p = test::addProgramme(scenario, ProgrammeKind::Afforestation, 2008, 2012);
    p.areaHaPerYear = 600;
    p.species = SpeciesChoice{false, "Eucalyptus", "test"};
    p.stocking = 0.7;
    p.priority = PriorityRule::Random;
    p.eligible.landClasses = {LandClass::Barren};
    const SpeciesTable table = tableWith({3, 4, 5}, {0.2, 0.5, 0.9});  // about a fifth fail
    auto run = [&](int threads, int tileRows) {
        Simulation sim(scenario, table, s, ThreadRunner(threads, tileRows));
        return runAllYears(sim, scenario);
    };
    const auto one = run(1, 1), two = run(2, 3);
    test::expectSameYears(one, two);
    double failed = 0;
    for (std::size_t y = 0; y < one.size(); ++y) {
        failed += one[y].provinceFlows[kPlantationFailedHa];
    }
    EXPECT_GT(failed, 0.0) << "the grid must see failures for the comparison to test them";
    test::expectBandsGiveOneRunsYears(scenario, table, s, one);
}

}  // namespace
}  // namespace forestsink
