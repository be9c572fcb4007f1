// forestsink calibrate's fit (issue 14 item 5) on a small in-memory grid:
// observed changes are made by a run with known multipliers, summed here by
// hand from its cells; the fit, started from multiplier 1, must find those
// multipliers again. And the stock by forest type adds up to the
// accounting's forest stock, and bad observations are refused by name.
#include "RowOfCells.h"
#include "YunnanSpecies.h"

#include "common/Error.h"
#include "common/ThreadRunner.h"
#include "sim/Calibration.h"
#include "sim/ObservedStockChanges.h"
#include "sim/Simulation.h"
#include "sim/StockByForestType.h"

#include <gtest/gtest.h>

#include <fstream>

namespace forestsink {
namespace {

using test::curve;
using test::idx;
using test::species;
namespace fs = std::filesystem;

constexpr int kYunnanPine = 1, kChineseFir = 4, kOak = 8, kEucalyptus = 5;
constexpr double kCellHa = 100.0;

// 12 forest cells: Yunnan pine (0–3), Chinese fir (4–7), oak (8–11), on their
// medium curves at ages 12–45; cells 0–5 in region 1 "north", 6–11 in 2
// "south". Cell 12: sparse forest with Yunnan pine volume (not forest stock).
struct World {
    Scenario scenario;
    CellState state;
    World() {
        scenario.startYear = 2007;
        scenario.endYear = 2012;
        scenario.seed = 3;
        scenario.forestClasses = {LandClass::Forest};
        scenario.file = "world.toml";
        test::allocateRowOfCells(state, 13);
        state.regions = {{1, "north"}, {2, "south"}};
        const int codes[3] = {kYunnanPine, kChineseFir, kOak};
        for (int i = 0; i < 13; ++i) {
            const int code = i < 12 ? codes[i / 4] : kYunnanPine, age = 12 + 3 * i;
            state.landClass[i] = i < 12 ? LandClass::Forest : LandClass::SparseForest;
            state.species[i] = static_cast<uint8_t>(idx(code));
            state.site[i] = 1;
            state.region[i] = i < 6 ? 1 : 2;
            state.age[i] = static_cast<uint16_t>(age);
            state.volume[i] = static_cast<float>(curve(code, 1, age) * (i % 2 ? 0.5 : 1.0));  // some stands thin
        }
    }
};

// Forest stock (m³) of the forest cells of `state` whose index passes `keep`, by hand.
template <typename Keep>
double stockByHand(const CellState& state, Keep keep) {
    double sum = 0;
    for (std::size_t i = 0; i < state.volume.size(); ++i)
        if (state.landClass[i] == LandClass::Forest && keep(i)) sum += state.volume[i] * kCellHa;
    return sum;
}

struct Truth {
    GrowthSpec growth;
    CellState start, end;
};

// The world run to 2012 with common multiplier 0.9, Yunnan pine 0.7 and Chinese fir 1.3.
Truth runTruth(const World& w) {
    Truth t;
    t.growth.multiplier = 0.9;
    t.growth.bySpecies = {{"Yunnan pine (natural)", 0.7, "test"}, {"4", 1.3, "test"}};
    const SpeciesTable scaled = applyGrowthMultipliers(t.growth, species());
    Simulation sim(w.scenario, scaled, w.state, ThreadRunner(1, 1));
    sim.start();
    t.start = sim.state();
    for (int year = 2008; year <= 2012; ++year) sim.step(year);
    t.end = sim.state();
    return t;
}

StockChangeObservation observed(const Truth& t, int group, int regionIndex, const std::string& label) {
    auto keep = [&](std::size_t i) {
        return (group == kEveryGroup || t.start.species[i] == group) &&
               (regionIndex == kEveryRegion || t.start.region[i] == regionIndex + 1);
    };
    return {group, regionIndex, stockByHand(t.end, keep) - stockByHand(t.start, keep), label};
}

// The province, Yunnan pine and Chinese fir as the truth run changed them.
CalibrationTarget provinceAndTwoTypes(const Truth& truth) {
    return {2007, 2012,
            {observed(truth, kEveryGroup, kEveryRegion, "province"),
             observed(truth, idx(kYunnanPine), kEveryRegion, "Yunnan pine"),
             observed(truth, idx(kChineseFir), kEveryRegion, "Chinese fir")},
            0.05};
}

TEST(Calibration, FindsTheMultipliersThatMadeTheObservedChangesByForestType) {
    const World w;
    const Truth truth = runTruth(w);
    CalibrationTarget target = provinceAndTwoTypes(truth);
    target.observations.push_back(observed(truth, kEveryGroup, 1, "south"));
    ASSERT_GT(target.observations[1].changeM3, 1000.0);  // every type grows enough to matter
    ASSERT_GT(target.observations[2].changeM3, 1000.0);

    const GrowthCalibration fit = fitGrowthMultipliers(w.scenario, species(), w.state, ThreadRunner(1, 1), target);
    ASSERT_EQ(fit.fitted, (std::vector<int>{0, 1, 2}));  // the region's change is checked only
    const CalibrationTrial& last = fit.trials.back();
    EXPECT_NEAR(last.multipliers[0], 0.9, 1e-4);
    EXPECT_NEAR(last.multipliers[1], 0.7, 1e-4);
    EXPECT_NEAR(last.multipliers[2], 1.3, 1e-4);
    for (int k : fit.fitted) EXPECT_LE(std::abs(last.residualM3[k]), 3 * 0.05) << target.observations[k].label;
    EXPECT_NEAR(last.residualM3[3], 0.0, 1.0);  // the true multipliers reproduce the region too
    EXPECT_GT(fit.trials.size(), 2u);
    // The fitted table: the common multiplier and one by_species entry per fitted type.
    EXPECT_NEAR(fit.growth.multiplier, 0.9, 1e-4);
    ASSERT_EQ(fit.growth.bySpecies.size(), 2u);
    EXPECT_EQ(fit.growth.bySpecies[0].species, species().group(idx(kYunnanPine)).name);
    EXPECT_NEAR(fit.growth.bySpecies[1].multiplier, 1.3, 1e-4);
}

// Without programmes the forest types grow apart, so the common multiplier
// (the province less the types fitted on their own: here oak) must take the
// same trials as a fit of oak alone: its secant must not see the other types' moves.
TEST(Calibration, TheCommonMultiplierFollowsOnlyTheTypesNotFittedOnTheirOwn) {
    const World w;
    const Truth truth = runTruth(w);
    const CalibrationTarget joint = provinceAndTwoTypes(truth);
    const CalibrationTarget oakAlone{2007, 2012, {observed(truth, idx(kOak), kEveryRegion, "Oak")}, 0.05};
    const GrowthCalibration a = fitGrowthMultipliers(w.scenario, species(), w.state, ThreadRunner(1, 1), joint);
    const GrowthCalibration b = fitGrowthMultipliers(w.scenario, species(), w.state, ThreadRunner(1, 1), oakAlone);
    ASSERT_GE(b.trials.size(), 3u);
    ASSERT_GE(a.trials.size(), b.trials.size());
    for (std::size_t t = 0; t < a.trials.size(); ++t)
        EXPECT_NEAR(a.trials[t].multipliers[0], b.trials[std::min(t, b.trials.size() - 1)].multipliers[0], 1e-9)
            << "trial " << t + 1;
}

// A by_species multiplier of the scenario for a fitted type is replaced; one for another type is kept.
TEST(Calibration, KeepsTheScenariosOwnMultipliersOfTypesItDoesNotFit) {
    World w;
    w.scenario.growth.bySpecies = {{"Oak", 0.9, "world.toml:3:1"}, {"1", 2.0, "world.toml:3:12"}};
    const Truth truth = runTruth(World());  // oak at the common 0.9 there
    CalibrationTarget target{2007, 2012, {observed(truth, idx(kYunnanPine), kEveryRegion, "Yunnan pine")}, 0.05};
    const GrowthCalibration fit = fitGrowthMultipliers(w.scenario, species(), w.state, ThreadRunner(1, 1), target);
    EXPECT_NEAR(fit.trials.back().multipliers[0], 0.7, 1e-4);
    ASSERT_EQ(fit.growth.bySpecies.size(), 2u);
    EXPECT_EQ(fit.growth.bySpecies[0].species, "Oak");
    EXPECT_EQ(fit.growth.bySpecies[0].multiplier, 0.9);
    EXPECT_EQ(fit.growth.bySpecies[1].where, kFittedByCalibration);
}

TEST(Calibration, StockByForestTypeAddsUpToTheForestStockOfEachRegion) {
    const World w;
    const Truth truth = runTruth(w);
    LandClassFlags isForest{};
    isForest[static_cast<int>(LandClass::Forest)] = true;
    const StockByForestType s = forestStockByType(truth.end, isForest, static_cast<std::size_t>(species().size()));
    for (int region = 0; region < 2; ++region) {
        double sum = 0;
        for (double v : s.byRegion[region]) sum += v;
        EXPECT_NEAR(sum, stockByHand(truth.end, [&](std::size_t i) { return truth.end.region[i] == region + 1; }),
                    1e-6);
    }
    EXPECT_NEAR(s.province[idx(kOak)], stockByHand(truth.end, [&](std::size_t i) { return i >= 8; }), 1e-6);
    // The sparse-forest cell's pine is living stock, not forest stock.
    EXPECT_NEAR(s.province[idx(kYunnanPine)], stockByHand(truth.end, [&](std::size_t i) { return i < 4; }), 1e-6);
}

std::string refusal(const World& w, const CalibrationTarget& target) {
    try {
        fitGrowthMultipliers(w.scenario, species(), w.state, ThreadRunner(1, 1), target);
    } catch (const Error& e) {
        return e.what();
    }
    return "(accepted)";
}

TEST(Calibration, RefusesObservationsItCannotFit) {
    const World w;
    CalibrationTarget onlyRegion{2007, 2012, {{kEveryGroup, 1, 5000.0, "south"}}, 1.0};
    EXPECT_NE(refusal(w, onlyRegion).find("world.toml: no observed change of the province or of a forest type in the "
                                          "province to fit; changes within a region are checked, not fitted"),
              std::string::npos)
        << refusal(w, onlyRegion);
    CalibrationTarget twice{
        2007, 2012, {{idx(kOak), kEveryRegion, 5000.0, "Oak"}, {idx(kOak), kEveryRegion, 6000.0, "Oak"}}, 1.0};
    EXPECT_NE(refusal(w, twice).find("two observed changes of Oak (5000 and 6000 m³)"), std::string::npos)
        << refusal(w, twice);
    CalibrationTarget noStand{2007, 2012, {{idx(kEucalyptus), kEveryRegion, 5000.0, "Eucalyptus"}}, 1.0};
    EXPECT_NE(refusal(w, noStand).find("the forest stock change of Eucalyptus from 2007 to 2012 does not depend on its "
                                       "growth multiplier"),
              std::string::npos)
        << refusal(w, noStand);
    CalibrationTarget late{2007, 2013, {{kEveryGroup, kEveryRegion, 5000.0, "province"}}, 1.0};
    EXPECT_NE(refusal(w, late).find("the calibration years 2007 to 2013 must lie within the scenario's 2007 to 2012"),
              std::string::npos)
        << refusal(w, late);
}

std::string readRefusal(const std::string& csv) {
    const fs::path file = fs::temp_directory_path() / "forestsink-test-observed.csv";
    std::ofstream(file) << csv;
    const World w;
    try {
        readObservedStockChanges(file, species(), w.state.regions);
    } catch (const Error& e) {
        return e.what();
    }
    return "(accepted)";
}

TEST(Calibration, ReadsObservedChangesByForestTypeAndRegion) {
    const fs::path file = fs::temp_directory_path() / "forestsink-test-observed.csv";
    std::ofstream(file) << "forest_type,region,stock_change_m3\nall,all,1.5e8\nOak,all,2e7\n4,south,-3e5\n";
    const World w;
    const auto obs = readObservedStockChanges(file, species(), w.state.regions);
    ASSERT_EQ(obs.size(), 3u);
    EXPECT_EQ(obs[0].label, "province");
    EXPECT_EQ(obs[1].group, idx(kOak));
    EXPECT_EQ(obs[1].regionIndex, kEveryRegion);
    EXPECT_EQ(obs[2].group, idx(kChineseFir));
    EXPECT_EQ(obs[2].regionIndex, 1);
    EXPECT_EQ(obs[2].changeM3, -3e5);
    EXPECT_EQ(obs[2].label, "Chinese fir in south");
    EXPECT_TRUE(obs[1].fitted());
    EXPECT_FALSE(obs[2].fitted());

    const std::string badType = readRefusal("forest_type,stock_change_m3\nOka,2e7\n");
    EXPECT_NE(badType.find("forestsink-test-observed.csv:2: 'forest_type' names 'Oka', which is not a group of the "
                           "species table"),
              std::string::npos)
        << badType;
    EXPECT_NE(badType.find("(did you mean 'Oak'?)"), std::string::npos) << badType;
    const std::string badRegion = readRefusal("forest_type,region,stock_change_m3\nall,suoth,2e7\n");
    EXPECT_NE(badRegion.find(":2: column 'region': 'suoth' is not a region of the run (did you mean 'south'?); "
                             "regions: north, south, or 'all' for the province"),
              std::string::npos)
        << badRegion;
    const std::string empty = readRefusal("forest_type,stock_change_m3\n");
    EXPECT_NE(empty.find("no observed change"), std::string::npos) << empty;
    fs::remove(file);
}

}  // namespace
}  // namespace forestsink
