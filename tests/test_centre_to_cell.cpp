// CentreToCell (raster/CentreToCell.h): the grid cell that holds each data
// cell's centre, across CRSs as in one. Checked against PROJ itself, a point
// at a time, and against the stands a grid in another CRS builds of them.
#include "SyntheticInputs.h"

#include "raster/CentreToCell.h"
#include "sim/Stands.h"
#include "species/SpeciesTable.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>

namespace forestsink {
namespace {

// Hubei's demo CRS (Albers on GRS 1980, 105° E) and a 1 km lattice over the province.
Grid albersData() {
    Grid g;
    g.crsWkt = crsWktOf("+proj=aea +lat_0=0 +lon_0=105 +lat_1=25 +lat_2=47 +ellps=GRS80 +units=m +no_defs", "test");
    g.geotransform = {300000.0, 1000.0, 0, 3700000.0, 0, -1000.0};
    g.cols = 300;
    g.rows = 200;
    return g;
}

// A UTM 49N grid of `cell` m cells over the lattice's middle (not all of it, so that some centres fall outside).
Grid utmGridOver(const Grid& data, double cell) {
    Grid whole = gridCovering(data, crsWktOf("EPSG:32649", "test"), cell, cell);
    Grid g = whole;
    g.geotransform[0] += 20 * cell, g.geotransform[3] -= 10 * cell;
    g.cols = whole.cols - 40, g.rows = whole.rows - 20;
    return g;
}

// The grid cell holding a point of the data's CRS, by PROJ, one point at a time (-1, -1 outside).
std::pair<int, int> cellByProj(OGRCoordinateTransformation& toGrid, const Grid& grid, double x, double y) {
    if (!toGrid.Transform(1, &x, &y)) return {-1, -1};
    const double col = std::floor((x - grid.minX()) / grid.cellWidth());
    const double row = std::floor((grid.maxY() - y) / grid.cellHeight());
    if (col < 0 || col >= grid.cols || row < 0 || row >= grid.rows) return {-1, -1};
    return {static_cast<int>(row), static_cast<int>(col)};
}

TEST(CentreToCell, EveryCentreGoesToTheCellItsPositionByProjLiesInAcrossCrss) {
    const Grid data = albersData(), grid = utmGridOver(data, 2000.0);
    const CentreToCell toGrid(data, grid);
    ASSERT_FALSE(toGrid.sameCrs());
    const OGRSpatialReference from = data.spatialReference(), to = grid.spatialReference();
    std::unique_ptr<OGRCoordinateTransformation> exact(OGRCreateCoordinateTransformation(&from, &to));
    ASSERT_TRUE(exact);
    // The interpolation along a row may put a centre within a thousandth of a cell of an edge on its other side.
    auto nearEdge = [](double v) { return std::abs(v - std::round(v)) < 2e-3; };
    std::vector<int32_t> rows, cols;
    std::size_t inside = 0, outside = 0, nearAnEdge = 0;
    for (int r = 0; r < data.rows; ++r) {
        toGrid.row(r, rows, cols);
        for (int c = 0; c < data.cols; ++c) {
            double x = data.centreX(c), y = data.centreY(r);
            const auto [row, col] = cellByProj(*exact, grid, x, y);
            (row < 0 ? outside : inside) += 1;
            exact->Transform(1, &x, &y);
            const double fx = (x - grid.minX()) / grid.cellWidth(), fy = (grid.maxY() - y) / grid.cellHeight();
            if (nearEdge(fx) || nearEdge(fy)) {
                ++nearAnEdge;
                continue;
            }
            ASSERT_EQ(rows[c], row) << "source row " << r << ", column " << c;
            ASSERT_EQ(cols[c], col) << "source row " << r << ", column " << c;
        }
    }
    EXPECT_GT(inside, 10000u);
    EXPECT_GT(outside, 1000u);
    EXPECT_LT(nearAnEdge, (inside + outside) / 50);  // the centres left unchecked: about 0.8 %
    // A grid cell of 2 km spans about two 1 km data cells either way (the two projections' scales differ
    // by a few percent here).
    const auto [width, height] = toGrid.gridCellInSourceCells();
    EXPECT_NEAR(width, 2.0, 0.1);
    EXPECT_NEAR(height, 2.0, 0.1);
}

TEST(CentreToCell, TheSourceWindowHoldsEveryCentreOfTheGrid) {
    const Grid data = albersData(), grid = utmGridOver(data, 2000.0);
    const CentreToCell::Window w = CentreToCell(data, grid).sourceWindow();
    const CentreToCell toGrid(data, grid);
    std::vector<int32_t> rows, cols;
    int inWindow = 0;
    for (int r = 0; r < data.rows; ++r) {
        toGrid.row(r, rows, cols);
        for (int c = 0; c < data.cols; ++c) {
            if (cols[c] < 0) continue;
            EXPECT_TRUE(c >= w.firstCol && c < w.firstCol + w.cols && r >= w.firstRow && r < w.firstRow + w.rows)
                << "source row " << r << ", column " << c;
            ++inWindow;
        }
    }
    EXPECT_GT(inWindow, 0);
    EXPECT_LT(w.cols, data.cols);  // the grid covers the lattice's middle only
}

TEST(CentreToCell, BandsOfGridRowsKeepEachSourceCellOnce) {
    const Grid data = albersData(), grid = utmGridOver(data, 2000.0);
    const CentreToCell toGrid(data, grid);
    std::vector<int32_t> rows, cols;
    const std::vector<CellState::RowBand> bands{{0, 30}, {30, 17}, {47, grid.rows - 47}};
    for (int r = 0; r < data.rows; ++r) {
        toGrid.row(r, rows, cols);
        std::vector<int> keptBy(static_cast<std::size_t>(data.cols), 0);
        for (const auto& band : bands) {
            std::vector<std::pair<int, int>> runs{{0, data.cols}};
            keepCellsInRows(toGrid, r, band, runs);
            for (const auto& [start, length] : runs)
                for (int c = start; c < start + length; ++c) {
                    ++keptBy[c];
                    EXPECT_GE(rows[c], band.first);
                    EXPECT_LT(rows[c], band.first + band.count);
                }
        }
        for (int c = 0; c < data.cols; ++c) ASSERT_EQ(keptBy[c], cols[c] >= 0 ? 1 : 0) << "source row " << r << ", column " << c;
    }
}

TEST(CentreToCell, StandsOfAGridInAnotherCrsKeepTheAreaOfTheCentresItHolds) {
    const Grid data = albersData(), grid = utmGridOver(data, 2000.0);
    const SpeciesTable species = SpeciesTable::load(test::sourceDir() / "species" / "yunnan-species.csv");
    const uint8_t pine = static_cast<uint8_t>(*species.indexOfCode(1));
    CellState source;
    source.allocate(data);
    source.cellAreaHa.assign(data.rows, 100.0);
    source.regions = {{1, "a"}};
    for (std::size_t i = 0; i < source.cellCount(); ++i) {
        source.region[i] = 1;
        source.landClass[i] = i % 7 == 0 ? LandClass::NonForest : LandClass::Forest;
        source.species[i] = i % 7 == 0 ? kNoSpecies : pine;
        source.age[i] = static_cast<uint16_t>(10 + i % 3);
        source.volume[i] = static_cast<float>(40 + i % 3);
    }
    const CentreToCell toGrid(data, grid);
    std::vector<int32_t> rows, cols;
    double heldHa = 0;
    for (int r = 0; r < data.rows; ++r) {
        toGrid.row(r, rows, cols);
        for (int c = 0; c < data.cols; ++c) heldHa += cols[c] >= 0 ? 100.0 : 0.0;
    }
    StandSummary summary;
    const CellState stands = standsOfSourceCells(source, grid, data, {0, grid.rows}, {}, ThreadRunner(2, 3), summary);
    double standHa = 0;
    for (std::size_t i = 0; i < stands.cellCount(); ++i) standHa += stands.standHa[i];
    EXPECT_DOUBLE_EQ(standHa, heldHa);
    EXPECT_EQ(summary.sourceCells, static_cast<std::size_t>(heldHa / 100.0));
    // Each grid cell's stands are those of the centres it holds (three ages, and land without trees).
    EXPECT_GT(summary.multiStandCells, summary.cells / 2);
    for (int row = 0; row < grid.rows; ++row)
        stands.cells.forEachInRow(row, [&](std::size_t i, int col) {
            const uint64_t place = stands.standPlace[i];
            const int r = static_cast<int>(place / data.cols), c = static_cast<int>(place % data.cols);
            toGrid.row(r, rows, cols);
            EXPECT_EQ(rows[c], row);
            EXPECT_EQ(cols[c], col);
        });
}

}  // namespace
}  // namespace forestsink
