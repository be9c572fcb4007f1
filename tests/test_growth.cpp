// Growth: stands follow their Chapman–Richards curve, computed here
// independently, and off-curve stands follow the documented rule.
#include "SyntheticInputs.h"

#include "sim/GrowthStep.h"
#include "species/GrowthTable.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace forestsink {
namespace {

const SpeciesTable& species() {
    static const SpeciesTable t = SpeciesTable::load(test::sourceDir() / "species" / "yunnan-species.csv");
    return t;
}

// V(t) = vmax · s · (1 − e^(−k t))^c, from the parameters, not from SpeciesGroup.
double curve(const SpeciesGroup& g, int site, double age) {
    return g.vmax * g.siteMultiplier[site] * std::pow(1 - std::exp(-g.k * age), g.c);
}

double growYears(const GrowthTable& table, int speciesIndex, int site, int age, float volume, int years) {
    for (int y = 0; y < years; ++y) volume = GrowthTable::grow(volume, table.step(speciesIndex, site, age + y));
    return volume;
}

TEST(Growth, StandOnItsCurveStaysOnItForEverySpeciesAndSite) {
    const GrowthTable table(species());
    for (int s = 0; s < species().size(); ++s)
        for (int site = 0; site < kSiteClassCount; ++site)
            for (int age : {1, 5, 17, 40, 90}) {
                const SpeciesGroup& g = species().group(s);
                const float v0 = static_cast<float>(curve(g, site, age));
                const double after = growYears(table, s, site, age, v0, 13);
                const double expected = curve(g, site, age + 13);
                EXPECT_NEAR(after, expected, expected * 2e-5) << g.name << " site " << site << " age " << age;
            }
}

TEST(Growth, NewStandStartsOnTheCurve) {
    const GrowthTable table(species());
    const SpeciesGroup& eucalyptus = species().group(*species().indexOfCode(5));
    const double after = growYears(table, *species().indexOfCode(5), 0, 0, 0.0f, 7);
    EXPECT_NEAR(after, curve(eucalyptus, 0, 7), curve(eucalyptus, 0, 7) * 2e-5);
}

// Below the plateau (S < 0.65, the default of species/README.md) a stand
// grows the increment times S / 0.65, so a low-yield stand closes in toward
// its curve; ten years against the rule worked here in double.
TEST(Growth, LowYieldStandGrowsByItsStockingResponseAndClosesIn) {
    const GrowthTable table(species());
    const int s = *species().indexOfCode(1);
    const SpeciesGroup& g = species().group(s);
    const float v0 = static_cast<float>(0.4 * curve(g, 1, 25));
    const double after = growYears(table, s, 1, 25, v0, 10);
    double byHand = v0;
    for (int a = 25; a < 35; ++a)
        byHand += std::min(byHand / curve(g, 1, a) / 0.65, 1.0) * (curve(g, 1, a + 1) - curve(g, 1, a));
    EXPECT_NEAR(after, byHand, byHand * 2e-5);
    EXPECT_GT(after / curve(g, 1, 35), 0.5);  // no longer the 0.4 it started at
}

// Above the plateau a stand grows the curve's increment, however far above
// its curve it stands.
TEST(Growth, OverstockedStandGrowsTheCurveIncrement) {
    const GrowthTable table(species());
    const int s = *species().indexOfCode(4);
    const SpeciesGroup& g = species().group(s);
    const float v0 = static_cast<float>(3.0 * curve(g, 2, 8));
    const double after = growYears(table, s, 2, 8, v0, 5);
    const double expected = v0 + (curve(g, 2, 13) - curve(g, 2, 8));
    EXPECT_NEAR(after, expected, expected * 2e-5);
}

TEST(Growth, StandsPastTheLastTabulatedAgeStopGrowing) {
    const GrowthTable table(species());
    EXPECT_EQ(GrowthTable::grow(321.0f, table.step(0, 1, GrowthTable::kMaxAge)), 321.0f);
    EXPECT_EQ(GrowthTable::grow(321.0f, table.step(0, 1, 1000)), 321.0f);
}

TEST(Growth, YearlyStepOnAnInMemoryGridGrowsStandsAndLeavesTheRest) {
    CellState state;
    Grid grid;
    grid.cols = 5;
    grid.rows = 3;
    state.allocate(grid);
    const GrowthTable table(species());
    for (std::size_t i = 0; i < state.cellCount(); ++i) {
        state.landClass[i] = LandClass::Forest;
        state.species[i] = static_cast<uint8_t>(i % species().size());
        state.site[i] = static_cast<uint8_t>(i % 3);
        state.age[i] = static_cast<uint16_t>(3 * i);
        state.volume[i] = static_cast<float>(curve(species().group(state.species[i]), state.site[i], state.age[i]));
    }
    state.species[7] = kNoSpecies;  // a treeless cell
    state.landClass[7] = LandClass::Barren;
    state.age[7] = 0;
    state.volume[7] = 0;
    const CellState before = state;
    for (int threads : {1, 2}) {
        state = before;
        growOneYear(state, table, ThreadRunner(threads, 1));
        for (std::size_t i = 0; i < state.cellCount(); ++i) {
            if (i == 7) {
                EXPECT_EQ(state.age[i], 0);
                EXPECT_EQ(state.volume[i], 0.0f);
                continue;
            }
            EXPECT_EQ(state.age[i], before.age[i] + 1);
            const double expected = before.age[i] == 0 ? curve(species().group(state.species[i]), state.site[i], 1)
                                                       : curve(species().group(state.species[i]), state.site[i],
                                                               before.age[i] + 1);
            EXPECT_NEAR(state.volume[i], expected, expected * 1e-5 + 1e-6) << "cell " << i;
        }
    }
}

// The step's path for a year without growth gains (every factor 1) skips the
// factor and, past age 0, the planting stocking: it must give the general
// expression's volume to the bit, for new stands (age 0, any stocking) and old.
TEST(Growth, PathWithoutGainsGrowsWhatTheGeneralExpressionGrows) {
    const GrowthTable table(species());
    const int n = 4000;
    CellState plain;
    Grid grid;
    grid.cols = n;
    grid.rows = 1;
    plain.allocate(grid);
    uint32_t x = 2007;
    auto next = [&x] { return x = x * 1664525u + 1013904223u, x >> 8; };
    for (int i = 0; i < n; ++i) {
        plain.species[i] = static_cast<uint8_t>(next() % species().size());
        plain.site[i] = static_cast<uint8_t>(next() % kSiteClassCount);
        plain.age[i] = static_cast<uint16_t>(i % 5 == 0 ? 0 : next() % 320);
        plain.volume[i] = i % 7 == 0 ? 0.0f : static_cast<float>(next() % 60000) * 0.01f;
        plain.plantedStocking[i] = static_cast<uint8_t>(next() % 140);
    }
    CellState general = plain;
    GrowthContext ctx;
    ctx.year = 2012;
    ASSERT_FALSE(ctx.hasGains());
    int newStands = 0;
    for (int i = 0; i < n; ++i) {
        const float before = plain.volume[i];
        const GrowthTable::Step& step = table.step(plain.species[i], plain.site[i], plain.age[i]);
        const float expected = GrowthTable::grow(before, step, static_cast<float>(plain.plantedStocking[i]) * 0.01f, 1.0f);
        newStands += plain.age[i] == 0;
        const double change = growCell<false>(GrowingStands(plain), static_cast<std::size_t>(i), table, ctx);
        growCell<true>(GrowingStands(general), static_cast<std::size_t>(i), table, ctx);
        EXPECT_EQ(plain.volume[i], expected) << "stand " << i;
        EXPECT_EQ(general.volume[i], expected) << "stand " << i;
        EXPECT_EQ(change, static_cast<double>(expected) - before) << "stand " << i;
    }
    EXPECT_GT(newStands, n / 10);
    ctx.speciesFactor[1] = 1.05f;
    EXPECT_TRUE(ctx.hasGains());
}

}  // namespace
}  // namespace forestsink
