// Which cells a programme may take (eligibility filters), in what order
// (priority rules and the seeded tie-break), and how much (quotas, carry-over,
// shortfall): one test per rule, on small in-memory grids.
#include "sim/programmes/ProgrammeKinds.h"
#include "SameYears.h"
#include "SyntheticInputs.h"
#include "YunnanSpecies.h"

#include "raster/Gdal.h"
#include "raster/GeoTiffWriter.h"
#include "raster/Grid.h"
#include "sim/Allocator.h"
#include "sim/BlockPrefilter.h"
#include "sim/CellState.h"
#include "sim/Simulation.h"
#include "sim/StateLoader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <fstream>
#include <set>

namespace forestsink {
namespace {

using test::species;
using test::idx;

namespace fs = std::filesystem;


// `cols` × `rows` forest cells of 100 ha: Yunnan pine (code 1), medium site, age 30, 100 m³/ha.
struct World {
    Scenario scenario;
    CellState state;
    World(int cols, int rows = 1) {
        scenario.startYear = 2007;
        scenario.endYear = 2015;
        scenario.seed = 17;
        scenario.forestClasses = {LandClass::Forest};
        Grid g;
        g.cols = cols;
        g.rows = rows;
        state.allocate(g);
        state.cellAreaHa.assign(rows, 100.0);
        state.regions = {{1, "zone"}};
        for (std::size_t i = 0; i < state.cellCount(); ++i) {
            state.landClass[i] = LandClass::Forest;
            state.species[i] = static_cast<uint8_t>(idx(1));
            state.site[i] = 1;
            state.region[i] = 1;
            state.age[i] = 30;
            state.volume[i] = 100;
        }
    }
    // Tending of every forest cell of any age, with a growth gain that changes nothing else.
    ProgrammeSpec& tending(double ha) {
        ProgrammeSpec p;
        p.name = "tending";
        p.kind = ProgrammeKind::Tending;
        p.firstYear = p.lastYear = 2008;
        p.areaHaPerYear = ha;
        p.eligible.landClasses = {LandClass::Forest};
        p.growthGain = 0.1;
        p.gainYears = 1;
        scenario.programmes.push_back(p);
        return scenario.programmes.back();
    }
    // A disturbance in 2008 that strikes `rate` of the eligible land of `classes`, at half severity.
    void disturbance(double rate, std::vector<LandClass> classes) {
        ProgrammeSpec d;
        d.name = "disturbance";
        d.kind = ProgrammeKind::Disturbance;
        d.firstYear = d.lastYear = 2008;
        d.ratePerYear = rate;
        d.severity = 0.5;
        d.eligible.landClasses = std::move(classes);
        scenario.programmes = {d};
    }
    // The record of 2008.
    YearRecord year2008() {
        Simulation sim(scenario, species(), state, ThreadRunner(1, 1));
        sim.start();
        return sim.step(2008);
    }
    // The cells programme 0 treated in 2008.
    std::set<std::size_t> treatedIn2008() {
        Simulation sim(scenario, species(), state, ThreadRunner(1, 1));
        sim.start();
        last = sim.step(2008);
        std::set<std::size_t> out;
        for (std::size_t i = 0; i < sim.state().cellCount(); ++i)
            if (sim.state().treatment[i] == 0) out.insert(i);
        return out;
    }
    YearRecord last;
};

using Cells = std::set<std::size_t>;

TEST(RulesEligibility, SpeciesFilterTakesOnlyTheListedSpecies) {
    World w(4);
    w.state.species[1] = static_cast<uint8_t>(idx(5));  // Eucalyptus
    w.state.species[3] = static_cast<uint8_t>(idx(8));  // oak
    w.tending(1000).eligible.species = {SpeciesChoice{false, "Eucalyptus", "test"}, SpeciesChoice{false, "8", "test"}};
    EXPECT_EQ(w.treatedIn2008(), (Cells{1, 3}));
}

TEST(RulesEligibility, AgeRangeIncludesBothEnds) {
    World w(5);
    const int ages[] = {9, 10, 15, 20, 21};
    for (int i = 0; i < 5; ++i) w.state.age[i] = static_cast<uint16_t>(ages[i]);
    auto& p = w.tending(1000);
    p.eligible.minAge = 10;
    p.eligible.maxAge = 20;
    EXPECT_EQ(w.treatedIn2008(), (Cells{1, 2, 3}));
}

TEST(RulesEligibility, AgeClassUsesTheSpeciesOwnClassLimits) {
    // Yunnan pine is young up to 20 years, Chinese fir up to 10.
    World w(4);
    w.state.age[0] = 15;  // pine, young
    w.state.age[1] = 21;  // pine, middle
    w.state.species[2] = static_cast<uint8_t>(idx(4)), w.state.age[2] = 10;  // fir, young
    w.state.species[3] = static_cast<uint8_t>(idx(4)), w.state.age[3] = 15;  // fir, middle
    w.tending(1000).eligible.ageClasses = {"young"};
    EXPECT_EQ(w.treatedIn2008(), (Cells{0, 2}));
}

// A programme's pass first drops, a block of cells at once, the stands whose
// species and age it can never take (sim/BlockPrefilter.h). The ages it keeps
// for a species must hold every age whose class (ageClassOf, the species'
// own limits) and range the programme takes: else a candidate is lost. For
// classes next to each other they are exactly those ages, so the pass drops
// all it can.
TEST(RulesEligibility, TheQuickAgeTestKeepsEveryAgeOfTheClassesAndRangeTaken) {
    ProgrammeSpec spec;
    CompiledProgramme p;
    p.spec = &spec;
    p.speciesAllowed.set();
    const std::vector<uint8_t> masks = {0b00001, 0b00010, 0b00100, 0b11000, 0b10000, 0b00110, 0b01001, 0b11111};
    const std::vector<std::pair<int, int>> ranges = {{0, 65535}, {12, 40}, {21, 21}, {50, 65535}};
    int droppedAges = 0;
    for (uint8_t mask : masks)
        for (const auto& [minAge, maxAge] : ranges) {
            p.ageClassMask.assign(species().size(), mask);
            p.minAge = minAge, p.maxAge = maxAge;
            const bool nextToEachOther = ((mask >> std::countr_zero(mask)) & ((mask >> std::countr_zero(mask)) + 1)) == 0;
            for (int s = 0; s < species().size(); ++s) {
                const auto [from, to] = agesTaken(p, species(), s);
                for (int age = 0; age <= 400; ++age) {
                    const bool taken = ((mask >> ageClassOf(species().group(s), age)) & 1) && age >= minAge && age <= maxAge;
                    const bool kept = age >= from && age <= to;
                    if (taken) {
                        EXPECT_TRUE(kept) << "species " << s << ", mask " << int(mask) << ", age " << age;
                    }
                    if (nextToEachOther) {
                        EXPECT_EQ(kept, taken) << "species " << s << ", mask " << int(mask) << ", age " << age;
                    }
                    droppedAges += !kept;
                }
            }
        }
    EXPECT_GT(droppedAges, 0);
    // A species the programme does not take, and cells without trees: no age.
    p.speciesAllowed.reset(1);
    const auto [from, to] = agesTaken(p, species(), 1);
    EXPECT_LT(to, from);
    const auto [treelessFrom, treelessTo] = agesTaken(p, species(), kNoSpecies);
    EXPECT_LT(treelessTo, treelessFrom);
}

// Relative stock is V over the mean stock of forest cells of the same species
// and site class, at the start of the year.
TEST(RulesEligibility, LowYieldIsMeasuredAgainstTheMeanOfForestOfTheSameSpeciesAndSite) {
    World w(6);
    const float v[] = {60, 100, 140};  // pine, medium, forest: mean 100
    for (int i = 0; i < 3; ++i) w.state.volume[i] = v[i];
    // Sparse forest of the same species and site: not forest, so not in the mean
    // (with it, the mean would be 76 and 60 would be 0.79 of it).
    w.state.landClass[3] = LandClass::SparseForest, w.state.volume[3] = 4;
    // Pine on a good site: its own mean (50 and 30, mean 40; 30 is 0.75 of it).
    w.state.site[4] = w.state.site[5] = 0;
    w.state.volume[4] = 50, w.state.volume[5] = 30;
    auto& p = w.tending(1000);
    p.eligible.minRelativeStock = 0.0;
    p.eligible.maxRelativeStock = 0.7;
    EXPECT_EQ(w.treatedIn2008(), (Cells{0}));  // 60 / 100 = 0.6
}

// Low-yield is strictly below the threshold: 70 m³/ha against a mean of 100
// is 0.7 of it, not low-yield; 69 is.
TEST(RulesEligibility, LowYieldMeansStrictlyBelowTheRelativeStockThreshold) {
    World w(4);
    const float v[] = {70, 130, 69, 131};  // mean 100
    for (int i = 0; i < 4; ++i) w.state.volume[i] = v[i];
    auto& p = w.tending(1000);
    p.eligible.minRelativeStock = 0.0;
    p.eligible.maxRelativeStock = 0.7;
    EXPECT_EQ(w.treatedIn2008(), (Cells{2}));
}

// In a later year, the mean is that of the stands as the year before left
// them (grown): 60, 100 and 140 m³/ha of one species, age and site grow
// alike, so in 2009 the first is still about 0.6 of the mean, the others not
// low-yield.
TEST(RulesEligibility, LowYieldInALaterYearIsMeasuredAgainstTheMeanOfTheStandsAsTheyGrew) {
    World w(3);
    const float v[] = {60, 100, 140};
    for (int i = 0; i < 3; ++i) w.state.volume[i] = v[i];
    auto& p = w.tending(1000);
    p.firstYear = p.lastYear = 2009;
    p.eligible.minRelativeStock = 0.0;
    p.eligible.maxRelativeStock = 0.7;
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    sim.step(2008);
    const float mean = (sim.state().volume[0] + sim.state().volume[1] + sim.state().volume[2]) / 3;
    ASSERT_GT(mean, 100.0f);  // grown
    ASSERT_LT(sim.state().volume[0] / mean, 0.7f);
    ASSERT_GT(sim.state().volume[1] / mean, 0.7f);
    sim.step(2009);
    Cells treated;
    for (std::size_t i = 0; i < 3; ++i)
        if (sim.state().treatment[i] == 0) treated.insert(i);
    EXPECT_EQ(treated, (Cells{0}));
}

TEST(RulesEligibility, RegionFilterTakesOnlyTheListedRegions) {
    World w(6);
    w.state.regions = {{1, "west"}, {2, "middle"}, {3, "east"}};
    for (int i = 0; i < 6; ++i) w.state.region[i] = static_cast<uint16_t>(1 + i / 2);
    w.tending(1000).eligible.regions = {"west", "3"};
    EXPECT_EQ(w.treatedIn2008(), (Cells{0, 1, 4, 5}));
}

// A raster threshold keeps the cells whose value lies in [min, max], both
// ends included: here a raster whose value is the column number, on the
// synthetic province (read through the loader and aligned to its grid).
TEST(RulesEligibility, RasterThresholdKeepsCellsWithinMinAndMaxInclusive) {
    test::SyntheticInputs in("in");
    in.write();
    std::vector<float> values(in.landClass.size());
    for (int row = 0; row < in.rows; ++row)
        for (int col = 0; col < in.cols; ++col) values[in.index(col, row)] = static_cast<float>(col);
    {
        auto ds = openRaster(in.dir / "land_class.tif", "grid");
        const Grid grid = gridOfDataset(*ds, in.dir / "land_class.tif", "grid");
        writeGeoTiff(in.dir / "code.tif", grid, GDT_Float32, values.data(), BandInfo{});
    }
    std::ofstream(in.scenarioPath(), std::ios::app)
        << "\n[[programmes]]\nname = \"tend\"\nkind = \"tending\"\nyears = [2008, 2008]\narea_ha_per_year = 1e6\n"
        << "eligible = { land_class = [\"forest\"], age = [0, 1000], raster = { path = \"code.tif\", min = 3, max = 5 } }\n";
    const Scenario s = loadScenario(in.scenarioPath(), programmeKinds());
    const LoadedState loaded = loadState(s, species(), ThreadRunner(1, 8));
    Simulation sim(s, species(), loaded.state, ThreadRunner(1, 8));
    sim.start();
    sim.step(2008);
    int treated = 0;
    for (int row = 0; row < in.rows; ++row)
        for (int col = 0; col < in.cols; ++col) {
            const std::size_t i = in.index(col, row);
            const bool forest = in.landClass[i] == 1;
            const bool expected = forest && col >= 3 && col <= 5;
            const auto entry = sim.state().cells.find(row, col);  // none outside the study area
            EXPECT_EQ(entry && sim.state().treatment[*entry] == 0, expected) << "col " << col << " row " << row;
            treated += expected;
        }
    EXPECT_EQ(treated, 3 * 6);  // columns 3–5 of the six forest rows
}

// An eligibility raster finer than the grid (issue 19 item 1): its codes are
// tested on its own 250 m cells, never averaged, and a 1 km cell holding
// passing and failing cells is taken whole or not at all, so that each row
// of the grid selects its passing area to within one cell. Shares by hand.
TEST(RulesEligibility, RasterRangeOnACoarserGridSelectsEachRowsPassingShareToWithinOneCell) {
    initGdal();
    World w(20, 20);
    w.state.grid.crsWkt = test::SyntheticInputs("grid").crsWkt();
    w.state.grid.geotransform = {-480000, 1000, 0, 2820000, 0, -1000};
    Grid fine = w.state.grid;
    fine.geotransform = {-480000, 250, 0, 2820000, 0, -250};
    fine.cols = fine.rows = 80;
    auto code = [](int r, int c) { return static_cast<float>((r * 7 + c * 3 + (r * c) % 5) % 6 == 0 ? 0 : 4 + (r * 5 + c * 11 + r / 3) % 5); };
    std::vector<float> codes(fine.cellCount());
    for (int r = 0; r < fine.rows; ++r)
        for (int c = 0; c < fine.cols; ++c) codes[static_cast<std::size_t>(r) * fine.cols + c] = code(r, c);
    const fs::path path = test::freshDir("fine") / "codes.tif";
    writeGeoTiff(path, fine, GDT_Float32, codes.data(), BandInfo{});
    w.tending(1e9).eligible.raster = RasterThreshold{path, 6, 7, "test"};

    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    const CompiledProgramme& p = sim.programmes()[0];
    double passingHa = 0;
    int mixed = 0, selected = 0;
    for (int r = 0; r < 20; ++r) {
        double rowShare = 0;
        int rowSelected = 0;
        for (int c = 0; c < 20; ++c) {
            int passing = 0;
            for (int fr = 4 * r; fr < 4 * r + 4; ++fr)
                for (int fc = 4 * c; fc < 4 * c + 4; ++fc) passing += code(fr, fc) >= 6 && code(fr, fc) <= 7;
            const bool taken = p.insideThreshold[static_cast<std::size_t>(r) * 20 + c];
            if (passing == 0) EXPECT_FALSE(taken) << "row " << r << " col " << c;
            if (passing == 16) EXPECT_TRUE(taken) << "row " << r << " col " << c;
            rowShare += passing / 16.0;
            rowSelected += taken;
            mixed += passing > 0 && passing < 16;
        }
        EXPECT_LT(std::abs(rowSelected - rowShare), 1.0) << "row " << r;
        passingHa += rowShare * 100;
        selected += rowSelected;
    }
    EXPECT_GT(mixed, 300);
    EXPECT_EQ(p.rasterArea.mixedCells, mixed);
    EXPECT_NEAR(p.rasterArea.passingHa(), passingHa, 1e-3);
    EXPECT_NEAR(p.rasterArea.selectedHa(), selected * 100.0, 1e-6);
    // The bits are what the allocation takes: every selected forest cell is tended.
    sim.start();
    sim.step(2008);
    for (std::size_t i = 0; i < sim.state().cellCount(); ++i)
        EXPECT_EQ(sim.state().treatment[i] == 0, static_cast<bool>(p.insideThreshold[i])) << "cell " << i;
    // The selection is fixed by the cells' places: 2 threads with tiles of 3
    // rows, and 3 bands of rows on in-process ranks, give one thread's years to the bit.
    w.scenario.endYear = 2009;
    Simulation one(w.scenario, species(), w.state, ThreadRunner(1, 1));
    const std::vector<YearRecord> years = runAllYears(one, w.scenario);
    Simulation two(w.scenario, species(), w.state, ThreadRunner(2, 3));
    test::expectSameYears(years, runAllYears(two, w.scenario));
    test::expectBandsGiveOneRunsYears(w.scenario, species(), w.state, years, 3);
}

TEST(RulesEligibility, LowestStockPriorityTakesTheLowestVolumesFirst) {
    World w(5);
    const float v[] = {90, 30, 120, 10, 60};
    for (int i = 0; i < 5; ++i) w.state.volume[i] = v[i];
    w.tending(200).priority = PriorityRule::LowestStock;
    EXPECT_EQ(w.treatedIn2008(), (Cells{1, 3}));
}

TEST(RulesEligibility, OldestPriorityTakesTheOldestStandsFirst) {
    World w(5);
    const int ages[] = {40, 95, 30, 70, 50};
    for (int i = 0; i < 5; ++i) w.state.age[i] = static_cast<uint16_t>(ages[i]);
    w.tending(200).priority = PriorityRule::Oldest;
    EXPECT_EQ(w.treatedIn2008(), (Cells{1, 3}));
}

// Nearest forest is Euclidean: in a 4 × 3 block of barren land with forest at
// the top-left corner, seven cells are taken: those at 1, √2, 2 and √5 cells
// (cells 1, 4; 5; 2, 8; 6, 9), not the one at √8 (cell 10) nor those at 3
// (cell 3) — a city-block or chessboard distance would tie some of these.
TEST(RulesEligibility, NearestForestPriorityUsesEuclideanDistance) {
    World w(4, 3);
    for (std::size_t i = 1; i < w.state.cellCount(); ++i) {
        w.state.landClass[i] = LandClass::Barren;
        w.state.species[i] = kNoSpecies;
        w.state.age[i] = 0;
        w.state.volume[i] = 0;
    }
    ProgrammeSpec p;
    p.name = "planting";
    p.kind = ProgrammeKind::Afforestation;
    p.firstYear = p.lastYear = 2008;
    p.areaHaPerYear = 700;  // seven cells
    p.eligible.landClasses = {LandClass::Barren};
    p.priority = PriorityRule::NearestForest;
    p.species = SpeciesChoice{false, "1", "test"};
    p.stocking = 0.7;
    p.yearsToForest = 5;
    w.scenario.programmes.push_back(p);
    EXPECT_EQ(w.treatedIn2008(), (Cells{1, 2, 4, 5, 6, 8, 9}));
}

// Equal priorities: the cells with the largest hash of (seed, cell, year,
// programme) win, so a run is reproducible and another seed chooses others.
TEST(RulesEligibility, RandomPriorityTakesTheCellsWithTheLargestSeededTieHash) {
    auto expected = [](uint64_t seed, int n, int take) {
        std::vector<std::pair<uint32_t, std::size_t>> h;
        for (int i = 0; i < n; ++i) h.push_back({tieHash(seed, static_cast<std::size_t>(i), 2008, 0), i});
        std::sort(h.rbegin(), h.rend());
        Cells out;
        for (int k = 0; k < take; ++k) out.insert(h[static_cast<std::size_t>(k)].second);
        return out;
    };
    Cells first;
    for (uint64_t seed : {17ull, 18ull}) {
        World w(20);
        w.scenario.seed = seed;
        w.tending(500).priority = PriorityRule::Random;
        const Cells got = w.treatedIn2008();
        EXPECT_EQ(got, expected(seed, 20, 5)) << "seed " << seed;
        if (first.empty()) first = got;
        else EXPECT_NE(got, first);  // another seed, other cells
    }
}

// rate_per_year is a share of the eligible area: half of six forest cells.
TEST(RulesEligibility, DisturbanceRateStrikesThatShareOfTheEligibleArea) {
    World w(8);
    w.state.landClass[6] = LandClass::Barren, w.state.species[6] = kNoSpecies, w.state.volume[6] = 0;
    w.state.landClass[7] = LandClass::NonForest, w.state.species[7] = kNoSpecies, w.state.volume[7] = 0;
    w.disturbance(0.5, {LandClass::Forest, LandClass::SparseForest});
    const YearRecord r = w.year2008();
    EXPECT_EQ(r.programmes[0].eligible[0], 600 * 10000);
    EXPECT_EQ(r.programmes[0].need[0], 300 * 10000);
    EXPECT_EQ(r.programmes[0].taken[0], 300 * 10000);
    EXPECT_NEAR(r.provinceFlows[kLossM3], 3 * 0.5 * 100 * 100.0, 1e-6);
}

// Every land class can be named, the last in the list (un-closed
// plantations, code 8) too: a programme on it takes it and nothing else.
TEST(RulesEligibility, LandClassFilterTakesOnlyTheListedClassesTheLastOneToo) {
    World w(4);
    w.state.landClass[2] = LandClass::UnclosedPlantation;
    w.disturbance(1.0, {LandClass::UnclosedPlantation});
    EXPECT_EQ(w.year2008().programmes[0].eligible[0], 100 * 10000);
}

// area_ha_total: what is left is spread over the years left, so a year's
// shortfall carries over. Tending of stands aged 31 or more (stands age by a
// year each year): none qualify in 2008, two in 2009, none more in 2010.
TEST(RulesEligibility, AreaTotalSpreadsWhatIsLeftOverTheYearsLeft) {
    World w(6);
    for (int i = 0; i < 6; ++i) w.state.age[i] = i < 2 ? 30 : 28;
    ProgrammeSpec& p = w.tending(0);
    p.areaHaPerYear.reset();
    p.areaHaTotal = 600;
    p.firstYear = 2008;
    p.lastYear = 2010;
    p.eligible.minAge = 31;
    p.eligible.maxAge = 1000;
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    const YearRecord a = sim.step(2008);  // ages 30, 28 at the start of the year: none qualify
    const YearRecord b = sim.step(2009);  // 31 and 29: two qualify
    const YearRecord c = sim.step(2010);  // 32 and 30: none left
    const YearRecord d = sim.step(2011);  // outside the period
    EXPECT_EQ(a.programmes[0].need[0], 200 * 10000);  // 600 / 3
    EXPECT_EQ(a.programmes[0].taken[0], 0);
    EXPECT_EQ(b.programmes[0].need[0], 300 * 10000);  // 600 / 2
    EXPECT_EQ(b.programmes[0].eligible[0], 200 * 10000);
    EXPECT_EQ(b.programmes[0].taken[0], 200 * 10000);  // 100 ha short
    EXPECT_EQ(c.programmes[0].need[0], 400 * 10000);   // 600 − 200, all in the last year
    EXPECT_EQ(c.programmes[0].taken[0], 0);
    EXPECT_TRUE(d.programmes.empty());
}

TEST(RulesEligibility, RegionalQuotasTakeEachRegionsOwnAmount) {
    World w(6);
    w.state.regions = {{1, "west"}, {2, "east"}};
    for (int i = 3; i < 6; ++i) w.state.region[i] = 2;
    const float v[] = {10, 20, 30, 40, 50, 60};
    for (int i = 0; i < 6; ++i) w.state.volume[i] = v[i];
    auto& p = w.tending(0);
    p.areaHaPerYear.reset();
    p.areaHaPerYearByRegion = {{"west", 100}, {"east", 200}};
    p.priority = PriorityRule::LowestStock;
    // Lowest stock within each region: 0 in the west, 3 and 4 in the east
    // (a province-wide quota of 300 ha would take 0, 1 and 2).
    EXPECT_EQ(w.treatedIn2008(), (Cells{0, 3, 4}));
}

// BUG (disabled until fixed): scenarios/README.md says "An area programme
// treats a cell at most once", but the engine remembers only the last
// programme that treated a cell (CellState::treatment, checked in
// Simulation::runProgramme's candidate test), so once another programme has
// treated the cell, the first may treat it again. Here tending A (2008–2009)
// and tending B (2008) share one cell: A treats it in 2008, B takes it over in
// 2008, and A treats it a second time in 2009.
TEST(RulesEligibility, DISABLED_AnAreaProgrammeTreatsACellAtMostOnceEvenAfterAnotherProgrammeTreatedIt) {
    World w(1);
    w.state.age[0] = 15;
    {
        ProgrammeSpec& a = w.tending(100);
        a.name = "tending A";
        a.lastYear = 2009;
    }
    w.tending(100).name = "tending B";
    Simulation sim(w.scenario, species(), w.state, ThreadRunner(1, 1));
    sim.start();
    const YearRecord y2008 = sim.step(2008);
    ASSERT_EQ(y2008.programmes.size(), 2u);
    EXPECT_EQ(y2008.programmes[0].taken[0], 100 * 10000);  // A
    EXPECT_EQ(y2008.programmes[1].taken[0], 100 * 10000);  // B
    const YearRecord y2009 = sim.step(2009);
    ASSERT_EQ(y2009.programmes.size(), 1u);
    EXPECT_EQ(y2009.programmes[0].taken[0], 0);  // A has treated this cell already
}

}  // namespace
}  // namespace forestsink
