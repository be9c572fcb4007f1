// Accounting rules, one test per rule: biomass M = a + b·V, above-ground
// M/(1+RSR), carbon CF·M, CO2e = 44/12·(tree carbon + sink carbon), forest
// area over forest_classes and coverage over coverage_classes. Parameters are
// read from the species table; the arithmetic is done here. Then the carbon
// pools (RulesPools): above and below ground, dead wood and litter as ratios
// of above-ground carbon, soil moving to a new equilibrium over 20 years after
// a change of land use, harvested wood products by IPCC 2019 eq. 12.1, and the
// scenario's choice of pools.
#include "RowOfCells.h"
#include "CsvTable.h"
#include "SyntheticInputs.h"
#include "YunnanSpecies.h"

#include "common/Error.h"
#include "report/SummaryTable.h"
#include "scenarios/Scenario.h"
#include "sim/Accounting.h"
#include "sim/CellState.h"
#include "sim/Simulation.h"
#include "sim/SlowPools.h"
#include "sim/programmes/ProgrammeKinds.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cmath>
#include <fstream>

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
    scenario.forestClasses = {LandClass::Forest};
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

// The inventory's definitions on one cell of each class (100 ha each): forest
// area = tree forest + bamboo + special shrubland; coverage by the current
// standard = forest area ÷ land area, by the pre-2003 standard also counting
// other shrubland; forestry land = every class but non-forest; forest stock is
// the volume of tree forest, living stock the volume everywhere; bamboo adds
// its fixed biomass and no volume.
TEST(RulesAccounting, InventoryClassesMakeForestAreaBothCoverageSeriesAndForestryLand) {
    Scenario scenario;  // the default forest classes: the inventory's
    scenario.startYear = 2007;
    scenario.endYear = 2008;
    CellState s;
    Grid g;
    g.cols = 10;
    g.rows = 1;
    s.allocate(g);
    s.cellAreaHa = {100.0};
    s.regions = {{1, "zone"}};
    // Two non-forest cells and one of each other class: forestry land tells them apart.
    const LandClass classes[] = {LandClass::Forest,       LandClass::Bamboo,       LandClass::SpecialShrubland,
                                 LandClass::Shrubland,    LandClass::SparseForest, LandClass::UnclosedPlantation,
                                 LandClass::Barren,       LandClass::NonForest,    LandClass::NonForest,
                                 LandClass::Outside};
    for (int i = 0; i < 10; ++i) {
        s.landClass[i] = classes[i];
        s.region[i] = 1;
    }
    for (int i : {0, 4}) {
        s.species[i] = static_cast<uint8_t>(idx(1));
        s.age[i] = 300;  // no growth
        s.volume[i] = i == 0 ? 120.0f : 30.0f;
    }
    Simulation sim(scenario, species(), s, ThreadRunner(1, 1));
    const Totals t = sim.start().totals.province;
    EXPECT_DOUBLE_EQ(t[kAreaHa], 900.0);                 // the outside cell is not study area
    EXPECT_DOUBLE_EQ(t[kForestAreaHa], 300.0);           // tree forest + bamboo + special shrubland
    EXPECT_DOUBLE_EQ(t[kPre2003CoverageAreaHa], 400.0);  // and other shrubland
    EXPECT_DOUBLE_EQ(coverageCurrentPct(t), 100.0 * 300 / 900);
    EXPECT_DOUBLE_EQ(coveragePre2003Pct(t), 100.0 * 400 / 900);
    EXPECT_DOUBLE_EQ(t[kForestryLandHa], 700.0);         // all but non-forest: un-closed and barren count
    EXPECT_DOUBLE_EQ(t[kStockM3], 120.0 * 100);          // bamboo and special shrubland hold no volume
    // The un-closed plantation got a young planted stand (sim/Plantations.h), living stock but not forest stock.
    const double planted = sim.state().volume[5];
    EXPECT_GT(planted, 0.0);
    EXPECT_NEAR(t[kLivingStockM3], (120.0 + 30.0 + planted) * 100, 1e-6);
    // Biomass: the three stands' lines, and bamboo's 60 t/ha on its 100 ha.
    const SpeciesGroup& sp = species().group(idx(1));
    const double stands = (sp.biomassA + sp.biomassB * 120.0) * 100 + (sp.biomassA + sp.biomassB * 30.0) * 100 +
                          (sp.biomassA + sp.biomassB * planted) * 100;
    EXPECT_NEAR(t[kBiomassT], stands + 60.0 * 100, 1e-3);
    EXPECT_NEAR(t[kTreeCarbonT], stands * sp.carbonFraction + 0.5 * 60.0 * 100, 1e-3);
    EXPECT_NEAR(t[kAboveBiomassT] - stands / (1 + sp.rootShoot), 0.75 * 60.0 * 100, 1e-3);
}

