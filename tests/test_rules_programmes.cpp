// What each programme kind does to a cell, one test per behaviour, on small
// in-memory grids. Expected values come from the curve evaluated here from
// the species parameters and the growth rule of README.md:
//   V(a+1) = V + min(V/C(a)/0.65, 1)·(C(a+1) − C(a))·gain, gain = 1 + growth_gain while it lasts
//   (0.65: the default stocking plateau, species/README.md),
// a new stand (age 0) growing to stocking·C(1) in its first year.
#include "RowOfCells.h"
#include "SyntheticInputs.h"
#include "YunnanSpecies.h"

#include "sim/CellState.h"
#include "sim/Simulation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace forestsink {
namespace {

using test::species;
using test::idx;
using test::curve;

// One year of the growth rule for a stand of `code` on the medium site.
double grown(int code, int age, double v, double gain = 1.0) {
    const double r = std::min(v / curve(code, 1, age) / 0.65, 1.0);
    return v + r * (curve(code, 1, age + 1) - curve(code, 1, age)) * gain;
}

// A row of `n` forest cells of 100 ha: Yunnan pine (code 1), medium site, age 30 on its curve.
struct World {
    Scenario scenario;
    CellState state;
    explicit World(int n) {
        scenario.startYear = 2007;
        scenario.endYear = 2020;
        scenario.seed = 9;
        scenario.forestClasses = {LandClass::Forest};
        test::allocateRowOfCells(state, n);
        for (int i = 0; i < n; ++i) stand(i, 1, 30, curve(1, 1, 30));
    }
    void stand(int i, int code, int age, double volume, LandClass c = LandClass::Forest) {
        state.landClass[i] = c;
        state.species[i] = static_cast<uint8_t>(idx(code));
        state.site[i] = 1;
        state.region[i] = 1;
        state.age[i] = static_cast<uint16_t>(age);
        state.volume[i] = static_cast<float>(volume);
    }
    void treeless(int i, LandClass c) {
        state.landClass[i] = c;
        state.species[i] = kNoSpecies;
        state.age[i] = 0;
        state.volume[i] = 0;
        state.region[i] = 1;
    }
    ProgrammeSpec& add(ProgrammeKind kind, int first, int last) { return test::addProgramme(scenario, kind, first, last); }
    // Afforestation of barren land, `haPerYear` a year, planting eucalyptus.
    ProgrammeSpec& plantBarrenLand(int first, int last, double haPerYear) {
        auto& p = add(ProgrammeKind::Afforestation, first, last);
        p.areaHaPerYear = haPerYear;
        p.species = SpeciesChoice{false, "Eucalyptus", "test"};
        p.eligible.landClasses = {LandClass::Barren};
        return p;
    }
};

constexpr double kTol = 1e-5;  // relative: volumes are floats

TEST(RulesProgrammes, RecoveryRaisesTheIncrementByItsGainForGainYears) {
    World w(2);
    w.state.volume[0] = w.state.volume[1] = static_cast<float>(0.6 * curve(1, 1, 30));  // damaged stands
    w.state.flags[0] = kDamaged;  // only cell 0 is marked
    auto& r = w.add(ProgrammeKind::Recovery, 2008, 2008);
    r.areaHaPerYear = 1000;
    r.eligible.damagedOnly = true;
    r.growthGain = 0.2;
    r.gainYears = 2;
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    double v = w.state.volume[0], plain = w.state.volume[1];
    for (int year = 2008, age = 30; year <= 2010; ++year, ++age) {
        sim.step(year);
        v = grown(1, age, v, year <= 2009 ? 1.2 : 1.0);  // 2008 and 2009 with the gain, then without
        plain = grown(1, age, plain);
        EXPECT_NEAR(sim.state().volume[0], v, v * kTol) << year;
        EXPECT_NEAR(sim.state().volume[1], plain, plain * kTol) << year;
    }
    EXPECT_FALSE(sim.state().flags[0] & kDamaged);
}

TEST(RulesProgrammes, TendingGainEndsAfterItsGainYears) {
    World w(1);
    w.stand(0, 1, 15, curve(1, 1, 15));  // young
    auto& p = w.add(ProgrammeKind::Tending, 2008, 2008);
    p.areaHaPerYear = 100;
    p.eligible.landClasses = {LandClass::Forest};
    p.eligible.ageClasses = {"young", "middle"};
    p.growthGain = 0.15;
    p.gainYears = 3;
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    double v = curve(1, 1, 15);
    for (int year = 2008, age = 15; year <= 2012; ++year, ++age) {
        sim.step(year);
        v = grown(1, age, v, year <= 2010 ? 1.15 : 1.0);  // 2008, 2009, 2010
        EXPECT_NEAR(sim.state().volume[0], v, v * kTol) << year;
    }
}

// Closure of sparse forest: the stand keeps its volume (above the start
// volume) and its species, is put on its curve at the age that volume gives,
// and becomes forest after the closure years.
TEST(RulesProgrammes, MountainClosureKeepsTheStandingVolumeOfTheSparseForestItCloses) {
    World w(3);  // cells 0, 1: forest of Yunnan pine, the local species
    w.stand(2, 8, 40, 60.0, LandClass::SparseForest);  // oak, 60 m³/ha
    auto& p = w.add(ProgrammeKind::Closure, 2008, 2008);
    p.areaHaPerYear = 100;
    p.eligible.landClasses = {LandClass::SparseForest};
    p.species = SpeciesChoice{true, "local", "test"};
    p.yearsToForest = 2;
    p.startVolumeM3PerHa = 10;
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    const YearRecord start = sim.start();
    sim.step(2008);
    int a0 = 0;  // the age at which the oak curve first holds 60 m³/ha
    while (curve(8, 1, a0) < 60.0) ++a0;
    EXPECT_EQ(sim.state().species[2], idx(8));
    EXPECT_EQ(sim.state().age[2], a0 + 1);
    const double expected = grown(8, a0, 60.0);
    EXPECT_NEAR(sim.state().volume[2], expected, expected * kTol);
    EXPECT_EQ(sim.state().landClass[2], LandClass::SparseForest);
    sim.step(2009);
    const YearRecord y2010 = sim.step(2010);
    (void)start;
    EXPECT_EQ(sim.state().landClass[2], LandClass::Forest);  // closed in 2008 + 2 years
    EXPECT_NEAR(y2010.provinceFlows[kReclassM3], sim.state().volume[2] * 100.0, 0.01);
}

TEST(RulesProgrammes, AfforestationPlantsAtAgeZeroAtItsStockingAndBecomesForestAfterYearsToForest) {
    World w(2);
    w.treeless(1, LandClass::Barren);
    auto& p = w.add(ProgrammeKind::Afforestation, 2008, 2008);
    p.areaHaPerYear = 100;
    p.species = SpeciesChoice{false, "Eucalyptus", "test"};
    p.stocking = 0.6;
    p.yearsToForest = 4;
    p.priority = PriorityRule::NearestForest;
    p.eligible.landClasses = {LandClass::Barren};
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    double planted = 0;
    for (int year = 2008; year <= 2013; ++year) {
        const YearRecord r = sim.step(year);
        const int age = year - 2007;
        EXPECT_EQ(sim.state().species[1], idx(5));
        EXPECT_EQ(sim.state().age[1], age) << year;
        planted = age == 1 ? 0.6 * curve(5, 1, 1) : grown(5, age - 1, planted);  // then below the plateau
        EXPECT_NEAR(sim.state().volume[1], planted, curve(5, 1, age) * kTol) << year;
        // An un-closed plantation up to 2011, forest from 2012 (2008 + 4).
        EXPECT_EQ(sim.state().landClass[1], year < 2012 ? LandClass::UnclosedPlantation : LandClass::Forest) << year;
        EXPECT_DOUBLE_EQ(r.totals.province[kForestAreaHa], year < 2012 ? 100.0 : 200.0) << year;
    }
}

// A yearly quota of 250 ha on cells of 100 ha: whole cells take 300 ha the
// first year, and the 50 ha over it are owed back by the next year's need
// (200 ha). Over the years the programme has taken the whole cells nearest
// above its quotas' sum: ceil(250·k / 100) cells after k years, not 3 a year.
TEST(RulesProgrammes, WholeCellsTakenOverAYearlyQuotaAreOwedBackByTheYearsAfter) {
    World w(20);
    for (int i = 0; i < 20; ++i) w.treeless(i, LandClass::Barren);
    w.plantBarrenLand(2008, 2013, 250);
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    int64_t takenSoFar = 0;
    for (int year = 2008; year <= 2013; ++year) {
        const ProgrammeYear py = sim.step(year).programmes.at(0);
        const int years = year - 2007;
        const int64_t cellsSoFar = (250 * years + 99) / 100;
        EXPECT_EQ(py.need[0], (250 * years - takenSoFar / 10000) * 10000) << year;  // m²
        takenSoFar += py.taken[0];
        EXPECT_EQ(takenSoFar, cellsSoFar * 100 * 10000) << year;
    }
}

// What a quota cannot take for want of land is a shortfall, not a debt: two
// eligible cells (200 ha) against 250 ha a year leave the next year's need at
// 250 ha, not 300.
TEST(RulesProgrammes, AYearlyQuotasShortfallIsNotAddedToTheNextYear) {
    World w(4);
    w.treeless(0, LandClass::Barren);
    w.treeless(1, LandClass::Barren);
    w.plantBarrenLand(2008, 2009, 250);
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    const ProgrammeYear first = sim.step(2008).programmes.at(0), second = sim.step(2009).programmes.at(0);
    EXPECT_EQ(first.taken[0], 200 * 10000);
    EXPECT_EQ(second.need[0], 250 * 10000);
    EXPECT_EQ(second.taken[0], 0);
}

// A nearest-forest programme that took every candidate one year skips the
// distances the next, until it has more candidates than it needs: then it
// takes the nearest again. Barren cells 5 and 6 (200 ha) against 300 ha in
// 2008: both taken, whatever their distances. Farmland cleared to barren land
// in 2008 (cells 1–3 and 8–9) gives 500 ha against 300 ha in 2009: the three
// cells nearest the forest of cell 0.
TEST(RulesProgrammes, NearestForestTakesTheNearestAgainOnceItHasMoreCandidatesThanItNeeds) {
    World w(10);
    for (int i = 1; i < 10; ++i) w.treeless(i, LandClass::NonForest);
    w.treeless(5, LandClass::Barren);
    w.treeless(6, LandClass::Barren);
    w.plantBarrenLand(2008, 2009, 300).priority = PriorityRule::NearestForest;
    auto& clear = w.add(ProgrammeKind::Conversion, 2008, 2008);
    clear.areaHaPerYear = 500;
    clear.eligible.landClasses = {LandClass::NonForest};
    clear.toClass = LandClass::Barren;
    for (int i : {4, 7}) w.treeless(i, LandClass::Shrubland);  // not cleared: the conversion takes all five others
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    const ProgrammeYear first = sim.step(2008).programmes.at(0);
    EXPECT_EQ(first.taken[0], 200 * 10000);
    EXPECT_EQ(first.eligible[0], 200 * 10000);
    for (int i : {1, 2, 3, 8, 9}) EXPECT_EQ(sim.state().landClass[i], LandClass::Barren) << i;
    const ProgrammeYear second = sim.step(2009).programmes.at(0);
    EXPECT_EQ(second.eligible[0], 500 * 10000);
    EXPECT_EQ(second.taken[0], 300 * 10000);
    for (int i : {1, 2, 3}) EXPECT_EQ(sim.state().landClass[i], LandClass::UnclosedPlantation) << i;
    for (int i : {8, 9}) EXPECT_EQ(sim.state().landClass[i], LandClass::Barren) << i;
}

// Land that becomes a nearest-forest programme's class during the year, after
// an earlier programme's distances were worked out, is ranked by its own
// distance: the distances are worked out again. Barren cells 1 and 2 lie next
// to the forest of cell 0; the first planting takes cell 1; farmland cells 7
// and 8 are then cleared to barren land; the second planting (100 ha) takes
// cell 2, two cells from the forest, not a cleared cell seven or eight away.
TEST(RulesProgrammes, LandClearedAfterTheDistancesWereWorkedOutIsRankedByItsOwnDistance) {
    World w(10);
    for (int i = 1; i < 10; ++i) w.treeless(i, LandClass::Shrubland);
    for (int i : {1, 2}) w.treeless(i, LandClass::Barren);
    for (int i : {7, 8}) w.treeless(i, LandClass::NonForest);
    w.plantBarrenLand(2008, 2008, 100).priority = PriorityRule::NearestForest;
    auto& clear = w.add(ProgrammeKind::Conversion, 2008, 2008);
    clear.areaHaPerYear = 200;
    clear.eligible.landClasses = {LandClass::NonForest};
    clear.toClass = LandClass::Barren;
    w.plantBarrenLand(2008, 2008, 100).priority = PriorityRule::NearestForest;
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    sim.step(2008);
    for (int i : {1, 2}) EXPECT_EQ(sim.state().landClass[i], LandClass::UnclosedPlantation) << i;
    for (int i : {7, 8}) EXPECT_EQ(sim.state().landClass[i], LandClass::Barren) << i;
}

// Dense planting: a stocking above 1 (up to 1.5) is kept, not cut back to full
// stocking: the stand starts at 1.3 × the curve, then (above the plateau)
// grows the curve's increment, closing in toward the curve.
TEST(RulesProgrammes, DensePlantingStartsAboveTheCurveAndClosesInTowardIt) {
    World w(2);
    w.treeless(1, LandClass::Barren);
    auto& p = w.add(ProgrammeKind::Afforestation, 2008, 2008);
    p.areaHaPerYear = 100;
    p.species = SpeciesChoice{false, "Eucalyptus", "test"};
    p.stocking = 1.3;
    p.yearsToForest = 4;
    p.eligible.landClasses = {LandClass::Barren};
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    for (int year = 2008; year <= 2010; ++year) {
        sim.step(year);
        const int age = year - 2007;
        // V(1) = 1.3·C(1); above the plateau it then grows the curve's increment.
        EXPECT_NEAR(sim.state().volume[1], curve(5, 1, age) + 0.3 * curve(5, 1, 1), curve(5, 1, age) * kTol) << year;
    }
}

// Returning farmland to forest: the land's class changes (to forest), and the
// planted stand grows from age 0 at the conversion's stocking.
TEST(RulesProgrammes, ConversionTurnsFarmlandIntoForestAndPlantsItsSpecies) {
    World w(2);
    w.treeless(1, LandClass::NonForest);
    auto& p = w.add(ProgrammeKind::Conversion, 2008, 2008);
    p.areaHaPerYear = 100;
    p.eligible.landClasses = {LandClass::NonForest};
    p.toClass = LandClass::Forest;
    p.species = SpeciesChoice{false, "Alnus nepalensis", "test"};
    p.stocking = 0.7;
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    const YearRecord before = sim.start();
    const YearRecord after = sim.step(2008);
    EXPECT_EQ(sim.state().landClass[1], LandClass::Forest);
    EXPECT_EQ(sim.state().species[1], idx(6));
    EXPECT_EQ(sim.state().age[1], 1);
    EXPECT_NEAR(sim.state().volume[1], 0.7 * curve(6, 1, 1), curve(6, 1, 1) * kTol);
    EXPECT_DOUBLE_EQ(before.totals.province[kForestAreaHa], 100.0);
    EXPECT_DOUBLE_EQ(after.totals.province[kForestAreaHa], 200.0);
}

// Urban greening of forest land: the class becomes non-forest, the stand is
// cleared, and its volume leaves the forest stock as reclassification.
TEST(RulesProgrammes, ConversionOfForestToNonForestClearsTheStandAndItsStockLeavesAsReclass) {
    World w(2);
    auto& p = w.add(ProgrammeKind::Conversion, 2008, 2008);
    p.areaHaPerYear = 100;
    p.eligible.landClasses = {LandClass::Forest};
    p.toClass = LandClass::NonForest;
    p.sinkCarbonTPerHa = 30;
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    const YearRecord r = sim.step(2008);
    int converted = -1;
    for (int i = 0; i < 2; ++i)
        if (sim.state().landClass[i] == LandClass::NonForest) converted = i;
    ASSERT_GE(converted, 0);
    EXPECT_EQ(sim.state().species[converted], kNoSpecies);
    EXPECT_EQ(sim.state().volume[converted], 0.0f);
    EXPECT_NEAR(r.provinceFlows[kReclassM3], -curve(1, 1, 30) * 100, curve(1, 1, 30) * 100 * 1e-6);
    EXPECT_DOUBLE_EQ(r.totals.province[kSinkCarbonT], 30.0 * 100);
}

// Harvest by volume: the oldest stands first, whole cells, until the volume is
// reached (it may exceed it by less than one cell's volume).
TEST(RulesProgrammes, HarvestTakesCellsUntilItsVolumeQuotaIsReached) {
    World w(4);
    const int ages[] = {90, 80, 70, 65};
    const float volumes[] = {150, 50, 300, 400};  // m³/ha; 100 ha each
    for (int i = 0; i < 4; ++i) w.stand(i, 1, ages[i], volumes[i]);
    auto& p = w.add(ProgrammeKind::Harvest, 2008, 2008);
    p.volumeM3PerYear = 25000;  // 15,000 + 5,000 is short; + 30,000 reaches it
    p.eligible.landClasses = {LandClass::Forest};
    p.eligible.ageClasses = {"mature", "over_mature"};
    p.priority = PriorityRule::Oldest;
    p.stocking = 0.8;
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    const YearRecord r = sim.step(2008);
    EXPECT_NEAR(r.provinceFlows[kHarvestM3], (150 + 50 + 300) * 100.0, 1e-6);
    EXPECT_EQ(r.programmes[0].need[0], 25000 * 1000);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(sim.state().age[i], 1) << i;  // regenerated at the harvest's stocking
        EXPECT_NEAR(sim.state().volume[i], 0.8 * curve(1, 1, 1), curve(1, 1, 1) * kTol) << i;
    }
    EXPECT_EQ(sim.state().age[3], 66);
}

