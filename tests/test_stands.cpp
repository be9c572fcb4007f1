// Stands (sim/Stands.h): a grid coarser than the data keeps the stands of
// its source cells. Checked against the source cells themselves: areas and
// codes kept, only equal codes and ages merged, and the same province.
#include "SyntheticInputs.h"

#include "sim/Accounting.h"
#include "sim/GrowthStep.h"
#include "common/Error.h"
#include "sim/Stands.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>
#include <tuple>

namespace forestsink {
namespace {

Grid gridOf(int cols, int rows, double cell) {
    Grid g;
    g.crsWkt = crsWktOf("EPSG:3857", "test");
    g.geotransform = {1000.0, cell, 0, 9000.0, 0, -cell};
    g.cols = cols;
    g.rows = rows;
    return g;
}

// A 6 × 4 source grid of 100 m cells (1 ha each): codes, ages and volumes
// that vary from cell to cell, with some equal neighbours to merge.
CellState sourceState(const SpeciesTable& species) {
    CellState s;
    s.allocate(gridOf(6, 4, 100.0));
    s.cellAreaHa.assign(4, 1.0);
    s.regions = {{1, "a"}, {2, "b"}};
    const uint8_t pine = static_cast<uint8_t>(*species.indexOfCode(1));
    const uint8_t oak = static_cast<uint8_t>(*species.indexOfCode(8));
    for (int row = 0; row < 4; ++row)
        for (int col = 0; col < 6; ++col) {
            const std::size_t i = static_cast<std::size_t>(row) * 6 + col;
            s.region[i] = col < 3 ? 1 : 2;
            const int k = (row * 7 + col * 3) % 5;
            if (k == 4) {  // farmland: no trees
                s.landClass[i] = LandClass::NonForest;
                continue;
            }
            if (row == 3 && col == 5) continue;  // outside the study area
            s.landClass[i] = k == 3 ? LandClass::SparseForest : LandClass::Forest;
            s.species[i] = k == 1 ? oak : pine;
            s.age[i] = static_cast<uint16_t>(10 + 5 * (k % 2));  // two ages, so equal neighbours merge
            s.volume[i] = static_cast<float>(30 + 0.5 * col);  // neighbours within 5 %: they merge
        }
    return s;
}

// The study cells of the source state, marked: a state of the cells that are not outside.
CellState studyOnly(const CellState& all) {
    std::vector<uint8_t> mask(static_cast<std::size_t>(all.grid.cols));
    StudyCells cells(all.grid.cols);
    for (int row = 0; row < all.grid.rows; ++row) {
        for (int col = 0; col < all.grid.cols; ++col)
            mask[col] = all.landClass[static_cast<std::size_t>(row) * all.grid.cols + col] != LandClass::Outside;
        cells.addRow(mask.data());
    }
    cells.finish();
    CellState s;
    s.allocate(all.grid, std::move(cells), CellState::Fill::ByCaller);
    s.cellAreaHa = all.cellAreaHa;
    s.regions = all.regions;
    std::size_t k = 0;
    for (std::size_t i = 0; i < all.cellCount(); ++i) {
        if (all.landClass[i] == LandClass::Outside) continue;
        s.landClass[k] = all.landClass[i], s.species[k] = all.species[i], s.site[k] = all.site[i];
        s.region[k] = all.region[i], s.age[k] = all.age[i], s.volume[k] = all.volume[i];
        s.treatment[k] = all.treatment[i], s.until[k] = all.until[i], s.flags[k] = all.flags[i];
        s.plantedStocking[k] = all.plantedStocking[i];
        ++k;
    }
    return s;
}

class Stands : public ::testing::Test {
protected:
    SpeciesTable species = SpeciesTable::load(test::sourceDir() / "species" / "yunnan-species.csv");
    CellState source = studyOnly(sourceState(species));
    Grid coarse = gridOf(3, 2, 200.0);  // 2 × 2 source cells a cell
    StandSummary summary;
    CellState stands = standsOfSourceCells(source, coarse, source.grid, {0, 2}, {}, ThreadRunner(2, 1), summary);
};

TEST_F(Stands, EachCellKeepsTheAreaAndCodesOfItsSourceCellsAndMergesOnlyEqualCodesAndAges) {
    ASSERT_TRUE(stands.hasStands());
    EXPECT_EQ(stands.cells.cellCount(), 6u);
    EXPECT_EQ(summary.sourceCells, source.cellCount());
    EXPECT_EQ(summary.stands, stands.cellCount());
    // By (grid cell, codes, age): the area, and area × volume, of the source cells and of the stands.
    using Key = std::tuple<int, int, LandClass, uint8_t, uint16_t, uint16_t>;
    std::map<Key, std::pair<double, double>> fromSource, fromStands;
    std::map<Key, int> standsOfKey;
    for (int row = 0; row < source.grid.rows; ++row)
        source.cells.forEachInRow(row, [&](std::size_t i, int col) {
            auto& [ha, m3] = fromSource[{row / 2, col / 2, source.landClass[i], source.species[i], source.region[i],
                                         source.age[i]}];
            ha += 1.0, m3 += source.volume[i];
        });
    std::size_t treeless = 0;
    for (int row = 0; row < coarse.rows; ++row)
        stands.cells.forEachInRow(row, [&](std::size_t i, int col) {
            const Key key{row, col, stands.landClass[i], stands.species[i], stands.region[i], stands.age[i]};
            auto& [ha, m3] = fromStands[key];
            ha += stands.standHa[i], m3 += stands.volume[i] * stands.standHa[i];
            ++standsOfKey[key];
            if (stands.species[i] != kNoSpecies) return;
            ++treeless;
            EXPECT_EQ(stands.standHa[i], 1.0);
        });
    ASSERT_EQ(fromSource.size(), fromStands.size());
    for (const auto& [key, v] : fromSource) {
        ASSERT_TRUE(fromStands.count(key));
        EXPECT_DOUBLE_EQ(fromStands[key].first, v.first);
        EXPECT_NEAR(fromStands[key].second, v.second, 1e-4);
        // Trees of one key are one stand; land without trees one stand per source cell.
        EXPECT_EQ(standsOfKey[key], std::get<3>(key) == kNoSpecies ? static_cast<int>(v.first) : 1);
    }
    EXPECT_GT(treeless, 1u);
    EXPECT_GT(summary.multiStandCells, 0u);
    EXPECT_LT(summary.stands, summary.sourceCells);  // some merged
}

TEST_F(Stands, VolumesMoreThanFivePercentApartAreStandsOfTheirOwn) {
    // Growth is capped at the curve's plateau, so merged volumes far apart would grow more than their cells.
    std::size_t merged = source.cellCount();
    for (int row = 0; row < coarse.rows && merged == source.cellCount(); ++row)
        stands.cells.forEachInRow(row, [&](std::size_t i, int) {
            if (stands.species[i] != kNoSpecies && stands.standHa[i] > 1.0) merged = i;
        });
    ASSERT_LT(merged, stands.cellCount());
    // One of its source cells, twice as stocked.
    for (std::size_t i = 0; i < source.cellCount(); ++i)
        if (source.species[i] == stands.species[merged] && source.age[i] == stands.age[merged] &&
            source.landClass[i] == stands.landClass[merged] && source.region[i] == stands.region[merged]) {
            const auto [row, col] = source.cells.locate(i);
            const auto [standRow, standCol] = stands.cells.locate(merged);
            if (row / 2 != standRow || col / 2 != standCol) continue;
            source.volume[i] *= 2.0f;
            break;
        }
    StandSummary s;
    standsOfSourceCells(source, coarse, source.grid, {0, 2}, {}, ThreadRunner(1, 1), s);
    EXPECT_EQ(s.stands, summary.stands + 1);
}

TEST_F(Stands, AStandIsPlacedOnItsFirstSourceCellAndTheIndexFindsEachStandsCell) {
    std::set<uint64_t> places;
    for (int row = 0; row < coarse.rows; ++row)
        stands.cells.forEachInRow(row, [&](std::size_t i, int col) {
            const uint64_t place = stands.placeOf(i, row, col);
            EXPECT_TRUE(places.insert(place).second);
            const int sourceRow = static_cast<int>(place / 6), sourceCol = static_cast<int>(place % 6);
            EXPECT_EQ(sourceRow / 2, row);  // a source cell of the stand's own grid cell
            EXPECT_EQ(sourceCol / 2, col);
            EXPECT_EQ(stands.cells.locate(i), std::make_pair(row, col));
            const auto first = stands.cells.find(row, col);
            ASSERT_TRUE(first);
            EXPECT_LE(*first, i);
        });
    StudyCellCursor cursor(stands.cells, 0);
    for (std::size_t i = 0; i < stands.cellCount(); ++i) EXPECT_EQ(cursor.locate(i), stands.cells.locate(i));
}

TEST_F(Stands, TheStandsAccountAndGrowAsTheirSourceCells) {
    const BiomassParameters bio(species);
    const YearTotals a = accountYear(2010, source, bio, inventoryRules(), ThreadRunner(1, 1));
    const YearTotals b = accountYear(2010, stands, bio, inventoryRules(), ThreadRunner(2, 1));
    for (int m = 0; m < kMetricCount; ++m) EXPECT_NEAR(b.province[m], a.province[m], 1e-6 * (1 + std::abs(a.province[m]))) << m;
    for (std::size_t r = 0; r < a.byRegion.size(); ++r)
        EXPECT_NEAR(b.byRegion[r][kStockM3], a.byRegion[r][kStockM3], 1e-6 * a.byRegion[r][kStockM3]);
    // Growth below the curve's plateau is linear in volume, so merged stands grow as their cells.
    const GrowthTable growth(species);
    const std::vector<int32_t> regionIndex = regionIndexTable(source.regions);
    GrowthContext context;
    context.isForest = inventoryRules().isForest;
    context.regionIndex = &regionIndex;
    FlowSums flowsA(source.grid.rows, source.regions.size(), kFlowCount);
    FlowSums flowsB(coarse.rows, source.regions.size(), kFlowCount);
    context.flows = &flowsA;
    growOneYear(source, growth, ThreadRunner(1, 1), context);
    context.flows = &flowsB;
    growOneYear(stands, growth, ThreadRunner(2, 1), context);
    const auto grownA = flowsA.reduce(singleProcess(), 0, source.grid.rows);
    const auto grownB = flowsB.reduce(singleProcess(), 0, coarse.rows);
    for (std::size_t r = 0; r < grownA.size(); ++r) {
        EXPECT_GT(grownA[r][kGrowthM3], 0);
        EXPECT_NEAR(grownB[r][kGrowthM3], grownA[r][kGrowthM3], 1e-6 * grownA[r][kGrowthM3]);
    }
}

TEST_F(Stands, EligibilityTestsOfTheSourceCellsAreBitsOfTheStands) {
    std::vector<bool> passes(source.cellCount());
    double passingHa = 0;
    for (std::size_t i = 0; i < passes.size(); ++i) passes[i] = i % 3 == 0, passingHa += passes[i] ? 1.0 : 0.0;
    StandSummary s;
    const CellState withBits = standsOfSourceCells(source, coarse, source.grid, {0, 2}, {passes}, ThreadRunner(1, 1), s);
    double ha = 0;
    for (std::size_t i = 0; i < withBits.cellCount(); ++i) ha += (withBits.eligibleBits[i] & 1) ? withBits.standHa[i] : 0.0;
    EXPECT_DOUBLE_EQ(ha, passingHa);
    EXPECT_GE(s.stands, summary.stands);  // a bit is a code: cells that differ in it do not merge
}

// A square of side × side source cells of 1 ha under one grid cell, each given its codes by `fill`.
CellState oneCellOfSourceCells(int side, const std::function<void(CellState&, std::size_t)>& fill) {
    CellState all;
    all.allocate(gridOf(side, side, 100.0));
    all.cellAreaHa.assign(side, 1.0);
    for (std::size_t i = 0; i < all.cellCount(); ++i) all.region[i] = 1, fill(all, i);
    return studyOnly(all);
}

// A cell that would hold more than kMaxStandsPerCell stands merges again with
// doubled tolerances, and its land without trees by 16 source cells at most
// (then 256…), so that a planting still takes small stands and fails on them.
TEST(StandLimits, ACellOfTooManyBarrenSourceCellsKeepsThemInStandsOfSixteen) {
    const CellState barren =
        oneCellOfSourceCells(20, [](CellState& s, std::size_t i) { s.landClass[i] = LandClass::Barren; });
    StandSummary summary;
    const CellState stands = standsOfSourceCells(barren, gridOf(1, 1, 2000.0), barren.grid, {0, 1}, {},
                                                 ThreadRunner(2, 1), summary);
    EXPECT_EQ(summary.widenedCells, 1);
    ASSERT_EQ(stands.cellCount(), 25u);  // 400 source cells in stands of 16
    double ha = 0;
    std::set<uint64_t> places;
    for (std::size_t i = 0; i < stands.cellCount(); ++i) {
        EXPECT_EQ(stands.standHa[i], 16.0);
        ha += stands.standHa[i], places.insert(stands.standPlace[i]);
    }
    EXPECT_EQ(ha, 400.0);
    EXPECT_EQ(places.size(), 25u);  // each on a source cell of its own
}

// A cell whose source cells differ in more codes than it may keep stands is
// refused, naming the cell and the count.
TEST(StandLimits, ACellOfMoreCodeCombinationsThanItsStandsIsRefused) {
    const SpeciesTable species = SpeciesTable::load(test::sourceDir() / "species" / "yunnan-species.csv");
    const uint8_t pine = static_cast<uint8_t>(*species.indexOfCode(1));
    const CellState source = oneCellOfSourceCells(16, [&](CellState& s, std::size_t i) {
        s.landClass[i] = LandClass::Forest, s.species[i] = pine, s.age[i] = 20;
        s.volume[i] = 50.0f, s.region[i] = static_cast<uint16_t>(i + 1);  // 256 regions
    });
    StandSummary summary;
    try {
        standsOfSourceCells(source, gridOf(1, 1, 1600.0), source.grid, {0, 1}, {}, ThreadRunner(1, 1), summary);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("grid cell (row 0, column 0) holds source cells of 256 different "
                                             "combinations of land class, species, site class, region, forest "
                                             "category and eligibility tests; a cell keeps at most 255 stands: "
                                             "choose a finer grid"),
                  std::string::npos)
            << e.what();
    }
}

TEST(StandGrid, AGridHoldsStandsWhenItsCellsSurelyHoldADataCellsCentre) {
    const Grid data = gridOf(60, 40, 100.0);
    EXPECT_TRUE(gridHoldsStands(gridOf(30, 20, 200.0), data));
    EXPECT_TRUE(gridHoldsStands(gridOf(20, 14, 300.0), data));
    EXPECT_FALSE(gridHoldsStands(gridOf(60, 40, 100.0), data));
    EXPECT_FALSE(gridHoldsStands(gridOf(120, 80, 50.0), data));
    // In another CRS (World Mercator on the ellipsoid, near the spherical one at the equator): cells of √2 data
    // cells or more hold stands; smaller ones might hold no data cell's centre, and are sampled.
    Grid other = gridOf(30, 20, 200.0);
    other.crsWkt = crsWktOf("EPSG:3395", "test");
    EXPECT_TRUE(gridHoldsStands(other, data));
    other.geotransform[1] = 130.0, other.geotransform[5] = -130.0;
    EXPECT_FALSE(gridHoldsStands(other, data));
    // The data's cells over a grid that starts half a data cell in: whole data cells, snapped outwards.
    Grid shifted = gridOf(3, 2, 250.0);
    shifted.geotransform[0] += 50.0, shifted.geotransform[3] -= 50.0;
    const Grid source = sourceGridOver(shifted, data);
    EXPECT_DOUBLE_EQ(source.minX(), 1000.0);
    EXPECT_DOUBLE_EQ(source.maxY(), 9000.0);
    EXPECT_EQ(source.cols, 8);  // 1050 … 1800 holds the centres of data columns 0 … 7 (1050 … 1750)
    EXPECT_EQ(source.rows, 5);  // 8950 … 8450 those of rows 0 … 4 (8950 … 8550; 8450 is the next row's edge)
    EXPECT_EQ(sourceRowsOf(CentreToCell(source, shifted), {1, 1}, ThreadRunner(1, 1)).first, 3);  // centres 8750 … 8450 fall in grid row 1 (8700 … 8450)
    // A grid reaching past the data reads the data's own cells only (its whole extent here).
    Grid wider = gridOf(32, 22, 200.0);
    wider.geotransform[0] -= 200.0, wider.geotransform[3] += 200.0;
    EXPECT_TRUE(sourceGridOver(wider, data).sameAs(data));
}

}  // namespace
}  // namespace forestsink