// The series by hand on a row of four 25 ha cells with a different mix:
// tree forest, special shrubland, two other shrubland → forest 50 ha of 100
// (50 %), pre-2003 100 % (all four cells).
TEST(RulesAccounting, CoverageSeriesOnASecondGrid) {
    Scenario scenario;
    scenario.startYear = 2007;
    scenario.endYear = 2008;
    CellState s;
    Grid g;
    g.cols = 4;
    g.rows = 1;
    s.allocate(g);
    s.cellAreaHa = {25.0};
    s.regions = {{1, "zone"}};
    const LandClass classes[] = {LandClass::Forest, LandClass::SpecialShrubland, LandClass::Shrubland,
                                 LandClass::Shrubland};
    for (int i = 0; i < 4; ++i) s.landClass[i] = classes[i], s.region[i] = 1;
    Simulation sim(scenario, species(), s, ThreadRunner(1, 1));
    const Totals t = sim.start().totals.province;
    EXPECT_DOUBLE_EQ(t[kForestAreaHa], 50.0);
    EXPECT_DOUBLE_EQ(coverageCurrentPct(t), 50.0);
    EXPECT_DOUBLE_EQ(coveragePre2003Pct(t), 100.0);
    EXPECT_DOUBLE_EQ(metricOf(t, TargetMetric::CoverageCurrentPct), 50.0);
    EXPECT_DOUBLE_EQ(metricOf(t, TargetMetric::CoveragePre2003Pct), 100.0);
}

// Planting makes an un-closed plantation: forestry land, not forest, until its
// years are up; then tree forest, and its volume enters the forest stock.
TEST(RulesAccounting, PlantedLandIsAnUnclosedPlantationUntilItBecomesForest) {
    Scenario scenario;
    scenario.startYear = 2010;
    scenario.endYear = 2014;
    CellState s = oneStand(1, 0.0f, LandClass::Barren);
    s.species[0] = kNoSpecies;
    auto& p = test::addProgramme(scenario, ProgrammeKind::Afforestation, 2011, 2011);
    p.areaHaPerYear = 50.0;
    p.eligible.landClasses = {LandClass::Barren};
    p.species = SpeciesChoice{false, "Eucalyptus", "test"};
    p.stocking = 1.0;
    p.yearsToForest = 2;
    Simulation sim(scenario, species(), s, ThreadRunner(1, 1));
    sim.start();
    const YearRecord y2011 = sim.step(2011);
    EXPECT_EQ(sim.state().landClass[0], LandClass::UnclosedPlantation);
    EXPECT_DOUBLE_EQ(y2011.totals.province[kForestAreaHa], 0.0);
    EXPECT_DOUBLE_EQ(y2011.totals.province[kForestryLandHa], 50.0);
    sim.step(2012);
    const YearRecord y2013 = sim.step(2013);
    EXPECT_EQ(sim.state().landClass[0], LandClass::Forest);
    EXPECT_DOUBLE_EQ(y2013.totals.province[kForestAreaHa], 50.0);
}