// Harvest by forest category: four stands of the same age and volume, one of
// each category. The quota (two cells' volume) comes from commercial forest;
// public-welfare forest is never cut for it.
TEST(RulesProgrammes, HarvestCutsOnlyCommercialForest) {
    World w(4);
    w.state.hasForestCategories = true;
    const ForestCategory categories[] = {ForestCategory::NaturalPublicWelfare, ForestCategory::NaturalCommercial,
                                         ForestCategory::PlantationPublicWelfare, ForestCategory::PlantationCommercial};
    for (int i = 0; i < 4; ++i) {
        w.stand(i, 1, 90, 200);
        w.state.flags[i] = withCategory(0, categories[i]);
    }
    auto& p = w.add(ProgrammeKind::Harvest, 2008, 2008);
    p.volumeM3PerYear = 4 * 200 * 100.0;  // all four cells' volume: only two may give it
    p.eligible.landClasses = {LandClass::Forest};
    p.eligible.forestCategories = {ForestCategory::NaturalCommercial, ForestCategory::PlantationCommercial};
    p.priority = PriorityRule::Oldest;
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    const YearRecord r = sim.step(2008);
    EXPECT_NEAR(r.provinceFlows[kHarvestM3], 2 * 200 * 100.0, 1e-6);  // the rest is a shortfall
    EXPECT_EQ(r.programmes[0].eligible[0], 2 * 200 * 100 * 1000);
    EXPECT_EQ(sim.state().age[0], 91);  // public-welfare: standing
    EXPECT_EQ(sim.state().age[2], 91);
    EXPECT_EQ(sim.state().age[1], 1);   // commercial: cut and regenerated
    EXPECT_EQ(sim.state().age[3], 1);
    // Regeneration is planted: the natural commercial stand becomes a commercial plantation.
    EXPECT_EQ(categoryOf(sim.state().flags[1]), ForestCategory::PlantationCommercial);
    EXPECT_EQ(categoryOf(sim.state().flags[3]), ForestCategory::PlantationCommercial);
}

