// Accounting rules, one test per rule: biomass M = a + b·V, above-ground
// M/(1+RSR), carbon CF·M, CO2e = 44/12·(tree carbon + sink carbon), forest
// area over forest_classes and coverage over coverage_classes. Parameters are
// read from the species table; the arithmetic is done here.
#include "SyntheticInputs.h"
#include "YunnanSpecies.h"

#include "sim/Accounting.h"
#include "sim/CellState.h"
#include "sim/Simulation.h"

#include <gtest/gtest.h>

namespace forestsink {
namespace {

using test::species;
using test::idx;
using test::group;


// One cell of 50 ha holding a stand of species `code` with volume v.
CellState oneStand(int code, float v, LandClass c = LandClass::Forest) {
    CellState s;
    Grid g;
    g.cols = g.rows = 1;
    s.allocate(g);
    s.cellAreaHa = {50.0};
    s.regions = {{1, "zone"}};
    s.landClass[0] = c;
    s.species[0] = static_cast<uint8_t>(idx(code));
    s.region[0] = 1;
    s.age[0] = 40;
    s.volume[0] = v;
    return s;
}

Totals totalsOf(const CellState& s) {
    return accountYear(2010, s, BiomassParameters(species()), forestOnlyRules(), ThreadRunner(1, 1)).province;
}

TEST(RulesAccounting, BiomassIsAPlusBTimesVolume) {
    const Totals t = totalsOf(oneStand(4, 120.0f));  // Chinese fir
    const double m = group(4).biomassA + group(4).biomassB * 120.0;
    EXPECT_NEAR(t[kBiomassT], m * 50, m * 50 * 1e-6);
}

TEST(RulesAccounting, AnEmptyStandHoldsNoBiomass) {
    const Totals t = totalsOf(oneStand(4, 0.0f));  // the intercept a applies to stands with volume only
    EXPECT_EQ(t[kBiomassT], 0.0);
    EXPECT_EQ(t[kCarbonT], 0.0);
}

TEST(RulesAccounting, AboveGroundBiomassIsBiomassOverOnePlusRootShoot) {
    const Totals t = totalsOf(oneStand(2, 80.0f));  // Simao pine, RSR 0.2436
    const double m = group(2).biomassA + group(2).biomassB * 80.0;
    const double above = m / (1 + group(2).rootShoot) * 50;
    EXPECT_NEAR(t[kAboveBiomassT], above, above * 1e-6);
}

TEST(RulesAccounting, CarbonIsCarbonFractionTimesBiomass) {
    const Totals t = totalsOf(oneStand(1, 150.0f));  // Yunnan pine, CF 0.5047
    const double carbon = group(1).carbonFraction * (group(1).biomassA + group(1).biomassB * 150.0) * 50;
    EXPECT_NEAR(t[kCarbonT], carbon, carbon * 1e-6);
}

// A forest cell and an urban green space made by a conversion with 40 t C/ha:
// CO2e counts both, 44/12 × (tree carbon + sink carbon).
TEST(RulesAccounting, Co2eCountsTreeCarbonAndTheSinkCarbonOfConversions) {
    const SpeciesTable& sp = species();
    Scenario scenario;
    scenario.startYear = 2007;
    scenario.endYear = 2008;
    scenario.forestClasses = scenario.coverageClasses = {LandClass::Forest};
    CellState s;
    Grid g;
    g.cols = 2;
    g.rows = 1;
    s.allocate(g);
    s.cellAreaHa = {100.0};
    s.regions = {{1, "zone"}};
    s.landClass[0] = LandClass::Forest;
    s.species[0] = static_cast<uint8_t>(idx(1));
    s.site[0] = 1;
    s.age[0] = 300;  // past the last tabulated age: no growth, so the carbon is known
    s.volume[0] = 200;
    s.landClass[1] = LandClass::NonForest;
    s.region[0] = s.region[1] = 1;
    ProgrammeSpec p;
    p.name = "urban green";
    p.kind = ProgrammeKind::Conversion;
    p.firstYear = p.lastYear = 2008;
    p.areaHaPerYear = 100;
    p.eligible.landClasses = {LandClass::NonForest};
    p.toClass = LandClass::NonForest;
    p.sinkCarbonTPerHa = 40;
    scenario.programmes = {p};
    Simulation sim(scenario, sp, s, ThreadRunner(1, 1));
    sim.start();
    const Totals t = sim.step(2008).totals.province;
    const double tree = group(1).carbonFraction * (group(1).biomassA + group(1).biomassB * 200.0) * 100;
    const double sink = 40.0 * 100;
    EXPECT_NEAR(t[kCarbonT], tree, tree * 1e-6);
    EXPECT_DOUBLE_EQ(t[kSinkCarbonT], sink);
    EXPECT_NEAR(co2eOfTotals(t), 44.0 / 12.0 * (tree + sink), (tree + sink) * 1e-6);
}

// Forest area counts forest_classes only; coverage counts coverage_classes
// (here forest + shrubland, the pre-2003 standard) over the study area;
// forest stock is volume on forest classes, living stock volume everywhere.
TEST(RulesAccounting, ForestAreaCountsForestClassesAndCoverageCountsCoverageClasses) {
    Scenario scenario;
    scenario.startYear = 2007;
    scenario.endYear = 2008;
    scenario.forestClasses = {LandClass::Forest};
    scenario.coverageClasses = {LandClass::Forest, LandClass::Shrubland};
    CellState s;
    Grid g;
    g.cols = 7;
    g.rows = 1;
    s.allocate(g);
    s.cellAreaHa = {100.0};
    s.regions = {{1, "zone"}};
    // Two barren cells and one non-forest cell, so that counting the wrong one of them shows.
    const LandClass classes[] = {LandClass::Forest, LandClass::Shrubland, LandClass::SparseForest, LandClass::Barren,
                                 LandClass::Barren, LandClass::NonForest, LandClass::Outside};
    for (int i = 0; i < 7; ++i) {
        s.landClass[i] = classes[i];
        s.region[i] = 1;
    }
    for (int i : {0, 2}) {
        s.species[i] = static_cast<uint8_t>(idx(1));
        s.age[i] = 300;  // no growth
        s.volume[i] = i == 0 ? 120.0f : 30.0f;
    }
    Simulation sim(scenario, species(), s, ThreadRunner(1, 1));
    const Totals t = sim.start().totals.province;
    EXPECT_DOUBLE_EQ(t[kAreaHa], 600.0);           // the outside cell is not study area
    EXPECT_DOUBLE_EQ(t[kForestAreaHa], 100.0);     // forest only
    EXPECT_DOUBLE_EQ(t[kCoverageAreaHa], 200.0);   // forest + shrubland
    EXPECT_DOUBLE_EQ(t[kForestryLandHa], 500.0);   // all but non-forest: barren land counts
    EXPECT_DOUBLE_EQ(t[kStockM3], 120.0 * 100);
    EXPECT_DOUBLE_EQ(t[kLivingStockM3], (120.0 + 30.0) * 100);
}

// Sparse forest counted as forest when the scenario says so.
TEST(RulesAccounting, ForestClassesOfTheScenarioDecideForestAreaAndStock) {
    Scenario scenario;
    scenario.startYear = 2007;
    scenario.endYear = 2008;
    scenario.forestClasses = {LandClass::Forest, LandClass::SparseForest};
    scenario.coverageClasses = scenario.forestClasses;
    CellState s = oneStand(1, 30.0f, LandClass::SparseForest);
    s.age[0] = 300;
    Simulation sim(scenario, species(), s, ThreadRunner(1, 1));
    const Totals t = sim.start().totals.province;
    EXPECT_DOUBLE_EQ(t[kForestAreaHa], 50.0);
    EXPECT_DOUBLE_EQ(t[kStockM3], 30.0 * 50);
}

}  // namespace
}  // namespace forestsink