// Sparse forest counted as forest when the scenario says so.
TEST(RulesAccounting, ForestClassesOfTheScenarioDecideForestAreaAndStock) {
    Scenario scenario;
    scenario.startYear = 2007;
    scenario.endYear = 2008;
    scenario.forestClasses = {LandClass::Forest, LandClass::SparseForest};
    CellState s = oneStand(1, 30.0f, LandClass::SparseForest);
    s.age[0] = 300;
    Simulation sim(scenario, species(), s, ThreadRunner(1, 1));
    const Totals t = sim.start().totals.province;
    EXPECT_DOUBLE_EQ(t[kForestAreaHa], 50.0);
    EXPECT_DOUBLE_EQ(t[kStockM3], 30.0 * 50);
}


// --- carbon pools -------------------------------------------------------------

constexpr unsigned kCellPools = kTreeBiomassPools | poolBit(CarbonPool::DeadWood) | poolBit(CarbonPool::Litter) |
                                poolBit(CarbonPool::Soil);
constexpr unsigned kAllPools = kCellPools | poolBit(CarbonPool::Hwp);

// Pool parameters with round numbers, so that the sums below are easy to follow.
CarbonSpec poolParameters(unsigned pools) {
    CarbonSpec c;
    c.pools = pools;
    c.deadWoodRatio = 0.05;
    c.litterRatio = 0.14;
    c.soilTPerHa[static_cast<int>(LandClass::Forest)] = 60;
    c.soilTPerHa[static_cast<int>(LandClass::SparseForest)] = 55;
    c.soilTPerHa[static_cast<int>(LandClass::Shrubland)] = 50;
    c.soilTPerHa[static_cast<int>(LandClass::Barren)] = 40;
    c.soilTPerHa[static_cast<int>(LandClass::NonForest)] = 35;
    c.hwpCarbonTPerM3 = 0.25;
    c.productShare = {0.3, 0.2, 0.1};
    return c;
}

Totals totalsWithPools(const CellState& s, unsigned pools) {
    AccountingRules rules = forestOnlyRules();
    rules.carbon = poolParameters(pools);
    return accountYear(2010, s, BiomassParameters(species()), rules, ThreadRunner(1, 1)).province;
}

double treeCarbon(int code, double v, double ha) {
    return group(code).carbonFraction * (group(code).biomassA + group(code).biomassB * v) * ha;
}

TEST(RulesPools, AboveAndBelowGroundCarbonSplitTreeCarbonByTheRootShootRatio) {
    const Totals t = totalsWithPools(oneStand(2, 80.0f), kTreeBiomassPools);  // Simao pine, RSR 0.2436
    const double tree = treeCarbon(2, 80.0, 50);
    const double rsr = group(2).rootShoot;
    EXPECT_NEAR(t[kAboveCarbonT], tree / (1 + rsr), tree * 1e-6);
    EXPECT_NEAR(t[kBelowCarbonT], tree * rsr / (1 + rsr), tree * 1e-6);
    EXPECT_NEAR(t[kCarbonT], tree, tree * 1e-6);
}

TEST(RulesPools, DeadWoodAndLitterAreTheirRatiosOfAboveGroundCarbon) {
    const Totals t = totalsWithPools(oneStand(4, 120.0f), kTreeBiomassPools | poolBit(CarbonPool::DeadWood) |
                                                              poolBit(CarbonPool::Litter));
    const double tree = treeCarbon(4, 120.0, 50);
    const double above = tree / (1 + group(4).rootShoot);
    EXPECT_NEAR(t[kDeadWoodCarbonT], 0.05 * above, above * 1e-6);
    EXPECT_NEAR(t[kLitterCarbonT], 0.14 * above, above * 1e-6);
    EXPECT_NEAR(t[kCarbonT], tree + 0.19 * above, tree * 1e-6);
    EXPECT_NEAR(co2eOfTotals(t), 44.0 / 12.0 * (tree + 0.19 * above), tree * 1e-5);
}

