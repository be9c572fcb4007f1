// Each programme kind on a small in-memory grid, against values computed by
// hand from the species curves.
#include "RowOfCells.h"
#include "sim/programmes/ProgrammeKinds.h"
#include "SyntheticInputs.h"
#include "ThreadRanks.h"
#include "YunnanSpecies.h"

#include "raster/Gdal.h"
#include "raster/GeoTiffWriter.h"
#include "sim/Allocator.h"
#include "sim/Simulation.h"
#include "sim/StateLoader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <fstream>

namespace forestsink {
namespace {

using test::species;
using test::idx;
using test::curve;

namespace fs = std::filesystem;

// One year of README.md's growth rule on the medium site: the curve's
// increment × min(S / 0.65, 1) × gain, S = V / C(a), 0.65 the default plateau.
double grown(int code, int age, double v, double gain = 1.0) {
    return v + std::min(v / curve(code, 1, age) / 0.65, 1.0) * (curve(code, 1, age + 1) - curve(code, 1, age)) * gain;
}


// A row of `n` cells of 100 ha, all forest of Yunnan pine, medium site, one region.
struct Grid1 {
    Scenario scenario;
    CellState state;
    explicit Grid1(int n) {
        scenario.startYear = 2007;
        scenario.endYear = 2020;
        scenario.seed = 3;
        scenario.forestClasses = {LandClass::Forest};
        test::allocateRowOfCells(state, n);
        for (int i = 0; i < n; ++i) {
            state.landClass[i] = LandClass::Forest;
            state.species[i] = static_cast<uint8_t>(idx(1));
            state.site[i] = 1;
            state.region[i] = 1;
            state.age[i] = 30;
            state.volume[i] = static_cast<float>(curve(1, 1, 30));
        }
    }
    ProgrammeSpec& add(ProgrammeKind kind, int first, int last) { return test::addProgramme(scenario, kind, first, last); }
};

TEST(Programmes, AfforestationPlantsBarrenLandNearestTheForestAndItBecomesForest) {
    Grid1 t(6);
    for (int i : {2, 3, 4, 5}) {  // barren land; 2 is next to the forest, 5 farthest
        t.state.landClass[i] = LandClass::Barren;
        t.state.species[i] = kNoSpecies;
        t.state.age[i] = 0;
        t.state.volume[i] = 0;
    }
    auto& p = t.add(ProgrammeKind::Afforestation, 2008, 2008);
    p.areaHaPerYear = 200;
    p.species = SpeciesChoice{false, "Eucalyptus", "test"};
    p.stocking = 0.7;
    p.yearsToForest = 2;
    p.priority = PriorityRule::NearestForest;
    p.eligible.landClasses = {LandClass::Barren};
    p.costYuanPerHa = 3000;
    Simulation sim(t.scenario, species(), t.state, ThreadRunner(1, 1));
    sim.start();
    const YearRecord y2008 = sim.step(2008);
    const CellState& s = sim.state();
    EXPECT_EQ(s.species[2], idx(5));
    EXPECT_EQ(s.species[3], idx(5));
    EXPECT_EQ(s.species[4], kNoSpecies);  // farther from the forest: not planted
    EXPECT_EQ(s.age[2], 1);
    EXPECT_NEAR(s.volume[2], 0.7 * curve(5, 1, 1), 1e-4);
    EXPECT_EQ(s.landClass[2], LandClass::UnclosedPlantation);  // not yet forest
    ASSERT_EQ(y2008.programmes.size(), 1u);
    EXPECT_EQ(y2008.programmes[0].areaM2ByRegion[0], 200 * 10000);
    sim.step(2009);
    const YearRecord y2010 = sim.step(2010);
    EXPECT_EQ(sim.state().landClass[2], LandClass::Forest);  // planted 2008 + 2 years
    // It starts at 0.7 of the curve and, above the plateau, grows the curve's increment.
    EXPECT_NEAR(sim.state().volume[2], grown(5, 2, grown(5, 1, 0.7 * curve(5, 1, 1))), 1e-3);
    // It enters the forest stock as reclassification.
    EXPECT_NEAR(y2010.provinceFlows[kReclassM3], 2 * 100 * sim.state().volume[2], 0.01);
}

TEST(Programmes, ClosureRegeneratesShrublandOnTheLocalCurveAndMakesItForest) {
    Grid1 t(3);
    t.state.landClass[2] = LandClass::Shrubland;
    t.state.species[2] = kNoSpecies;
    t.state.volume[2] = 0;
    t.state.age[2] = 0;
    auto& p = t.add(ProgrammeKind::Closure, 2008, 2008);
    p.areaHaPerYear = 100;
    p.eligible.landClasses = {LandClass::Shrubland};
    p.species = SpeciesChoice{true, "local", "test"};
    p.yearsToForest = 3;
    p.startVolumeM3PerHa = 10;
    Simulation sim(t.scenario, species(), t.state, ThreadRunner(1, 1));
    sim.start();
    sim.step(2008);
    const CellState& s = sim.state();
    EXPECT_EQ(s.species[2], idx(1));  // the region's commonest forest species
    // On the curve from the first age at which it holds 10 m³/ha.
    int a0 = 0;
    while (curve(1, 1, a0) < 10) ++a0;
    EXPECT_EQ(s.age[2], a0 + 1);
    EXPECT_NEAR(s.volume[2], grown(1, a0, 10), 1e-3);
    sim.step(2009);
    sim.step(2010);
    EXPECT_EQ(sim.state().landClass[2], LandClass::Shrubland);
    sim.step(2011);
    EXPECT_EQ(sim.state().landClass[2], LandClass::Forest);
}

TEST(Programmes, ImprovementRaisesGrowthOfLowYieldStandsOnly) {
    Grid1 t(4);
    const float v[] = {20, 90, 100, 110};  // mean 80: only the first is below 0.7 of it
    for (int i = 0; i < 4; ++i) t.state.volume[i] = v[i];
    auto& p = t.add(ProgrammeKind::Improvement, 2008, 2008);
    p.areaHaPerYear = 400;  // more than is eligible
    p.eligible.landClasses = {LandClass::Forest};
    p.eligible.minRelativeStock = 0.0;
    p.eligible.maxRelativeStock = 0.7;
    p.growthGain = 0.25;
    p.gainYears = 2;
    p.priority = PriorityRule::LowestStock;
    Simulation sim(t.scenario, species(), t.state, ThreadRunner(1, 1));
    sim.start();
    const YearRecord r = sim.step(2008);
    const double c30 = curve(1, 1, 30), c31 = curve(1, 1, 31), c32 = curve(1, 1, 32), c33 = curve(1, 1, 33);
    EXPECT_NEAR(sim.state().volume[0], grown(1, 30, 20, 1.25), 1e-3);
    EXPECT_NEAR(sim.state().volume[1], grown(1, 30, 90), 1e-3);  // untreated
    // 100 ha treated of the 400 asked: a shortfall of 300 ha, reported.
    EXPECT_EQ(r.programmes[0].taken[0], 100 * 10000);
    EXPECT_EQ(r.programmes[0].need[0], 400 * 10000);
    const float after2008 = sim.state().volume[0];
    sim.step(2009);
    const float after2009 = sim.state().volume[0];
    EXPECT_NEAR(after2009, grown(1, 31, after2008, 1.25), 1e-3);
    EXPECT_LT(after2008 / c31, 0.65);  // still below the plateau: the gain and the response both show
    sim.step(2010);  // the gain has ended
    EXPECT_NEAR(sim.state().volume[0], grown(1, 32, after2009), 1e-3);
    (void)c30, (void)c33;
}

TEST(Programmes, TendingRaisesGrowthOfYoungAndMiddleAgedStands) {
    Grid1 t(2);
    t.state.age[0] = 15;  // young Yunnan pine (≤ 20)
    t.state.volume[0] = static_cast<float>(curve(1, 1, 15));
    t.state.age[1] = 50;  // mature
    auto& p = t.add(ProgrammeKind::Tending, 2008, 2008);
    p.areaHaPerYear = 200;
    p.eligible.landClasses = {LandClass::Forest};
    p.eligible.ageClasses = {"young", "middle"};
    p.growthGain = 0.15;
    p.gainYears = 10;
    Simulation sim(t.scenario, species(), t.state, ThreadRunner(1, 1));
    sim.start();
    sim.step(2008);
    EXPECT_NEAR(sim.state().volume[0], curve(1, 1, 15) + (curve(1, 1, 16) - curve(1, 1, 15)) * 1.15, 1e-3);
    EXPECT_NEAR(sim.state().volume[1], grown(1, 50, t.state.volume[1]), 1e-3);
}

TEST(Programmes, HarvestTakesTheOldestMatureStandsUpToItsVolume) {
    Grid1 t(4);
    const int ages[] = {80, 70, 62, 25};
    for (int i = 0; i < 4; ++i) t.state.age[i] = static_cast<uint16_t>(ages[i]), t.state.volume[i] = 200;
    auto& p = t.add(ProgrammeKind::Harvest, 2008, 2008);
    p.volumeM3PerYear = 30000;  // 1.5 stands of 200 m³/ha × 100 ha
    p.eligible.landClasses = {LandClass::Forest};
    p.eligible.ageClasses = {"mature", "over_mature"};
    p.priority = PriorityRule::Oldest;
    p.stocking = 0.8;
    Simulation sim(t.scenario, species(), t.state, ThreadRunner(2, 1));
    sim.start();
    const YearRecord r = sim.step(2008);
    // Whole cells: the two oldest (40,000 m³) fill the 30,000 m³ quota.
    EXPECT_NEAR(r.provinceFlows[kHarvestM3], 40000, 1e-6);
    EXPECT_EQ(sim.state().age[0], 1);
    EXPECT_EQ(sim.state().age[1], 1);
    EXPECT_NEAR(sim.state().volume[0], 0.8 * curve(1, 1, 1), 1e-4);  // regenerated at 0.8 stocking
    EXPECT_EQ(sim.state().age[2], 63);  // third oldest, untouched
    EXPECT_EQ(r.programmes[0].volumeMilliM3ByRegion[0], 40000 * 1000);
}

TEST(Programmes, DisturbanceDamagesAndRecoveryRestores) {
    Grid1 t(4);
    auto& d = t.add(ProgrammeKind::Disturbance, 2008, 2008);
    d.areaHaPerYear = 200;
    d.severity = 0.4;
    d.eligible.landClasses = {LandClass::Forest};
    auto& r = t.add(ProgrammeKind::Recovery, 2009, 2009);
    r.areaHaPerYear = 1000;
    r.eligible.damagedOnly = true;
    r.growthGain = 0.2;
    r.gainYears = 5;
    Simulation sim(t.scenario, species(), t.state, ThreadRunner(1, 1));
    sim.start();
    const YearRecord y = sim.step(2008);
    const double v0 = t.state.volume[0];
    EXPECT_NEAR(y.provinceFlows[kLossM3], 2 * 100 * 0.4 * v0, 0.01);
    int damaged = 0;
    for (int i = 0; i < 4; ++i) damaged += (sim.state().flags[i] & kDamaged) ? 1 : 0;
    EXPECT_EQ(damaged, 2);
    const YearRecord y2 = sim.step(2009);
    EXPECT_EQ(y2.programmes[0].taken[0], 200 * 10000);  // only the damaged cells were eligible
    for (int i = 0; i < 4; ++i) EXPECT_FALSE(sim.state().flags[i] & kDamaged);
}

TEST(Programmes, ConversionMakesANonForestSinkThatCountsInCo2e) {
    Grid1 t(3);
    t.state.landClass[1] = LandClass::NonForest;
    t.state.species[1] = kNoSpecies;
    t.state.volume[1] = 0;
    auto& p = t.add(ProgrammeKind::Conversion, 2008, 2008);
    p.areaHaPerYear = 100;
    p.eligible.landClasses = {LandClass::NonForest};
    p.toClass = LandClass::NonForest;
    p.sinkCarbonTPerHa = 25;
    Simulation sim(t.scenario, species(), t.state, ThreadRunner(1, 1));
    const YearRecord before = sim.start();
    const YearRecord after = sim.step(2008);
    EXPECT_DOUBLE_EQ(before.totals.province[kSinkCarbonT], 0.0);
    EXPECT_DOUBLE_EQ(after.totals.province[kSinkCarbonT], 25.0 * 100);
}

TEST(Programmes, ShortfallIsReportedWhenEligibleLandRunsOut) {
    Grid1 t(3);
    t.state.landClass[0] = LandClass::Barren;
    t.state.species[0] = kNoSpecies;
    auto& p = t.add(ProgrammeKind::Afforestation, 2008, 2009);
    p.areaHaTotal = 300;  // 150 ha a year, but only 100 ha of barren land
    p.species = SpeciesChoice{false, "1", "test"};
    p.eligible.landClasses = {LandClass::Barren};
    Simulation sim(t.scenario, species(), t.state, ThreadRunner(1, 1));
    sim.start();
    const YearRecord a = sim.step(2008);
    EXPECT_EQ(a.programmes[0].need[0], 150 * 10000);
    EXPECT_EQ(a.programmes[0].taken[0], 100 * 10000);
    const YearRecord b = sim.step(2009);
    EXPECT_EQ(b.programmes[0].need[0], 200 * 10000);  // the rest of the total, carried over
    EXPECT_EQ(b.programmes[0].taken[0], 0);
}

TEST(Programmes, RegionalQuotasAreFilledRegionByRegionWithTheirOwnShortfall) {
    Grid1 t(6);
    t.state.regions = {{1, "west"}, {2, "east"}};
    for (int i = 3; i < 6; ++i) t.state.region[i] = 2;
    auto& p = t.add(ProgrammeKind::Tending, 2008, 2008);
    p.areaHaPerYearByRegion = {{"west", 200}, {"2", 500}};  // by name and by id; east has only 300 ha
    p.eligible.landClasses = {LandClass::Forest};
    p.growthGain = 0.1;
    p.gainYears = 1;
    Simulation sim(t.scenario, species(), t.state, ThreadRunner(2, 1));
    sim.start();
    const YearRecord r = sim.step(2008);
    const ProgrammeYear& py = r.programmes[0];
    ASSERT_EQ(py.groupRegionIds.size(), 2u);
    const int west = py.groupRegionIds[0] == 1 ? 0 : 1, east = 1 - west;
    EXPECT_EQ(py.taken[west], 200 * 10000);
    EXPECT_EQ(py.need[east], 500 * 10000);
    EXPECT_EQ(py.taken[east], 300 * 10000);  // 200 ha short in the east
    EXPECT_EQ(py.areaM2ByRegion[0], 200 * 10000);
    EXPECT_EQ(py.areaM2ByRegion[1], 300 * 10000);
}

TEST(Programmes, RasterPriorityTakesTheHighestOrLowestValuesFirst) {
    test::SyntheticInputs inputs("in");
    inputs.write();
    // A priority raster equal to the column number, on the synthetic grid.
    std::vector<float> values(inputs.landClass.size());
    for (int row = 0; row < inputs.rows; ++row)
        for (int col = 0; col < inputs.cols; ++col) values[inputs.index(col, row)] = static_cast<float>(col);
    const fs::path priority = inputs.dir / "priority.tif";
    {
        auto ds = openRaster(inputs.dir / "land_class.tif", "grid");
        const Grid grid = gridOfDataset(*ds, inputs.dir / "land_class.tif", "grid");
        BandInfo info;
        writeGeoTiff(priority, grid, GDT_Float32, values.data(), info);
    }
    for (const auto [rule, expectedColumn] : {std::pair{"highest_raster", 10}, std::pair{"lowest_raster", 1}}) {
        std::ofstream(inputs.scenarioPath(), std::ios::app)
            << "\n[[programmes]]\nname = \"tend\"\nkind = \"tending\"\nyears = [2008, 2008]\narea_ha_per_year = 100\n"
            << "eligible = { land_class = [\"forest\"], age_class = [\"young\", \"middle\", \"near_mature\", \"mature\", \"over_mature\"] }\n"
            << "priority = \"" << rule << "\"\npriority_raster = \"priority.tif\"\n";
        const Scenario s = loadScenario(inputs.scenarioPath(), programmeKinds());
        const LoadedState loaded = loadState(s, species(), ThreadRunner(1, 8));
        Simulation sim(s, species(), loaded.state, ThreadRunner(1, 8));
        sim.start();
        sim.step(2008);
        // One cell of 100 ha treated: in the extreme forest column.
        int treated = 0;
        for (std::size_t i = 0; i < sim.state().cellCount(); ++i)
            if (sim.state().treatment[i] == sim.programmes().back().index) {
                ++treated;
                EXPECT_EQ(sim.state().cells.locate(i).second, expectedColumn) << rule;
            }
        EXPECT_EQ(treated, 1) << rule;
        inputs.write();  // back to no programmes
    }
}

TEST(Programmes, AllocationIsTheSameOnAnyThreadCountAndTileSize) {
    // 40 × 30 cells of random-priority disturbance on half the area.
    Grid1 t(1);
    Grid g;
    g.cols = 40;
    g.rows = 30;
    CellState big;
    big.allocate(g);
    big.cellAreaHa.assign(30, 100.0);
    big.regions = {{1, "zone"}};
    for (std::size_t i = 0; i < big.cellCount(); ++i) {
        big.landClass[i] = LandClass::Forest;
        big.species[i] = static_cast<uint8_t>(idx(1 + static_cast<int>(i % 11)));
        big.region[i] = 1;
        big.age[i] = static_cast<uint16_t>(10 + i % 90);
        big.volume[i] = static_cast<float>(50 + i % 200);
    }
    auto& d = t.add(ProgrammeKind::Disturbance, 2008, 2008);
    d.areaHaPerYear = 60000;
    d.severity = 0.5;
    d.eligible.landClasses = {LandClass::Forest};
    auto& h = t.add(ProgrammeKind::Harvest, 2008, 2008);
    h.volumeM3PerYear = 1e6;
    h.eligible.landClasses = {LandClass::Forest};
    h.priority = PriorityRule::Oldest;
    StateArray<float> reference;
    for (auto [threads, tile] : {std::pair{1, 30}, std::pair{2, 1}, std::pair{2, 7}}) {
        Simulation sim(t.scenario, species(), big, ThreadRunner(threads, tile));
        sim.start();
        const YearRecord r = sim.step(2008);
        EXPECT_EQ(r.programmes[0].taken[0], 60000LL * 10000);
        if (reference.empty()) reference = sim.state().volume;
        else EXPECT_TRUE(reference == sim.state().volume) << threads << " threads, tiles of " << tile;
    }
}


// The allocation against a sort: candidates by key, highest first, until the
// need is met; ties at the last key taken whole. Keys whose upper 32 bits all
// candidates share (one priority for all, as "random" has) let the search skip
// two of its four levels; keys that differ everywhere skip none. Both must take
// exactly the cells the sort takes.
TEST(Programmes, AllocationTakesWhatASortTakesWhetherOrNotLevelsAreSkipped) {
    Grid g;
    g.cols = 50, g.rows = 40;
    CellState state;
    state.allocate(g);
    std::mt19937_64 random(7);
    std::vector<int64_t> amount(state.cellCount());
    for (auto& a : amount) a = 1 + static_cast<int64_t>(random() % 100);
    for (const uint64_t sharedHigh : {0x80000000ULL, ~0ULL}) {
        std::vector<uint64_t> key(state.cellCount());
        for (auto& k : key) {
            const uint64_t r = random();
            k = sharedHigh == ~0ULL ? r : (sharedHigh << 32 | (r & 0xffffffffULL));
        }
        key[5] = key[6];  // a tie
        const int64_t need = 40000;
        // The sort.
        std::vector<std::size_t> order(key.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key[a] > key[b]; });
        int64_t sum = 0;
        uint64_t threshold = 0;
        for (std::size_t i : order) {
            sum += amount[i];
            if (sum >= need) {
                threshold = key[i];
                break;
            }
        }
        std::vector<bool> expected(key.size());
        for (std::size_t i = 0; i < key.size(); ++i) expected[i] = key[i] >= threshold;
        // The allocation.
        std::vector<char> taken(key.size(), 0);  // bytes: the threads write apart
        AllocationScratch scratch;
        const AllocationOutcome o = allocate(
            state, ThreadRunner(2, 7), 1,
            [&](std::size_t i, int, int, Candidate& c) {
                c.group = 0, c.key = key[i], c.amount = amount[i];
                return true;
            },
            [&](const std::vector<int64_t>&) { return std::vector<int64_t>{need}; },
            [&](std::size_t i, int, int, int) { taken[i] = true; }, scratch);
        EXPECT_TRUE(std::vector<bool>(taken.begin(), taken.end()) == expected) << std::hex << sharedHigh;
        EXPECT_GE(o.taken[0], need);
    }
}


// What a sort takes: each group's candidates by key, highest first, until its
// need is met (all of them when it cannot be).
std::vector<bool> takenBySort(const std::vector<bool>& isCandidate, const std::vector<int>& group,
                              const std::vector<uint64_t>& key, const std::vector<int64_t>& amount,
                              const std::vector<int64_t>& need) {
    std::vector<bool> taken(key.size(), false);
    for (int g = 0; g < static_cast<int>(need.size()); ++g) {
        std::vector<std::size_t> order;
        for (std::size_t i = 0; i < key.size(); ++i)
            if (isCandidate[i] && group[i] == g) order.push_back(i);
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key[a] > key[b]; });
        int64_t sum = 0;
        for (std::size_t i : order) {
            if (sum >= need[static_cast<std::size_t>(g)]) break;
            sum += amount[i];
            taken[i] = true;
        }
    }
    return taken;
}