// From the year natural logging ends, natural forest is cut only as salvage
// of damaged stands; plantations are cut as before.
TEST(RulesProgrammes, NaturalForestIsCutOnlyAsSalvageFromTheYearItsLoggingEnds) {
    World w(3);
    w.state.hasForestCategories = true;
    for (int i = 0; i < 3; ++i) w.stand(i, 1, 90, 200);
    w.state.flags[0] = withCategory(0, ForestCategory::NaturalCommercial);             // sound natural stand
    w.state.flags[1] = withCategory(kDamaged, ForestCategory::NaturalCommercial);      // damaged natural stand
    w.state.flags[2] = withCategory(0, ForestCategory::PlantationCommercial);
    auto& p = w.add(ProgrammeKind::Harvest, 2008, 2008);
    p.volumeM3PerYear = 3 * 200 * 100.0;
    p.eligible.landClasses = {LandClass::Forest};
    p.eligible.forestCategories = {ForestCategory::NaturalCommercial, ForestCategory::PlantationCommercial};
    p.naturalLoggingEnds = 2008;
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    const YearRecord r = sim.step(2008);
    EXPECT_NEAR(r.provinceFlows[kHarvestM3], 2 * 200 * 100.0, 1e-6);
    EXPECT_EQ(sim.state().age[0], 91);  // natural, sound: protected
    EXPECT_EQ(sim.state().age[1], 1);   // salvage
    EXPECT_EQ(sim.state().age[2], 1);

    // The year before logging ends, the sound natural stand is cut too.
    World before(1);
    before.state.hasForestCategories = true;
    before.stand(0, 1, 90, 200);
    before.state.flags[0] = withCategory(0, ForestCategory::NaturalCommercial);
    auto& q = before.add(ProgrammeKind::Harvest, 2008, 2008);
    q.volumeM3PerYear = 200 * 100.0;
    q.eligible.landClasses = {LandClass::Forest};
    q.eligible.forestCategories = {ForestCategory::NaturalCommercial};
    q.naturalLoggingEnds = 2009;
    Simulation sim2(before.scenario, species(), before.state, ThreadRunner(1, 1));
    sim2.start();
    EXPECT_NEAR(sim2.step(2008).provinceFlows[kHarvestM3], 200 * 100.0, 1e-6);
}

