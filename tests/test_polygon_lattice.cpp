// PolygonLattice (raster/PolygonLattice.h): the lattice a grid of stands is
// built on when the land class is polygons. Its cells follow the polygons'
// sizes (a tenth-percentile polygon spans 16 of them or more) and divide the
// grid's cells exactly, over the polygons' extent only.
#include "raster/Gdal.h"
#include "raster/Grid.h"
#include "raster/PolygonLattice.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace forestsink {
namespace {

const std::string& utm48() {
    static const std::string wkt = crsWktOf("EPSG:32648", "test");
    return wkt;
}

// The polygons' extent, in the grid's CRS: 30 × 24 km.
Grid polygonsExtent() {
    Grid g;
    g.crsWkt = utm48();
    g.geotransform = {500130.0, 30000.0, 0, 2705070.0, 0, -24000.0};
    g.cols = g.rows = 1;
    return g;
}

// Ten polygons of `small` m² and ninety of 4 km².
std::vector<double> areasWithTenOf(double small) {
    std::vector<double> areas(90, 4e6);
    areas.insert(areas.begin() + 40, 10, small);
    return areas;
}

TEST(PolygonLattice, ItsCellsAreAQuarterOfATenthPercentilePolygonsSideOrLess) {
    const Grid grid = gridCovering(polygonsExtent(), utm48(), 1000, 1000);
    // The tenth percentile is the tenth smallest of 100: 1 ha, whose side of
    // 100 m spans 4 cells of 25 m, so k = 1000 / 25.
    const auto lattice = polygonLatticeUnder(grid, polygonsExtent(), areasWithTenOf(1e4));
    ASSERT_TRUE(lattice);
    EXPECT_EQ(lattice->factor, 40);
    EXPECT_DOUBLE_EQ(lattice->lattice.cellWidth(), 25.0);
    EXPECT_DOUBLE_EQ(lattice->lattice.cellHeight(), 25.0);
    EXPECT_DOUBLE_EQ(lattice->smallPolygonCells, 16.0);
    // A side that does not divide the grid's: the next k, cells smaller than the quarter.
    const auto finer = polygonLatticeUnder(grid, polygonsExtent(), areasWithTenOf(0.9e4));
    ASSERT_TRUE(finer);
    EXPECT_EQ(finer->factor, static_cast<int>(std::ceil(1000 / std::sqrt(0.9e4 / 16))));
    EXPECT_GE(finer->smallPolygonCells, 16.0);
    // Points and lines (area 0) do not count; nine small polygons of 100 do not make the tenth percentile.
    std::vector<double> withLines = areasWithTenOf(1e4);
    withLines.insert(withLines.end(), 50, 0.0);
    EXPECT_EQ(polygonLatticeUnder(grid, polygonsExtent(), withLines)->factor, 40);
    std::vector<double> nine(91, 4e6);
    nine.insert(nine.end(), 9, 1e4);
    EXPECT_EQ(polygonLatticeUnder(grid, polygonsExtent(), nine)->factor, 2);  // 4 km² spans 4 × 4 cells of 500 m
}

TEST(PolygonLattice, NoneWhereTheGridsCellsAreNoLarger) {
    const Grid grid = gridCovering(polygonsExtent(), utm48(), 250, 250);
    // 1 km² polygons: a quarter of their side is 250 m, the grid's cell.
    EXPECT_FALSE(polygonLatticeUnder(grid, polygonsExtent(), std::vector<double>(100, 1e6)));
    EXPECT_FALSE(polygonLatticeUnder(grid, polygonsExtent(), std::vector<double>(100, 0.0)));
    EXPECT_TRUE(polygonLatticeUnder(grid, polygonsExtent(), std::vector<double>(100, 0.99e6)));
}

TEST(PolygonLattice, ItsCellsDivideTheGridsOverThePolygonsOnly) {
    // A grid of 2 km cells reaching 10 cells past the polygons on every side.
    Grid grid = gridCovering(polygonsExtent(), utm48(), 2000, 2000);
    grid.geotransform[0] -= 10 * 2000, grid.geotransform[3] += 10 * 2000;
    grid.cols += 20, grid.rows += 20;
    const auto p = polygonLatticeUnder(grid, polygonsExtent(), std::vector<double>(100, 1e6));
    ASSERT_TRUE(p);
    ASSERT_EQ(p->factor, 8);
    const Grid& l = p->lattice;
    // Lattice edges on the grid's cell edges, a whole number of lattice cells from them.
    const double cols = (l.minX() - grid.minX()) / l.cellWidth(), rows = (grid.maxY() - l.maxY()) / l.cellHeight();
    EXPECT_DOUBLE_EQ(cols, std::round(cols));
    EXPECT_DOUBLE_EQ(rows, std::round(rows));
    // Over the polygons, snapped outwards by less than a lattice cell.
    const Grid e = polygonsExtent();
    EXPECT_LE(l.minX(), e.minX());
    EXPECT_GT(l.minX(), e.minX() - l.cellWidth());
    EXPECT_GE(l.maxX(), e.maxX());
    EXPECT_LT(l.maxX(), e.maxX() + l.cellWidth());
    EXPECT_GE(l.maxY(), e.maxY());
    EXPECT_LT(l.maxY(), e.maxY() + l.cellHeight());
    EXPECT_LE(l.minY(), e.minY());
    EXPECT_GT(l.minY(), e.minY() - l.cellHeight());
    // The lattice of a grid snapped as `like = "land_class"` snaps it is the
    // grid of the lattice's cells snapped so: the data grid of a finer run.
    const Grid snapped = gridCovering(polygonsExtent(), utm48(), 2000, 2000);
    const Grid ofSnapped = polygonLatticeUnder(snapped, polygonsExtent(), std::vector<double>(100, 1e6))->lattice;
    EXPECT_TRUE(ofSnapped.sameAs(gridCovering(polygonsExtent(), utm48(), 250, 250)));
    EXPECT_TRUE(ofSnapped.sameAs(l));
}

TEST(PolygonLattice, AtMostSixtyFourAcross) {
    const Grid grid = gridCovering(polygonsExtent(), utm48(), 1000, 1000);
    const auto p = polygonLatticeUnder(grid, polygonsExtent(), std::vector<double>(100, 1.0));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->factor, kMaxLatticeFactor);
    EXPECT_NEAR(p->smallPolygonCells, 1.0 / (15.625 * 15.625), 1e-12);
}

TEST(PolygonLattice, PolygonsOutsideTheGridGiveNone) {
    Grid grid = gridCovering(polygonsExtent(), utm48(), 1000, 1000);
    grid.geotransform[0] += 100000;
    EXPECT_FALSE(polygonLatticeUnder(grid, polygonsExtent(), std::vector<double>(100, 1e6)));
}

}  // namespace
}  // namespace forestsink