// The candidate cache keeps 16-byte records and is limited in bytes. An
// allocation whose cache is cut short (no bytes, or room for a few records),
// or that meets an amount too large for a record, evaluates the cells again
// and takes exactly the cells a full cache takes, at the same rows and
// columns, on a study area with holes, in tiles of 4 rows, with one scratch
// reused from case to case (its lists keep their capacity).
TEST(Programmes, AllocationTakesTheSameCellsWhateverItsCandidateCacheMayHold) {
    Grid g;
    g.cols = 37, g.rows = 29;
    StudyCells cells(g.cols);
    std::vector<uint8_t> mask(static_cast<std::size_t>(g.cols));
    for (int row = 0; row < g.rows; ++row) {
        for (int col = 0; col < g.cols; ++col) mask[static_cast<std::size_t>(col)] = row % 5 != 3 && col % 11 < 7;
        cells.addRow(mask.data());
    }
    cells.finish();
    CellState state;
    state.allocate(g, std::move(cells));
    const std::size_t n = state.cellCount();
    std::mt19937_64 random(11);
    std::vector<bool> isCandidate(n);
    std::vector<int> group(n);
    std::vector<uint64_t> key(n);
    std::vector<int64_t> amount(n);
    for (std::size_t i = 0; i < n; ++i) {
        isCandidate[i] = random() % 4 != 0;
        group[i] = static_cast<int>(random() % 3);
        key[i] = random();
        amount[i] = 1 + static_cast<int64_t>(random() % 1000);
    }
    AllocationScratch scratch;
    auto cachedBytes = [&] {
        std::size_t bytes = 0;
        for (const auto& list : scratch.cache) bytes += list.capacity() * sizeof(AllocationScratch::Cached);
        return bytes;
    };
    struct Case {
        std::size_t limitBytes;
        int64_t scale;  // of every amount and need: 2^24 makes amounts too large for a record
        bool cached;    // whether the candidates should still be in the cache afterwards
    };
    for (const Case k : {Case{kDefaultCandidateCacheBytes, 1, true}, Case{0, 1, false}, Case{10 * 16, 1, false},
                         Case{kDefaultCandidateCacheBytes, int64_t{1} << 24, false},
                         Case{kDefaultCandidateCacheBytes, 1, true}}) {
        std::vector<int64_t> amountHere = amount;
        for (auto& a : amountHere) a *= k.scale;
        const std::vector<int64_t> need{40000 * k.scale, 25000 * k.scale, int64_t{1} << 60};  // the last takes all
        scratch.limitBytes = k.limitBytes;
        std::vector<char> taken(n, 0);  // bytes: the threads write apart
        std::vector<std::pair<int, int>> placeOf(n, {-1, -1});
        std::vector<int> groupOf(n, -1);
        allocate(
            state, ThreadRunner(2, 4), 3,
            [&](std::size_t i, int, int, Candidate& c) {
                c.group = group[i], c.key = key[i], c.amount = amountHere[i];
                return static_cast<bool>(isCandidate[i]);
            },
            [&](const std::vector<int64_t>&) { return need; },
            [&](std::size_t i, int row, int col, int gr) {
                taken[i] = true;
                placeOf[i] = {row, col};
                groupOf[i] = gr;
            },
            scratch);
        EXPECT_LE(cachedBytes(), k.limitBytes);
        EXPECT_EQ(cachedBytes() > 0, k.cached) << k.limitBytes << " " << k.scale;
        EXPECT_TRUE(std::vector<bool>(taken.begin(), taken.end()) == takenBySort(isCandidate, group, key, amountHere, need)) << k.limitBytes << " " << k.scale;
        for (std::size_t i = 0; i < n; ++i)
            if (taken[i]) {
                ASSERT_EQ(placeOf[i], state.cells.locate(i)) << "cell " << i << ", limit " << k.limitBytes;
                ASSERT_EQ(groupOf[i], group[i]) << "cell " << i;
            }
    }
}

