// What each Monte Carlo multiplier does to a draw, by value. A uniform
// distribution with low = high draws exactly that value, so a draw's result is
// known in closed form; the probability of a target is checked against a
// uniform growth multiplier whose threshold is computed here.
#include "RowOfCells.h"
#include "SyntheticInputs.h"
#include "YunnanSpecies.h"

#include "sim/CellState.h"
#include "sim/MonteCarlo.h"
#include "sim/Simulation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace forestsink {
namespace {

using test::species;
using test::idx;
using test::group;

double curve(int code, double age) {  // medium site
    const SpeciesGroup& g = group(code);
    return age <= 0 ? 0.0 : g.vmax * g.siteMultiplier[1] * std::pow(1 - std::exp(-g.k * age), g.c);
}
// A stand on its curve at `age` that loses half its volume, then grows a year
// by README.md's rule: S = 0.5 is below the 0.65 plateau, so the increment × 0.5 / 0.65.
double halvedAndGrown(double age) { return 0.5 * curve(1, age) + (curve(1, age + 1) - curve(1, age)) * 0.5 / 0.65; }
Distribution uniform(double low, double high) {
    Distribution d;
    d.kind = Distribution::Uniform;
    d.a = low;
    d.b = high;
    return d;
}
Distribution exactly(double v) { return uniform(v, v); }

// `n` cells of 100 ha, Yunnan pine, medium site, age 20 on the curve.
struct World {
    Scenario scenario;
    CellState state;
    explicit World(int n) {
        scenario.startYear = 2007;
        scenario.endYear = 2008;
        scenario.seed = 23;
        scenario.forestClasses = {LandClass::Forest};
        test::allocateRowOfCells(state, n);
        for (int i = 0; i < n; ++i) {
            state.landClass[i] = LandClass::Forest;
            state.species[i] = static_cast<uint8_t>(idx(1));
            state.site[i] = 1;
            state.region[i] = 1;
            state.age[i] = 20;
            state.volume[i] = static_cast<float>(curve(1, 20));
        }
    }
    // The province totals of 2008 in a single draw.
    Totals draw2008() {
        const auto r = runDraws(scenario, species(), state, ThreadRunner(1, 1), 1);
        return r.at(0).years.at(1).totals.province;
    }
};

TEST(RulesMonteCarlo, GrowthDrawMultipliesTheIncrement) {
    World w(1);
    w.scenario.uncertainty.growth = exactly(0.8);
    const double expected = (curve(1, 20) + 0.8 * (curve(1, 21) - curve(1, 20))) * 100;
    EXPECT_NEAR(w.draw2008()[kStockM3], expected, expected * 1e-6);
}

TEST(RulesMonteCarlo, GrowthBySpeciesDrawMultipliesThatSpeciesOnTopOfGrowth) {
    World w(2);
    w.state.species[1] = static_cast<uint8_t>(idx(5));  // Eucalyptus on its curve
    w.state.volume[1] = static_cast<float>(curve(5, 20));
    w.scenario.uncertainty.growth = exactly(0.8);
    w.scenario.uncertainty.growthBySpecies["Eucalyptus"] = exactly(1.5);
    const double pine = curve(1, 20) + 0.8 * (curve(1, 21) - curve(1, 20));
    const double eucalyptus = curve(5, 20) + 0.8 * 1.5 * (curve(5, 21) - curve(5, 20));
    EXPECT_NEAR(w.draw2008()[kStockM3], (pine + eucalyptus) * 100, (pine + eucalyptus) * 100 * 1e-6);
}

TEST(RulesMonteCarlo, SurvivalDrawScalesThePlantingStocking) {
    World w(2);
    w.state.landClass[1] = LandClass::Barren;
    w.state.species[1] = kNoSpecies;
    w.state.age[1] = 0;
    w.state.volume[1] = 0;
    ProgrammeSpec p;
    p.name = "planting";
    p.kind = ProgrammeKind::Afforestation;
    p.firstYear = p.lastYear = 2008;
    p.areaHaPerYear = 100;
    p.eligible.landClasses = {LandClass::Barren};
    p.priority = PriorityRule::NearestForest;
    p.species = SpeciesChoice{false, "1", "test"};
    p.stocking = 0.8;
    p.yearsToForest = 5;
    w.scenario.programmes = {p};
    w.scenario.uncertainty.survival = exactly(0.5);
    const Totals t = w.draw2008();
    // The planted cell is barren land until 2013: its volume is living stock only.
    const double planted = 0.8 * 0.5 * curve(1, 1) * 100;
    EXPECT_NEAR(t[kLivingStockM3] - t[kStockM3], planted, planted * 1e-5);
}

TEST(RulesMonteCarlo, BiomassSlopeDrawScalesB) {
    World w(1);
    w.state.age[0] = 300;  // no growth: V stays 200
    w.state.volume[0] = 200;
    w.scenario.uncertainty.biomassSlope = exactly(1.2);
    const double m = (group(1).biomassA + 1.2 * group(1).biomassB * 200) * 100;
    EXPECT_NEAR(w.draw2008()[kBiomassT], m, m * 1e-6);
}

TEST(RulesMonteCarlo, CarbonFractionDrawScalesCf) {
    World w(1);
    w.state.age[0] = 300;
    w.state.volume[0] = 200;
    w.scenario.uncertainty.carbonFraction = exactly(0.9);
    const double c = 0.9 * group(1).carbonFraction * (group(1).biomassA + group(1).biomassB * 200) * 100;
    EXPECT_NEAR(w.draw2008()[kCarbonT], c, c * 1e-6);
}

TEST(RulesMonteCarlo, RootShootDrawScalesTheBelowGroundShare) {
    World w(1);
    w.state.age[0] = 300;
    w.state.volume[0] = 200;
    w.scenario.uncertainty.rootShoot = exactly(2.0);
    const double m = (group(1).biomassA + group(1).biomassB * 200) * 100;
    const double above = m / (1 + 2.0 * group(1).rootShoot);
    EXPECT_NEAR(w.draw2008()[kAboveBiomassT], above, above * 1e-6);
}

// Two cells of 100 ha asked for, times 1.5: three cells struck.
TEST(RulesMonteCarlo, DisturbanceRateDrawScalesTheAreaStruck) {
    World w(5);
    ProgrammeSpec d;
    d.name = "storm";
    d.kind = ProgrammeKind::Disturbance;
    d.firstYear = d.lastYear = 2008;
    d.areaHaPerYear = 200;
    d.severity = 0.5;
    d.eligible.landClasses = {LandClass::Forest};
    w.scenario.programmes = {d};
    w.scenario.uncertainty.disturbanceRate = exactly(1.5);
    // A draw keeps totals only: the loss shows in the stock.
    const double grownFull = curve(1, 21);
    const double grownHalf = halvedAndGrown(20);
    const double expected = (2 * grownFull + 3 * grownHalf) * 100;
    EXPECT_NEAR(w.draw2008()[kStockM3], expected, expected * 1e-5);
}

// Each draw places its random disturbances anew: with one of eight stands of
// different ages struck at random, the draws lose different volumes, and
// each draw's stock is that of exactly one stand struck.
TEST(RulesMonteCarlo, EachDrawPlacesItsRandomDisturbancesAnew) {
    const int n = 8;
    World w(n);
    double grownAll = 0;
    std::vector<double> grown(n), struckStand(n);
    for (int i = 0; i < n; ++i) {
        struckStand[i] = halvedAndGrown(10 + 10 * i) * 100;
        w.state.age[i] = static_cast<uint16_t>(10 + 10 * i);
        w.state.volume[i] = static_cast<float>(curve(1, 10 + 10 * i));
        grown[i] = curve(1, 11 + 10 * i) * 100;
        grownAll += grown[i];
    }
    ProgrammeSpec d;
    d.name = "storm";
    d.kind = ProgrammeKind::Disturbance;
    d.firstYear = d.lastYear = 2008;
    d.areaHaPerYear = 100;
    d.severity = 0.5;
    d.eligible.landClasses = {LandClass::Forest};
    w.scenario.programmes = {d};
    const auto draws = runDraws(w.scenario, species(), w.state, ThreadRunner(2, 1), 12);
    std::vector<int> struck;
    for (const auto& r : draws) {
        const double stock = r.years.at(1).totals.province[kStockM3];
        int which = -1;
        for (int i = 0; i < n; ++i)
            if (std::abs(stock - (grownAll - grown[i] + struckStand[i])) < grownAll * 1e-6) which = i;
        ASSERT_GE(which, 0) << "stock " << stock << " is not that of one stand struck";
        struck.push_back(which);
    }
    std::sort(struck.begin(), struck.end());
    const auto distinct = std::unique(struck.begin(), struck.end()) - struck.begin();
    EXPECT_GE(distinct, 3) << "12 draws struck only " << distinct << " different stands";
}

// The probability counts draws that reach the target by its year, not later:
// growth × U(0.5, 1.5) reaches the 2008 target when the multiplier is at least
// 0.8 (P = 0.7), though every draw passes it by 2010.
TEST(RulesMonteCarlo, ProbabilityCountsDrawsThatReachTheTargetByItsYearNotLater) {
    World w(1);
    w.scenario.endYear = 2010;
    TargetSpec target;
    target.name = "stock 2008";
    target.metric = TargetMetric::StockM3;
    target.year = 2008;
    target.value = (curve(1, 20) + 0.8 * (curve(1, 21) - curve(1, 20))) * 100;
    w.scenario.targets = {target};
    w.scenario.uncertainty.growth = uniform(0.5, 1.5);
    const int draws = 2000;
    const auto results = runDraws(w.scenario, species(), w.state, ThreadRunner(2, 1), draws);
    int everReached = 0;
    for (const auto& d : results) everReached += d.years.back().totals.province[kStockM3] >= target.value;
    ASSERT_EQ(everReached, draws);
    EXPECT_NEAR(targetProbabilities(results, 1)[0], 0.7, 4 * std::sqrt(0.7 * 0.3 / draws));
}

// The probability of each target is exactly the share of draws that reach it.
TEST(RulesMonteCarlo, ProbabilityIsTheShareOfDrawsThatReachEachTarget) {
    std::vector<DrawResult> draws(4);
    draws[0].reached = {true, false};
    draws[1].reached = {false, false};
    draws[2].reached = {true, true};
    draws[3].reached = {true, false};
    const auto p = targetProbabilities(draws, 2);
    ASSERT_EQ(p.size(), 2u);
    EXPECT_DOUBLE_EQ(p[0], 3.0 / 4.0);
    EXPECT_DOUBLE_EQ(p[1], 1.0 / 4.0);
}

}  // namespace
}  // namespace forestsink
