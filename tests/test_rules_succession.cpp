// Natural dynamics (sim/Succession.h) and loss to construction
// (sim/programmes/Construction.h), on small in-memory grids: each transition
// at its rate, none without the [succession] table, the stand a transition
// keeps or starts, closed land at its rate once its years are up, construction
// taking exactly its area with its stock as a named loss of a balanced ledger,
// and the same answer on any thread count and band split.
//
// A rate r over n cells: the count that changes in a year is binomial, mean
// n·r, standard deviation √(n·r·(1−r)); the tests allow 4 standard
// deviations (a draw outside fails about once in 16,000 seeds; the seeds are
// fixed, so the tests are deterministic).
#include "RowOfCells.h"
#include "SameYears.h"
#include "SyntheticInputs.h"
#include "ThreadRanks.h"
#include "YunnanSpecies.h"

#include "common/Error.h"
#include "scenarios/ProgrammeKinds.h"
#include "sim/RowBands.h"
#include "sim/Simulation.h"
#include "sim/programmes/ProgrammeKinds.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>

namespace forestsink {
namespace {

using test::curve;
using test::idx;

constexpr int kPine = 1;  // the species code of the region's forest (Yunnan pine)

double fourSd(int n, double rate) { return 4.0 * std::sqrt(n * rate * (1.0 - rate)); }

// A row of n cells of 100 ha: cell 0 Yunnan pine forest of age 300 (no
// growth), the others of class `others`; sparse forest carries a pine stand
// of age 300 and 50 m³/ha.
struct World {
    Scenario scenario;
    CellState state;
    World(int n, LandClass others) {
        scenario.startYear = 2007;
        scenario.endYear = 2020;
        scenario.seed = 23;
        scenario.forestClasses = {LandClass::Forest};
        scenario.succession.on = true;
        scenario.succession.sparseToForestPerYear = 0;
        scenario.succession.shrublandToSparsePerYear = 0;
        test::allocateRowOfCells(state, n);
        for (int i = 0; i < n; ++i) {
            state.region[i] = 1;
            state.landClass[i] = others;
            if (others == LandClass::SparseForest) setStand(i, 50.0f);
        }
        state.landClass[0] = LandClass::Forest;
        setStand(0, 100.0f);
    }
    void setStand(int i, float volume) {
        state.species[i] = static_cast<uint8_t>(idx(kPine));
        state.age[i] = 300;
        state.volume[i] = volume;
    }
    int count(const Simulation& sim, LandClass c) const {
        int k = 0;
        for (std::size_t i = 1; i < sim.state().cellCount(); ++i) k += sim.state().landClass[i] == c;
        return k;
    }
};

TEST(RulesSuccession, SparseForestBecomesTreeForestAtItsRateKeepingItsStand) {
    World w(1001, LandClass::SparseForest);
    w.scenario.succession.sparseToForestPerYear = 0.1;
    Simulation sim(w.scenario, test::species(), w.state, ThreadRunner(1, 1));
    sim.start();
    int forestBefore = 0;
    for (int year = 2008; year <= 2012; ++year) {
        const YearRecord r = sim.step(year);
        const int forest = w.count(sim, LandClass::Forest);
        const int changed = forest - forestBefore;
        // Each year a tenth of what is still sparse: 0.9^(years) stays.
        const double staysShare = std::pow(0.9, year - 2007);
        EXPECT_NEAR(1000 - forest, 1000 * staysShare, fourSd(1000, 1 - staysShare)) << year;
        EXPECT_DOUBLE_EQ(r.provinceFlows[kNaturalToForestHa], changed * 100.0) << year;
        // The stand is kept: its 50 m³/ha enter the forest stock as reclassification.
        EXPECT_NEAR(r.provinceFlows[kReclassM3], changed * 50.0 * 100.0, 1e-6) << year;
        EXPECT_DOUBLE_EQ(r.totals.province[kForestAreaHa], 100.0 * (1 + forest)) << year;
        forestBefore = forest;
    }
    EXPECT_NEAR(w.count(sim, LandClass::Forest), 1000 * (1 - std::pow(0.9, 5)), fourSd(1000, 1 - std::pow(0.9, 5)));
    for (std::size_t i = 1; i < sim.state().cellCount(); ++i) {
        EXPECT_EQ(sim.state().species[i], idx(kPine));
        EXPECT_EQ(sim.state().age[i], sim.state().age[0]);  // aged like the forest beside it
        EXPECT_FLOAT_EQ(sim.state().volume[i], 50.0f);
    }
}

TEST(RulesSuccession, TheFirstYearAtRateOneTenthTakesAboutOneHundredOfOneThousand) {
    World w(1001, LandClass::SparseForest);
    w.scenario.succession.sparseToForestPerYear = 0.1;
    Simulation sim(w.scenario, test::species(), w.state, ThreadRunner(1, 1));
    sim.start();
    sim.step(2008);
    EXPECT_NEAR(w.count(sim, LandClass::Forest), 100, fourSd(1000, 0.1));  // 100 ± 38
}

TEST(RulesSuccession, RateZeroChangesNothingRateOneChangesEverythingInTheFirstYear) {
    for (double rate : {0.0, 1.0}) {
        World w(201, LandClass::SparseForest);
        w.scenario.succession.sparseToForestPerYear = rate;
        Simulation sim(w.scenario, test::species(), w.state, ThreadRunner(1, 1));
        sim.start();
        EXPECT_EQ((sim.step(2008), w.count(sim, LandClass::Forest)), rate > 0 ? 200 : 0) << rate;
        for (int year = 2009; year <= 2012; ++year) sim.step(year);
        EXPECT_EQ(w.count(sim, LandClass::Forest), rate > 0 ? 200 : 0) << rate;
    }
}

TEST(RulesSuccession, WithoutTheTableNothingChangesClassByItself) {
    World w(201, LandClass::SparseForest);
    w.scenario.succession.on = false;
    w.scenario.succession.sparseToForestPerYear = 1.0;
    w.scenario.succession.shrublandToSparsePerYear = 1.0;
    Simulation sim(w.scenario, test::species(), w.state, ThreadRunner(1, 1));
    sim.start();
    for (int year = 2008; year <= 2012; ++year) EXPECT_DOUBLE_EQ(sim.step(year).provinceFlows[kNaturalToForestHa], 0.0);
    EXPECT_EQ(w.count(sim, LandClass::SparseForest), 200);
}

// Other shrubland becomes sparse forest (not tree forest): a young stand of
// the region's commonest forest species at the table's volume, at the first
// age its curve reaches it; it is not forest stock.
TEST(RulesSuccession, ShrublandBecomesSparseForestWithAYoungStandOnTheLocalCurve) {
    World w(1001, LandClass::Shrubland);
    for (int i = 1; i < 1001; ++i) w.state.site[i] = static_cast<uint8_t>(i % 3);
    w.scenario.succession.shrublandToSparsePerYear = 0.2;
    w.scenario.succession.shrublandStartVolumeM3PerHa = 5.0;
    Simulation sim(w.scenario, test::species(), w.state, ThreadRunner(1, 1));
    sim.start();
    const YearRecord r = sim.step(2008);
    const int sparse = w.count(sim, LandClass::SparseForest);
    EXPECT_NEAR(sparse, 200, fourSd(1000, 0.2));  // 200 ± 51
    EXPECT_DOUBLE_EQ(r.provinceFlows[kNaturalToSparseHa], sparse * 100.0);
    EXPECT_DOUBLE_EQ(r.provinceFlows[kReclassM3], 0.0);
    EXPECT_DOUBLE_EQ(r.provinceFlows[kNaturalToForestHa], 0.0);
    EXPECT_DOUBLE_EQ(r.totals.province[kForestAreaHa], 100.0);
    EXPECT_NEAR(r.totals.province[kLivingStockM3], 100.0 * 100.0 + sparse * 5.0 * 100.0, 1e-6);
    for (int site = 0; site < 3; ++site) {
        int age = 0;
        while (curve(kPine, site, age) < 5.0) ++age;  // the first age on the curve at 5 m³/ha
        for (std::size_t i = 1; i < sim.state().cellCount(); ++i) {
            if (sim.state().site[i] != site || sim.state().landClass[i] != LandClass::SparseForest) continue;
            EXPECT_EQ(sim.state().species[i], idx(kPine));
            EXPECT_FLOAT_EQ(sim.state().volume[i], 5.0f);
            EXPECT_EQ(sim.state().age[i], std::max(1, age)) << "site " << site;
        }
    }
}

// A closure with a rate: no land is forest before its years are up; from
// then a share of what is still closed becomes forest each year. At rate 1
// (a programme's own closure_years) all of it becomes forest at once.
TEST(RulesSuccession, ClosedLandBecomesForestAtItsRateOnceItsYearsAreUp) {
    for (double rate : {0.5, 1.0}) {
        World w(1001, LandClass::Shrubland);
        auto& p = test::addProgramme(w.scenario, ProgrammeKind::Closure, 2008, 2008);
        p.areaHaPerYear = 1000 * 100.0;
        p.eligible.landClasses = {LandClass::Shrubland};
        p.species = SpeciesChoice{true, "local", "test"};
        p.startVolumeM3PerHa = 10;
        p.yearsToForest = 2;
        p.becomesForestPerYear = rate;
        Simulation sim(w.scenario, test::species(), w.state, ThreadRunner(1, 1));
        sim.start();
        sim.step(2008);
        sim.step(2009);
        EXPECT_EQ(w.count(sim, LandClass::Forest), 0) << rate;
        for (int year = 2010; year <= 2012; ++year) {
            sim.step(year);
            const double forestShare = 1 - std::pow(1 - rate, year - 2009);
            EXPECT_NEAR(w.count(sim, LandClass::Forest), 1000 * forestShare, fourSd(1000, forestShare))
                << rate << " " << year;
        }
    }
}

// The loader: with [succession], a closure that gives no closure_years takes
// the table's years and rate; one that gives them keeps its fixed delay.
TEST(RulesSuccession, AClosuresOwnClosureYearsKeepTheFixedDelay) {
    test::SyntheticInputs in("succession");
    const auto file = in.write();
    std::ofstream(file, std::ios::app)
        << "\n[succession]\nclosed_to_forest_per_year = 0.25\nclosed_min_years = 4\nsparse_to_forest_per_year = 0.02\n"
        << "[[programmes]]\nname = \"a\"\nkind = \"closure\"\nyears = [2008, 2010]\narea_ha_per_year = 100\n"
        << "[[programmes]]\nname = \"b\"\nkind = \"closure\"\nyears = [2008, 2010]\narea_ha_per_year = 100\n"
        << "closure_years = 7\n";
    const Scenario s = loadScenario(file, programmeKinds());
    EXPECT_TRUE(s.succession.on);
    EXPECT_DOUBLE_EQ(s.succession.sparseToForestPerYear, 0.02);
    EXPECT_DOUBLE_EQ(s.succession.shrublandToSparsePerYear, 0.01);  // the default
    EXPECT_EQ(s.programmes[0].yearsToForest, 4);
    EXPECT_DOUBLE_EQ(s.programmes[0].becomesForestPerYear, 0.25);
    EXPECT_EQ(s.programmes[1].yearsToForest, 7);
    EXPECT_DOUBLE_EQ(s.programmes[1].becomesForestPerYear, 1.0);
}

TEST(RulesSuccession, AnUnknownKeyOfTheTableIsNamedWithTheKeysAllowed) {
    test::SyntheticInputs in("succession-bad");
    const auto file = in.write();
    std::ofstream(file, std::ios::app) << "\n[succession]\nsparse_to_forest_per_yr = 0.02\n";
    try {
        loadScenario(file, programmeKinds());
        FAIL() << "an unknown key must be refused";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("sparse_to_forest_per_yr"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("sparse_to_forest_per_year"), std::string::npos) << e.what();
    }
}

// Construction takes exactly its area a year from the eligible land (by
// default any forestry land, never non-forest land), turns it into
// non-forest land, and its stock leaves the ledger as construction_m3.
TEST(RulesSuccession, ConstructionTakesExactlyItsAreaAndItsStockIsANamedLossOfABalancedLedger) {
    World w(21, LandClass::Forest);
    for (int i = 0; i < 21; ++i) w.setStand(i, 100.0f);
    for (int i = 11; i < 16; ++i) w.state.landClass[i] = LandClass::SparseForest;
    for (int i = 16; i < 21; ++i) w.state.landClass[i] = LandClass::NonForest, w.state.species[i] = kNoSpecies,
                                  w.state.volume[i] = 0.0f;
    w.scenario.succession.on = false;
    auto& p = test::addProgramme(w.scenario, ProgrammeKind::Construction, 2008, 2010);
    p.areaHaPerYear = 500;
    programmeKind(ProgrammeKind::Construction).setDefaults(p);
    EXPECT_EQ(p.eligible.landClasses.size(), 7u) << "every forestry-land class";
    Simulation sim(w.scenario, test::species(), w.state, ThreadRunner(1, 1));
    double stock = sim.start().totals.province[kStockM3];
    const float carbonPerHa = static_cast<float>(std::max(0.0f, sim.biomass().a[idx(kPine)] + sim.biomass().b[idx(kPine)] * 100.0f) *
                                                 static_cast<double>(sim.biomass().carbonFraction[idx(kPine)]));
    int nonForest = 5, forestTakenBefore = 0;
    for (int year = 2008; year <= 2010; ++year) {
        const YearRecord r = sim.step(year);
        int forestTaken = 0, taken = 0;
        for (int i = 0; i < 21; ++i)
            if (sim.state().landClass[i] == LandClass::NonForest && sim.state().treatment[i] != kNoTreatment) ++taken;
        for (int i = 0; i < 16; ++i)
            forestTaken += sim.state().landClass[i] == LandClass::NonForest && w.state.landClass[i] == LandClass::Forest;
        EXPECT_EQ(taken, 5 * (year - 2007)) << year;
        EXPECT_DOUBLE_EQ(r.provinceFlows[kConstructionHa], 500.0) << year;
        // Every stand taken held 100 m³/ha; only tree forest's is forest stock.
        const int forestNow = forestTaken - forestTakenBefore;
        forestTakenBefore = forestTaken;
        EXPECT_NEAR(r.provinceFlows[kConstructionM3], forestNow * 100.0 * 100.0, 1e-6) << year;
        EXPECT_NEAR(r.provinceFlows[kConstructionCarbonT], 5 * 100.0 * carbonPerHa, 1e-3) << year;
        EXPECT_NEAR(r.totals.province[kStockM3], stock - r.provinceFlows[kConstructionM3], 1e-6) << year;
        EXPECT_DOUBLE_EQ(r.provinceFlows[kLossM3], 0.0);
        EXPECT_DOUBLE_EQ(r.provinceFlows[kReclassM3], 0.0);
        stock = r.totals.province[kStockM3];
        nonForest += 5;
        EXPECT_DOUBLE_EQ(r.totals.province[kForestryLandHa], 100.0 * (21 - nonForest)) << year;
    }
    for (int i = 0; i < 21; ++i)
        if (sim.state().landClass[i] == LandClass::NonForest) {
            EXPECT_EQ(sim.state().species[i], kNoSpecies);
            EXPECT_FLOAT_EQ(sim.state().volume[i], 0.0f);
        }
}

TEST(RulesSuccession, ConstructionStopsWhenTheEligibleLandRunsOutAndReportsTheShortfall) {
    World w(11, LandClass::Forest);
    for (int i = 0; i < 11; ++i) w.setStand(i, 80.0f);
    auto& p = test::addProgramme(w.scenario, ProgrammeKind::Construction, 2008, 2008);
    p.areaHaPerYear = 2000;
    p.eligible.landClasses = {LandClass::Forest};
    Simulation sim(w.scenario, test::species(), w.state, ThreadRunner(1, 1));
    const double stock = sim.start().totals.province[kStockM3];
    const YearRecord r = sim.step(2008);
    EXPECT_DOUBLE_EQ(r.provinceFlows[kConstructionHa], 1100.0);
    EXPECT_NEAR(r.provinceFlows[kConstructionM3], stock, 1e-6);
    EXPECT_DOUBLE_EQ(r.totals.province[kStockM3], 0.0);
    ASSERT_EQ(r.programmes.size(), 1u);
    EXPECT_EQ(r.programmes[0].need[0] - r.programmes[0].taken[0], 900 * 10000);  // m²
}

// The draws are keyed on the grid cell, not the state index or the thread:
// 1 and 2 threads, other tile rows, and the grid split into 2 bands give the
// same years to the bit.
TEST(RulesSuccession, SameOnOneAndTwoThreadsAndInBands) {
    Scenario scenario;
    scenario.startYear = 2007;
    scenario.endYear = 2016;
    scenario.seed = 9;
    scenario.forestClasses = {LandClass::Forest};
    scenario.succession.on = true;
    scenario.succession.sparseToForestPerYear = 0.15;
    scenario.succession.shrublandToSparsePerYear = 0.1;
    CellState s;
    Grid g;
    g.cols = 9, g.rows = 8;
    s.allocate(g);
    s.cellAreaHa.assign(static_cast<std::size_t>(g.rows), 100.0);
    s.regions = {{1, "zone"}};
    for (std::size_t i = 0; i < s.cellCount(); ++i) {
        s.region[i] = 1;
        s.site[i] = static_cast<uint8_t>(i % 3);
        s.landClass[i] = i % 3 == 0 ? LandClass::SparseForest : i % 3 == 1 ? LandClass::Shrubland : LandClass::Forest;
        if (s.landClass[i] != LandClass::Shrubland) {
            s.species[i] = static_cast<uint8_t>(idx(kPine));
            s.age[i] = static_cast<uint16_t>(10 + i);
            s.volume[i] = static_cast<float>(20 + i);
        }
    }
    auto& closure = test::addProgramme(scenario, ProgrammeKind::Closure, 2008, 2009);
    closure.areaHaPerYear = 500;
    closure.eligible.landClasses = {LandClass::Shrubland};
    closure.species = SpeciesChoice{true, "local", "test"};
    closure.startVolumeM3PerHa = 10;
    closure.yearsToForest = 2;
    closure.becomesForestPerYear = 0.4;
    auto& construction = test::addProgramme(scenario, ProgrammeKind::Construction, 2008, 2016);
    construction.areaHaPerYear = 200;
    programmeKind(ProgrammeKind::Construction).setDefaults(construction);
    auto run = [&](int threads, int tileRows) {
        Simulation sim(scenario, test::species(), s, ThreadRunner(threads, tileRows));
        return runAllYears(sim, scenario);
    };
    const auto one = run(1, 1), two = run(2, 3);
    test::expectSameYears(one, two);
    double natural = 0, sparse = 0, construct = 0;
    for (std::size_t y = 0; y < one.size(); ++y) {
        natural += one[y].provinceFlows[kNaturalToForestHa];
        sparse += one[y].provinceFlows[kNaturalToSparseHa];
        construct += one[y].provinceFlows[kConstructionM3];
    }
    EXPECT_GT(natural, 0.0) << "the grid must see each transition for the comparison to test it";
    EXPECT_GT(sparse, 0.0);
    EXPECT_GT(construct, 0.0);
    test::expectBandsGiveOneRunsYears(scenario, test::species(), s, one);
}

}  // namespace
}  // namespace forestsink