// An allocation whose candidates do not fit its cache (a quarter of them
// would): every cell of a 64 × 48 grid is a candidate of group 0 or 1, or
// of group 2 (1 in 40; its land runs out). It counts the evaluations and
// checks the cells taken against a sort.
struct CappedAllocation {
    Grid grid{};
    CellState state;
    std::size_t n = 0;
    std::vector<bool> isCandidate;
    std::vector<int> group;
    std::vector<uint64_t> key;
    std::vector<int64_t> amount;
    std::vector<int64_t> need{20000, 30000, int64_t{1} << 40};  // about 40 and 60 of 1,500 candidates; all 77
    AllocationScratch scratch;

    CappedAllocation() {
        grid.cols = 64, grid.rows = 48;
        state.allocate(grid);
        n = state.cellCount();
        std::mt19937_64 random(5);
        isCandidate.assign(n, true);
        group.resize(n), key.resize(n), amount.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            group[i] = i % 40 == 0 ? 2 : static_cast<int>(i % 2);
            key[i] = random();
            amount[i] = 1 + static_cast<int64_t>(random() % 1000);
        }
        scratch.limitBytes = n / 4 * sizeof(AllocationScratch::Cached);
    }
    int row(std::size_t i) const { return static_cast<int>(i) / grid.cols; }

    // Allocates; returns how many times the cells were evaluated in all.
    std::size_t run() {
        std::atomic<std::size_t> evaluations{0};
        std::vector<char> taken(n, 0);  // bytes: the threads write apart
        const AllocationOutcome outcome = allocate(
            state, ThreadRunner(2, 8), 3,
            [&](std::size_t i, int, int, Candidate& c) {
                ++evaluations;
                c.group = group[i], c.key = key[i], c.amount = amount[i];
                return true;
            },
            [&](const std::vector<int64_t>&) { return need; }, [&](std::size_t i, int, int, int) { taken[i] = true; },
            scratch);
        EXPECT_TRUE(std::vector<bool>(taken.begin(), taken.end()) == takenBySort(isCandidate, group, key, amount, need));
        std::vector<int64_t> eligible(3, 0);  // every candidate counts, kept in the lists or not
        for (std::size_t i = 0; i < n; ++i) eligible[static_cast<std::size_t>(group[i])] += amount[i];
        EXPECT_EQ(outcome.eligible, eligible);
        return evaluations.load();
    }
    std::size_t kept() const {
        std::size_t count = 0;
        for (const auto& list : scratch.cache) count += list.size();
        return count;
    }
};