// Afforestation makes public-welfare plantations; closure of bare land makes
// natural public-welfare forest.
TEST(RulesProgrammes, PlantingMakesPlantationsAndClosureMakesNaturalForest) {
    World w(2);
    w.state.hasForestCategories = true;
    w.treeless(0, LandClass::Barren);
    w.treeless(1, LandClass::Shrubland);
    auto& a = w.add(ProgrammeKind::Afforestation, 2008, 2008);
    a.areaHaPerYear = 100;
    a.eligible.landClasses = {LandClass::Barren};
    a.species = SpeciesChoice{false, "Chinese fir", "test"};
    a.stocking = 0.7;
    a.yearsToForest = 5;
    auto& c = w.add(ProgrammeKind::Closure, 2008, 2008);
    c.areaHaPerYear = 100;
    c.eligible.landClasses = {LandClass::Shrubland};
    c.species = SpeciesChoice{false, "Oak", "test"};
    c.yearsToForest = 7;
    c.startVolumeM3PerHa = 10;
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    sim.step(2008);
    ASSERT_TRUE(hasCategory(sim.state().flags[0]));
    EXPECT_EQ(categoryOf(sim.state().flags[0]), ForestCategory::PlantationPublicWelfare);
    ASSERT_TRUE(hasCategory(sim.state().flags[1]));
    EXPECT_EQ(categoryOf(sim.state().flags[1]), ForestCategory::NaturalPublicWelfare);
}