// A state in equilibrium holds the soil carbon of each cell's land use:
// here a forest stand, a barren cell and a planted barren cell (forest land
// from planting, before its canopy closes).
TEST(RulesPools, SoilCarbonIsTheDensityOfEachCellsLandUse) {
    CellState s = oneStand(1, 100.0f);
    Grid g;
    g.cols = 3;
    g.rows = 1;
    CellState three;
    three.allocate(g);
    three.cellAreaHa = {50.0};
    three.regions = s.regions;
    for (int i = 0; i < 3; ++i) three.region[i] = 1;
    three.landClass[0] = LandClass::Forest;
    three.species[0] = static_cast<uint8_t>(idx(1));
    three.volume[0] = 100;
    three.landClass[1] = three.landClass[2] = LandClass::Barren;
    three.species[2] = static_cast<uint8_t>(idx(5));  // planted, volume 0 at age 0
    const Totals t = totalsWithPools(three, poolBit(CarbonPool::Soil));
    EXPECT_DOUBLE_EQ(t[kSoilCarbonT], (60 + 40 + 60) * 50.0);
    EXPECT_DOUBLE_EQ(t[kCarbonT], (60 + 40 + 60) * 50.0);  // the only pool chosen
}

// Pools not chosen add nothing, whatever their parameters: with above-ground
// carbon only, carbon and CO2e are above-ground carbon; by default they are
// tree biomass carbon.
TEST(RulesPools, APoolNotChosenAddsNothing) {
    const double tree = treeCarbon(4, 120.0, 50);
    const double above = tree / (1 + group(4).rootShoot);
    const Totals only = totalsWithPools(oneStand(4, 120.0f), poolBit(CarbonPool::AboveGround));
    EXPECT_NEAR(only[kCarbonT], above, above * 1e-6);
    EXPECT_NEAR(co2eOfTotals(only), 44.0 / 12.0 * above, above * 1e-5);
    for (Metric m : {kDeadWoodCarbonT, kLitterCarbonT, kSoilCarbonT, kHwpCarbonT}) EXPECT_EQ(only[m], 0.0) << m;
    const Totals byDefault = totalsWithPools(oneStand(4, 120.0f), kTreeBiomassPools);
    EXPECT_NEAR(byDefault[kCarbonT], tree, tree * 1e-6);
    EXPECT_NEAR(co2eOfTotals(byDefault), 44.0 / 12.0 * tree, tree * 1e-5);
}

// A one-region world of `n` cells of 100 ha for runs of the simulation.
struct PoolWorld {
    Scenario scenario;
    CellState state;
    explicit PoolWorld(int n, unsigned pools) {
        scenario.startYear = 2007;
        scenario.endYear = 2040;
        scenario.seed = 3;
        scenario.forestClasses = {LandClass::Forest};
        scenario.carbon = poolParameters(pools);
        test::allocateRowOfCells(state, n);
        for (int i = 0; i < n; ++i) {
            state.landClass[i] = LandClass::Forest;
            state.species[i] = static_cast<uint8_t>(idx(1));
            state.region[i] = 1;
            state.age[i] = 300;  // past the last tabulated age: no growth
            state.volume[i] = 200;
        }
    }
    ProgrammeSpec& add(ProgrammeKind kind, int first, int last) { return test::addProgramme(scenario, kind, first, last); }
    // Harvest of one cell's volume (200 m³/ha × 100 ha) a year.
    void harvestOneCellAYear(int first, int last) {
        auto& h = add(ProgrammeKind::Harvest, first, last);
        h.volumeM3PerYear = 200 * 100.0;
        h.eligible.landClasses = {LandClass::Forest};
        h.eligible.minAge = 100;
        h.eligible.maxAge = 65535;
        h.priority = PriorityRule::Oldest;
    }
};