// Without a sample, the first pass only counts the candidates; the second
// evaluates the cells again and keeps those the thresholds may still take
// (a group whose land runs out: all of its candidates), and the later levels
// and the treatment walk that list: the cells are evaluated twice, not once
// per level.
TEST(Programmes, AllocationEvaluatesTheCellsTwiceWhenItsCandidatesDoNotFit) {
    CappedAllocation a;
    a.scratch.sampleRowStride = 0;
    EXPECT_EQ(a.run(), 2 * a.n);
    EXPECT_GT(a.kept(), 0u);
    EXPECT_LT(a.kept(), a.n / 4);
}

// A sample of every 8th row (rows 4, 12, …, 44: an eighth of the cells)
// guesses where the thresholds lie; the first pass keeps the candidates from
// there up, which fit, and the cells are evaluated once more than the sample.
TEST(Programmes, AllocationEvaluatesTheCellsOnceWhenASampleOfRowsShowsWhereItsThresholdsLie) {
    CappedAllocation a;
    a.scratch.sampleRowStride = 8;
    EXPECT_EQ(a.run(), a.n + a.n / 8);
    EXPECT_GT(a.kept(), 0u);
    EXPECT_LT(a.kept(), a.n / 4);
}

// Many study cells (AllocationScratch::sampleFromCells) are sampled even
// when the lists could keep every candidate: the first pass keeps only those
// from the guesses up, and the cells are evaluated once more than the
// sample. One cell fewer than that, every candidate is kept.
TEST(Programmes, AllocationSamplesManyCellsEvenWhenTheirCandidatesWouldFit) {
    CappedAllocation a;
    a.scratch.limitBytes = kDefaultCandidateCacheBytes;
    a.scratch.sampleRowStride = 8;
    a.scratch.sampleFromCells = a.n;
    EXPECT_EQ(a.run(), a.n + a.n / 8);
    EXPECT_LT(a.kept(), a.n / 4);
    CappedAllocation few;
    few.scratch.limitBytes = kDefaultCandidateCacheBytes;
    few.scratch.sampleRowStride = 8;
    few.scratch.sampleFromCells = few.n + 1;
    EXPECT_EQ(few.run(), few.n);
    EXPECT_EQ(few.kept(), few.n);
}