// Improvement by replanting: the low-yield stand is cut (a harvest removal)
// and replanted with the named species at the programme's stocking.
TEST(RulesProgrammes, ImprovementWithReplantingCutsTheStandAndPlantsTheNewSpecies) {
    World w(3);
    w.state.volume[0] = 20;  // mean of 20, 120, 120 is 86.7: 0.23 of it
    w.state.volume[1] = w.state.volume[2] = 120;
    auto& p = w.add(ProgrammeKind::Improvement, 2008, 2008);
    p.areaHaPerYear = 300;
    p.eligible.landClasses = {LandClass::Forest};
    p.eligible.minRelativeStock = 0.0;
    p.eligible.maxRelativeStock = 0.7;
    p.priority = PriorityRule::LowestStock;
    p.replant = true;
    p.species = SpeciesChoice{false, "Chinese fir", "test"};
    p.stocking = 0.9;
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    const YearRecord r = sim.step(2008);
    EXPECT_EQ(sim.state().species[0], idx(4));
    EXPECT_EQ(sim.state().age[0], 1);
    EXPECT_NEAR(sim.state().volume[0], 0.9 * curve(4, 1, 1), curve(4, 1, 1) * kTol);
    EXPECT_NEAR(r.provinceFlows[kHarvestM3], 20 * 100.0, 1e-6);
    EXPECT_EQ(sim.state().species[1], idx(1));  // not low-yield: untouched
    EXPECT_EQ(r.programmes[0].taken[0], 100 * 10000);
}