// Afforestation of barren land (40 t C/ha) in 2008: the soil moves to the
// forest's 60 t C/ha by 1/20 of the difference a year, from the year of
// planting, and stays there after 20 years (IPCC Tier 1 default transition).
TEST(RulesPools, SoilCarbonMovesToTheForestValueOverTwentyYearsAfterAfforestation) {
    PoolWorld w(2, poolBit(CarbonPool::Soil));
    w.state.landClass[1] = LandClass::Barren;
    w.state.species[1] = kNoSpecies;
    w.state.age[1] = 0;
    w.state.volume[1] = 0;
    auto& p = w.add(ProgrammeKind::Afforestation, 2008, 2008);
    p.areaHaPerYear = 100;
    p.species = SpeciesChoice{false, "Eucalyptus", "test"};
    p.stocking = 0.7;
    p.yearsToForest = 5;
    p.eligible.landClasses = {LandClass::Barren};
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    EXPECT_DOUBLE_EQ(sim.start().totals.province[kSoilCarbonT], (60 + 40) * 100.0);
    for (int year = 2008; year <= 2035; ++year) {
        const YearRecord r = sim.step(year);
        const double realised = std::min(1.0, (year - 2007) / 20.0);
        EXPECT_NEAR(r.totals.province[kSoilCarbonT], 10000 + 2000 * realised, 1e-6) << year;
        EXPECT_NEAR(r.provinceFlows[kSoilChangeC], year <= 2027 ? 100.0 : 0.0, 1e-9) << year;
    }
}

// IPCC 2019 Refinement eq. 12.1, C(i+1) = e^−k·C(i) + (1 − e^−k)/k·inflow(i),
// against its closed forms: after an inflow I in year 1 only, a class holds
// I·(1 − e^−k)/k·e^−k(n−1) after n years; with I every year, I/k·(1 − e^−kn).
TEST(RulesPools, WoodProductsDecayByTheClosedFormOfEquation12_1) {
    const CarbonSpec spec = poolParameters(poolBit(CarbonPool::Hwp));
    for (bool everyYear : {false, true}) {
        SlowPools pools(spec, 1);
        YearTotals t;
        t.pools = spec.pools;
        t.byRegion.assign(1, Totals{});
        pools.start(t);
        std::vector<std::vector<double>> flows(1, std::vector<double>(kFlowCount, 0.0));
        double before = 0;
        for (int n = 1; n <= 40; ++n) {
            const double m3 = n == 1 || everyYear ? 1000.0 : 0.0;
            pools.step(t, {m3}, flows);
            double expected = 0;
            for (int c = 0; c < kProductClassCount; ++c) {
                const double inflow = 1000 * 0.25 * spec.productShare[c];
                const double k = std::log(2.0) / std::array{35.0, 25.0, 2.0}[c];
                expected += everyYear ? inflow / k * (1 - std::exp(-k * n))
                                      : inflow * (1 - std::exp(-k)) / k * std::exp(-k * (n - 1));
            }
            EXPECT_NEAR(t.province[kHwpCarbonT], expected, 1e-9) << n;
            EXPECT_NEAR(t.province[kCarbonT], expected, 1e-9) << n;
            EXPECT_NEAR(flows[0][kHwpInflowC], m3 * 0.25 * 0.6, 1e-9) << n;
            EXPECT_NEAR(flows[0][kHwpDecayC], before + flows[0][kHwpInflowC] - expected, 1e-9) << n;
            before = expected;
        }
    }
}

// The harvest's volume feeds the products: 20,000 m³ × 0.25 t C/m³ × (0.3 +
// 0.2 + 0.1) enter them in 2008, and CO2e counts what is left of them.
TEST(RulesPools, HarvestedVolumeFeedsWoodProductsAndCo2eCountsThem) {
    PoolWorld w(3, kTreeBiomassPools | poolBit(CarbonPool::Hwp));
    w.harvestOneCellAYear(2008, 2008);
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    const YearRecord r = sim.step(2008);
    const Totals& t = r.totals.province;
    EXPECT_NEAR(r.provinceFlows[kHarvestM3], 20000, 1e-6);
    EXPECT_NEAR(r.provinceFlows[kHwpInflowC], 20000 * 0.25 * 0.6, 1e-6);
    double kept = 0;
    for (int c = 0; c < kProductClassCount; ++c) {
        const double k = std::log(2.0) / std::array{35.0, 25.0, 2.0}[c];
        kept += 20000 * 0.25 * w.scenario.carbon.productShare[c] * (1 - std::exp(-k)) / k;
    }
    EXPECT_NEAR(t[kHwpCarbonT], kept, 1e-6);
    EXPECT_NEAR(t[kCarbonT], t[kTreeCarbonT] + kept, 1e-6);
    EXPECT_NEAR(co2eOfTotals(t), 44.0 / 12.0 * (t[kTreeCarbonT] + kept), 1e-5);
}