// A sample that misleads: the sampled rows hold the highest keys, so it
// guesses thresholds above the true ones. The first pass, which counted only
// the candidates from the guesses up in its histogram, finds them short of
// what group 0 needs: it is made again counting every candidate (its lists
// overflow), and the next level evaluates the cells once more, keeping what
// the thresholds may still take.
TEST(Programmes, AllocationEvaluatesTheCellsAgainWhenTheSampleGuessedTooHigh) {
    CappedAllocation a;
    a.scratch.sampleRowStride = 8;
    a.need[0] = 200000;  // about 400 candidates: more than the sampled rows' 190
    for (std::size_t i = 0; i < a.n; ++i)
        a.key[i] = a.row(i) % 8 == 4 ? a.key[i] | uint64_t{1} << 63 : a.key[i] >> 1;
    EXPECT_EQ(a.run(), 3 * a.n + a.n / 8);
}

// A run split into two bands of rows, each rank guessing from its own sampled
// rows. Rank 0's sample misleads (its sampled rows hold its only keys in the
// upper half) and guesses above the threshold; rank 1's is right. Both ranks
// must leave out the same first-level bins (the lower guess), or rank 0's
// candidates between the two guesses are missing from the histogram that
// places the threshold.
TEST(Programmes, AllocationInBandsLeavesOutTheSameBinsOnEveryRank) {
    Grid grid{};
    grid.cols = 64, grid.rows = 48;
    const std::size_t n = static_cast<std::size_t>(grid.cols) * grid.rows;
    std::mt19937_64 random(7);
    std::vector<uint64_t> key(n);
    std::vector<int64_t> amount(n);
    for (std::size_t i = 0; i < n; ++i) {
        const int row = static_cast<int>(i) / grid.cols;
        key[i] = row < 24 && row % 8 == 4 ? random() | uint64_t{1} << 63 : random() >> 1;
        amount[i] = 1 + static_cast<int64_t>(random() % 1000);
    }
    const std::vector<int64_t> need{300000};  // more than the upper half holds: the threshold is in the lower half
    std::vector<char> taken(n, 0);
    test::ThreadRanks(2).run([&](const ProcessGroup& ranks) {
        const int first = ranks.rank() * 24;
        StudyCells cells(grid.cols);
        for (int row = 0; row < grid.rows; ++row)
            cells.addRow(row >= first && row < first + 24 ? std::vector<std::pair<int, int>>{{0, grid.cols}}
                                                          : std::vector<std::pair<int, int>>{});
        cells.finish();
        CellState state;
        state.allocate(grid, std::move(cells));
        state.band = {first, 24};
        AllocationScratch scratch;
        scratch.sampleRowStride = 8;
        scratch.limitBytes = state.cellCount() / 4 * sizeof(AllocationScratch::Cached);
        allocate(
            state, ThreadRunner(1, 8), 1,
            [&](std::size_t, int row, int col, Candidate& c) {
                const std::size_t g = static_cast<std::size_t>(row) * grid.cols + col;
                c.group = 0, c.key = key[g], c.amount = amount[g];
                return true;
            },
            [&](const std::vector<int64_t>&) { return need; },
            [&](std::size_t, int row, int col, int) { taken[static_cast<std::size_t>(row) * grid.cols + col] = true; },
            scratch, ranks);
    });
    EXPECT_TRUE(std::vector<bool>(taken.begin(), taken.end()) ==
                takenBySort(std::vector<bool>(n, true), std::vector<int>(n, 0), key, amount, need));
}

}  // namespace
}  // namespace forestsink