// "local" is the commonest forest species of the cell's own region: oak in
// the west, Chinese fir in the east, though pine is the commonest overall.
TEST(RulesProgrammes, LocalSpeciesIsTheCommonestForestSpeciesOfTheCellsRegion) {
    World w(12);
    w.state.regions = {{1, "west"}, {2, "east"}};
    // West (cells 0–5): oak ×3, pine ×2, barren. East (6–11): fir ×3, pine ×2, barren.
    const int codes[] = {8, 8, 8, 1, 1, 0, 4, 4, 4, 1, 1, 0};
    for (int i = 0; i < 12; ++i) {
        if (codes[i]) w.state.species[i] = static_cast<uint8_t>(idx(codes[i]));
        else w.treeless(i, LandClass::Barren);
        w.state.region[i] = i < 6 ? 1 : 2;
    }
    auto& p = w.add(ProgrammeKind::Afforestation, 2008, 2008);
    p.areaHaPerYear = 200;
    p.eligible.landClasses = {LandClass::Barren};
    p.species = SpeciesChoice{true, "local", "test"};
    p.stocking = 0.7;
    p.yearsToForest = 5;
    p.priority = PriorityRule::NearestForest;
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    sim.step(2008);
    EXPECT_EQ(sim.state().species[5], idx(8));   // west: oak
    EXPECT_EQ(sim.state().species[11], idx(4));  // east: Chinese fir
}

// BUG (disabled until fixed): the planting stocking is stored as a whole
// percent, truncated (Simulation.cpp: static_cast<uint8_t>(stockingPct),
// CellState::plantedStocking), so stocking = 0.655 plants at 0.65.
// scenarios/README.md says the stand grows "on its curve at `stocking`".
// Monte Carlo survival draws (stocking × survival, e.g. 0.7 × 0.93 = 0.651)
// are quantised the same way, so survival acts in steps of 1 %.
TEST(RulesProgrammes, DISABLED_AfforestationPlantsAtItsStockingWithoutTruncation) {
    World w(2);
    w.treeless(1, LandClass::Barren);
    auto& p = w.add(ProgrammeKind::Afforestation, 2008, 2008);
    p.areaHaPerYear = 100;
    p.species = SpeciesChoice{false, "Eucalyptus", "test"};
    p.stocking = 0.655;
    p.yearsToForest = 4;
    p.priority = PriorityRule::NearestForest;
    p.eligible.landClasses = {LandClass::Barren};
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    sim.step(2008);
    EXPECT_NEAR(sim.state().volume[1], 0.655 * curve(5, 1, 1), 0.655 * curve(5, 1, 1) * 1e-4);
}

}  // namespace
}  // namespace forestsink