// With the same harvest and the HWP parameters given but the pool not chosen,
// nothing enters it and CO2e is tree carbon.
TEST(RulesPools, WoodProductsNotChosenReceiveNothing) {
    PoolWorld w(3, kTreeBiomassPools);
    w.harvestOneCellAYear(2008, 2008);
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    const YearRecord r = sim.step(2008);
    EXPECT_EQ(r.provinceFlows[kHwpInflowC], 0.0);
    EXPECT_EQ(r.totals.province[kHwpCarbonT], 0.0);
    EXPECT_DOUBLE_EQ(r.totals.province[kCarbonT], r.totals.province[kTreeCarbonT]);
}

// Every pool, a planting programme and a harvest every year: each year the
// soil and product pools move by their flows, and carbon is the sum of the pools.
TEST(RulesPools, TheLedgerBalancesEveryYearWithPoolsAndDecay) {
    PoolWorld w(30, kAllPools);
    for (int i = 20; i < 30; ++i) {
        w.state.landClass[i] = LandClass::Barren;
        w.state.species[i] = kNoSpecies;
        w.state.age[i] = 0;
        w.state.volume[i] = 0;
    }
    auto& p = w.add(ProgrammeKind::Afforestation, 2008, 2012);
    p.areaHaPerYear = 200;
    p.species = SpeciesChoice{false, "Chinese fir", "test"};
    p.stocking = 0.7;
    p.yearsToForest = 5;
    p.eligible.landClasses = {LandClass::Barren};
    w.harvestOneCellAYear(2008, 2020);
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    YearRecord last = sim.start();
    for (int year = 2008; year <= 2040; ++year) {
        const YearRecord r = sim.step(year);
        const Totals& t = r.totals.province;
        const auto& f = r.provinceFlows;
        EXPECT_NEAR(t[kSoilCarbonT], last.totals.province[kSoilCarbonT] + f[kSoilChangeC], 1e-6) << year;
        EXPECT_NEAR(t[kHwpCarbonT], last.totals.province[kHwpCarbonT] + f[kHwpInflowC] - f[kHwpDecayC], 1e-6) << year;
        EXPECT_NEAR(t[kCarbonT],
                    t[kAboveCarbonT] + t[kBelowCarbonT] + t[kDeadWoodCarbonT] + t[kLitterCarbonT] + t[kSoilCarbonT] +
                        t[kHwpCarbonT],
                    1e-6 * t[kCarbonT])
            << year;
        EXPECT_GT(f[kHwpDecayC], 0.0) << year;
        EXPECT_LE(r.carbonBalanceError, 1e-6) << year;
        last = r;
    }
    // 200 ha planted a year for 5 years, each moving 20 t C/ha over 20 years.
    EXPECT_NEAR(last.totals.province[kSoilCarbonT], (20 * 60 + 10 * 60) * 100.0, 1e-6);
}

// summary.csv shows a column for each chosen pool (carbon_t is their sum) and
// leaves the columns of the others empty.
TEST(RulesPools, SummaryShowsTheChosenPoolsAndLeavesTheOthersEmpty) {
    PoolWorld w(3, poolBit(CarbonPool::AboveGround) | poolBit(CarbonPool::Hwp));
    w.harvestOneCellAYear(2008, 2008);
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    const std::vector<YearRecord> years = {sim.start(), sim.step(2008)};
    const auto file = test::freshDir("pools-summary") / "summary.csv";
    writeSummaryCsv(file, years, w.state.regions);
    const auto rows = test::readCsv(file);
    ASSERT_EQ(rows.size(), 4u);  // the region and "all", two years
    const auto& all2008 = rows[3];
    const Totals& t = years[1].totals.province;
    EXPECT_NEAR(std::stod(all2008.at("above_carbon_t")), t[kAboveCarbonT], 1e-3);
    EXPECT_NEAR(std::stod(all2008.at("hwp_carbon_t")), t[kHwpCarbonT], 1e-3);
    EXPECT_NEAR(std::stod(all2008.at("hwp_inflow_t_c")), 20000 * 0.25 * 0.6, 1e-3);
    EXPECT_NEAR(std::stod(all2008.at("carbon_t")), t[kAboveCarbonT] + t[kHwpCarbonT], 1e-3);
    for (const char* empty : {"below_carbon_t", "dead_wood_carbon_t", "litter_carbon_t", "soil_carbon_t", "soil_change_t_c"})
        EXPECT_EQ(all2008.at(empty), "") << empty;
    EXPECT_EQ(rows[1].at("hwp_inflow_t_c"), "");  // no flows in the start year
}

// --- the [carbon] table of a scenario -------------------------------------------

// The synthetic scenario with a [carbon] table of `lines`; `line` gets the line of its first line.
Scenario loadCarbon(const std::string& lines, int* line = nullptr) {
    test::SyntheticInputs in("pools");
    const auto file = in.write();
    std::ifstream read(file);
    int count = 0;
    for (std::string l; std::getline(read, l);) ++count;
    read.close();
    std::ofstream(file, std::ios::app) << "\n[carbon]\n" << lines << "\n";
    if (line) *line = count + 3;
    return loadScenario(file, programmeKinds());
}

std::string loadError(const std::string& lines, int* line = nullptr) {
    try {
        loadCarbon(lines, line);
    } catch (const Error& e) {
        return e.what();
    }
    return "no error";
}

TEST(RulesPools, ByDefaultAScenarioCountsTreeBiomassAboveAndBelowGround) {
    EXPECT_EQ(Scenario().carbon.pools, kTreeBiomassPools);
    const Scenario s = loadCarbon("pools = [\"above_ground\", \"hwp\"]\n[carbon.hwp]\ncarbon_t_per_m3 = 0.229\n"
                                  "share = { sawnwood = 0.3, panels = 0.2, paper = 0.1 }");
    EXPECT_EQ(s.carbon.pools, poolBit(CarbonPool::AboveGround) | poolBit(CarbonPool::Hwp));
    EXPECT_DOUBLE_EQ(s.carbon.hwpCarbonTPerM3, 0.229);
    EXPECT_EQ(s.carbon.halfLifeYears, (std::array{35.0, 25.0, 2.0}));  // IPCC 2019 defaults
}

TEST(RulesPools, AnUnknownPoolIsRefusedWithDidYouMeanAndItsLineAndColumn) {
    int line = 0;
    const std::string e = loadError("pools = [\"above_ground\", \"litterr\"]\nlitter_ratio = 0.1", &line);
    EXPECT_NE(e.find(fmt::format(":{}:26: 'carbon.pools' holds unknown pool 'litterr' (did you mean 'litter'?)", line)),
              std::string::npos)
        << e;
}

TEST(RulesPools, AChosenPoolNeedsItsParametersAndSharesAddUpToAtMostOne) {
    EXPECT_NE(loadError("pools = [\"dead_wood\"]").find("dead_wood_ratio"), std::string::npos);
    const std::string e = loadError("pools = [\"hwp\"]\n[carbon.hwp]\ncarbon_t_per_m3 = 0.229\n"
                                    "share = { sawnwood = 0.6, panels = 0.3, paper = 0.2 }");
    EXPECT_NE(e.find("add up to 1.1"), std::string::npos) << e;
}

}  // namespace
}  // namespace forestsink
