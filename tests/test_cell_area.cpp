// Cell area from PROJ against an independent closed form, and the demo
// province's area against its boundary polygon.
#include "SyntheticInputs.h"

#include "common/Error.h"
#include "raster/CellArea.h"
#include "raster/Gdal.h"

#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <iostream>
#include <memory>

namespace forestsink {
namespace {

// Area of the ellipsoidal quadrangle between two parallels and two meridians:
// A = a²(1−e²)Δλ/2 · [f(φ2) − f(φ1)], f(φ) = sinφ/(1−e²sin²φ) + ln((1+e sinφ)/(1−e sinφ))/(2e).
double quadrangleAreaM2(double a, double invFlattening, double lat1Deg, double lat2Deg, double dLonDeg) {
    const double f = 1.0 / invFlattening, e2 = f * (2 - f), e = std::sqrt(e2);
    auto F = [&](double latDeg) {
        const double s = std::sin(latDeg * M_PI / 180.0);
        return s / (1 - e2 * s * s) + std::log((1 + e * s) / (1 - e * s)) / (2 * e);
    };
    return a * a * (1 - e2) * (dLonDeg * M_PI / 180.0) / 2 * (F(lat2Deg) - F(lat1Deg));
}

Grid geographicGrid(const char* crs, double west, double north, double cell, int cols, int rows) {
    OGRSpatialReference srs;
    srs.SetFromUserInput(crs);
    char* wkt = nullptr;
    srs.exportToWkt(&wkt);
    Grid g;
    g.crsWkt = wkt;
    CPLFree(wkt);
    g.geotransform = {west, cell, 0, north, 0, -cell};
    g.cols = cols;
    g.rows = rows;
    return g;
}

TEST(CellArea, OneDegreeCellAt25NorthMatchesClosedFormOnWgs84) {
    // One row of 1° × 1° cells from 25°N to 26°N, and the row below, 24°–25°N.
    const Grid g = geographicGrid("EPSG:4326", 100.0, 26.0, 1.0, 3, 2);
    const CellAreas areas = cellAreasOf(g);
    ASSERT_TRUE(areas.constantAlongRows());
    const double expected0 = quadrangleAreaM2(6378137.0, 298.257223563, 25.0, 26.0, 1.0) / 1e4;
    const double expected1 = quadrangleAreaM2(6378137.0, 298.257223563, 24.0, 25.0, 1.0) / 1e4;
    EXPECT_NEAR(areas.at(0, 2), expected0, expected0 * 1e-9);
    EXPECT_NEAR(areas.at(1, 0), expected1, expected1 * 1e-9);
    // About 1.12 Mha: a sanity bound that does not depend on the formula.
    EXPECT_GT(areas.at(0, 0), 1.10e6);
    EXPECT_LT(areas.at(0, 0), 1.13e6);
    EXPECT_LT(areas.at(0, 0), areas.at(1, 0));  // cells shrink northwards
}

TEST(CellArea, FollowsTheGridEllipsoid) {
    // CGCS2000 (EPSG:4490) uses its own ellipsoid (1/f = 298.257222101).
    const Grid g = geographicGrid("EPSG:4490", 97.0, 29.0, 0.5, 4, 16);
    const CellAreas areas = cellAreasOf(g);
    for (int row = 0; row < g.rows; ++row) {
        const double north = 29.0 - 0.5 * row;
        const double expected = quadrangleAreaM2(6378137.0, 298.257222101, north - 0.5, north, 0.5) / 1e4;
        EXPECT_NEAR(areas.at(row, 1), expected, expected * 1e-9) << "row " << row;
    }
}

TEST(CellArea, EqualAreaGridHasConstantArea) {
    test::SyntheticInputs inputs("albers");
    Grid g;
    g.crsWkt = inputs.crsWkt();
    g.geotransform = {-300000, 250, 0, 2800000, 0, -250};
    g.cols = 10;
    g.rows = 5;
    const CellAreas areas = cellAreasOf(g);
    EXPECT_TRUE(areas.constantAlongRows());
    for (int row = 0; row < g.rows; ++row)
        for (int col = 0; col < g.cols; ++col) EXPECT_DOUBLE_EQ(areas.at(row, col), 6.25);
}

// Reference areas of the cells of a grid in any CRS, computed independently of
// forestsink's route (geodesic polygon area): a cell's boundary, cut into 256
// pieces a side, is transformed by OGR into a Lambert azimuthal equal-area
// projection centred on the grid, on the same ellipsoid, where a planar area
// is the ellipsoidal area.
class EqualAreaReference {
public:
    explicit EqualAreaReference(const Grid& g) : g_(g), srs_(g.spatialReference()) {
        OGRSpatialReference geographic;
        geographic.CopyGeogCSFrom(&srs_);
        geographic.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        std::unique_ptr<OGRCoordinateTransformation> toGeographic(
            OGRCreateCoordinateTransformation(&srs_, &geographic));
        double cx = (g.minX() + g.maxX()) / 2, cy = (g.minY() + g.maxY()) / 2;
        EXPECT_TRUE(toGeographic->Transform(1, &cx, &cy));
        laea_.CopyGeogCSFrom(&srs_);
        laea_.SetLAEA(cy, cx, 0, 0);
        laea_.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        toLaea_.reset(OGRCreateCoordinateTransformation(&srs_, &laea_));
    }

    double ha(int row, int col) const {
        const double x0 = g_.geotransform[0] + col * g_.geotransform[1];
        const double y0 = g_.geotransform[3] + row * g_.geotransform[5];
        const double x1 = x0 + g_.geotransform[1], y1 = y0 + g_.geotransform[5];
        OGRLinearRing ring;
        ring.addPoint(x0, y0), ring.addPoint(x1, y0), ring.addPoint(x1, y1), ring.addPoint(x0, y1);
        ring.addPoint(x0, y0);
        ring.segmentize(g_.cellWidth() / 256);
        OGRPolygon cell;
        cell.addRing(&ring);
        EXPECT_EQ(cell.transform(toLaea_.get()), OGRERR_NONE);
        return cell.get_Area() / 1e4;
    }

private:
    const Grid& g_;
    OGRSpatialReference srs_, laea_;
    std::unique_ptr<OGRCoordinateTransformation> toLaea_;
};

Grid projectedGrid(const char* crs, double west, double north, double cell, int cols, int rows) {
    return geographicGrid(crs, west, north, cell, cols, rows);  // the same fields; only the CRS differs
}

// The largest relative error of the grid's cell areas against the reference,
// over its corners, centre and a spread of cells between lattice knots.
double worstRelativeError(const Grid& g) {
    const CellAreas areas = cellAreasOf(g);
    EXPECT_FALSE(areas.constantAlongRows()) << "the projection is not equal-area";
    const EqualAreaReference reference(g);
    double worst = 0;
    auto check = [&](int row, int col) {
        const double ref = reference.ha(row, col);
        worst = std::max(worst, std::abs(areas.at(row, col) - ref) / ref);
    };
    check(0, 0), check(0, g.cols - 1), check(g.rows - 1, 0), check(g.rows - 1, g.cols - 1);
    check(g.rows / 2, g.cols / 2);
    for (int i = 1; i < 12; ++i)
        for (int j = 1; j < 12; ++j) check(g.rows * i / 12 + i % 3, g.cols * j / 12 + 7 * j % 5);
    std::cout << "worst relative error " << worst << " (" << areas.knotCount() << " knots)\n";
    return worst;
}

TEST(CellArea, UtmCellsMatchAnEqualAreaReference) {
    // UTM 47N, 600 km × 300 km of 1 km cells, reaching 250 km either side of the
    // central meridian (areal scale 0.9992 to 1.0007).
    const Grid g = projectedGrid("EPSG:32647", 250000, 2900000, 1000, 500, 300);
    EXPECT_LE(worstRelativeError(g), 1e-6);
    // Scale k0 = 0.9996 on the central meridian: a cell there is larger than
    // its nominal 100 ha; 250 km away (scale ≈ 1.0004) it is smaller.
    const CellAreas areas = cellAreasOf(g);
    EXPECT_NEAR(areas.at(150, 250), 100.0 / (0.9996 * 0.9996), 0.001);
    EXPECT_LT(areas.at(150, 0), 100.0);
}

TEST(CellArea, SmallUtmCellsMatchAnEqualAreaReference) {
    // The user grid: 320 × 260 cells of 30 m in UTM 47N.
    const Grid g = projectedGrid("EPSG:32647", 612000, 2770000, 30, 320, 260);
    EXPECT_LE(worstRelativeError(g), 1e-6);
}

TEST(CellArea, GaussKrugerNorthingFirstCellsMatchAnEqualAreaReference) {
    // CGCS2000 3° Gauss–Krüger CM 99°E (EPSG:4542), whose official axis order
    // is northing first; the grid, like GDAL's geotransforms, is easting first.
    const Grid g = projectedGrid("EPSG:4542", 350000, 2800000, 500, 600, 400);
    EXPECT_LE(worstRelativeError(g), 1e-6);
    const CellAreas areas = cellAreasOf(g);
    for (int row : {0, 399})
        for (int col : {0, 300, 599}) {
            const double a = areas.at(row, col);
            EXPECT_GT(a, 24.9) << row << "," << col;  // 25 ha nominal; scale within 0.999 to 1.001
            EXPECT_LT(a, 25.1) << row << "," << col;
        }
}

TEST(CellArea, LambertConformalConicCellsMatchAnEqualAreaReference) {
    const Grid g = projectedGrid("+proj=lcc +lat_0=0 +lon_0=105 +lat_1=25 +lat_2=47 +ellps=krass +units=m +no_defs",
                                 -400000, 3400000, 2000, 400, 300);
    EXPECT_LE(worstRelativeError(g), 1e-6);
}

TEST(CellArea, NorthingFirstEqualAreaGridHasConstantArea) {
    // ETRS89 LAEA (EPSG:3035) is equal-area with northing first: PROJ's areal
    // scale must be read in easting-first order to see it, and every cell is
    // then its nominal 100 ha, as the independent reference says.
    const Grid g = projectedGrid("EPSG:3035", 4000000, 3300000, 1000, 40, 30);
    const CellAreas areas = cellAreasOf(g);
    EXPECT_TRUE(areas.constantAlongRows());
    EXPECT_DOUBLE_EQ(areas.at(29, 39), 100.0);
    const EqualAreaReference reference(g);
    EXPECT_NEAR(reference.ha(29, 39), 100.0, 1e-6);
}

TEST(CellArea, RefinesTheLatticeWhereTheAreaBendsQuickly) {
    // Near the limb of an orthographic projection the areal scale changes fast:
    // knots 4 km apart are not enough there, and the lattice must be refined.
    const Grid g = projectedGrid("+proj=ortho +lat_0=0 +lon_0=0 +ellps=WGS84 +units=m +no_defs", 5900000, 100000,
                                 2000, 150, 100);
    EXPECT_LE(worstRelativeError(g), 1e-6);
    EXPECT_GT(cellAreasOf(g).knotCount(), 76u * 51u);  // more knots than every second cell
}

TEST(CellAreas, LatticeIsExactAtItsKnotsAndBilinearBetween) {
    // Knot values of a bilinear function a + b·row + c·col + d·row·col: the lattice reproduces it.
    auto f = [](int r, int c) { return 100.0 + 0.5 * r - 0.25 * c + 0.01 * r * c; };
    const std::vector<int> knotRows = {0, 4, 9}, knotCols = {0, 3, 7, 10};
    std::vector<double> values;
    for (int r : knotRows)
        for (int c : knotCols) values.push_back(f(r, c));
    const CellAreas a = CellAreas::lattice(10, 11, knotRows, knotCols, values);
    EXPECT_FALSE(a.constantAlongRows());
    for (int r = 0; r < 10; ++r)
        for (int c = 0; c < 11; ++c) {
            EXPECT_NEAR(a.at(r, c), f(r, c), 1e-12) << r << "," << c;
            EXPECT_DOUBLE_EQ(a.weightInRow(r, c) * a.rowScale(r), a.at(r, c));
        }
}

TEST(CellArea, DemoProvinceAreaMatchesItsBoundaryPolygon) {
    // The demo's study area (cells × PROJ cell area) against the boundary
    // polygon's area computed by OGR in the same Albers projection.
    const auto dir = test::sourceDir() / "data" / "yunnan-1km";
    auto ds = openRaster(dir / "land_class.tif", "land class");
    const Grid grid = gridOfDataset(*ds, dir / "land_class.tif", "land class");
    const CellAreas areas = cellAreasOf(grid);
    const auto classes = test::readRaster(dir / "land_class.tif");
    double rasterHa = 0;
    for (int row = 0; row < grid.rows; ++row)
        for (int col = 0; col < grid.cols; ++col)
            if (classes[static_cast<std::size_t>(row) * grid.cols + col] != 0) rasterHa += areas.at(row, col);

    GDALDatasetUniquePtr boundary(GDALDataset::Open((test::sourceDir() / "data/boundaries/yunnan.geojson").c_str(),
                                                    GDAL_OF_VECTOR));
    ASSERT_TRUE(boundary);
    OGRSpatialReference albers = grid.spatialReference();
    double polygonHa = 0;
    for (auto& feature : *boundary->GetLayer(0)) {
        std::unique_ptr<OGRGeometry> g(feature->GetGeometryRef()->clone());
        ASSERT_EQ(g->transformTo(&albers), OGRERR_NONE);
        polygonHa += g->toMultiPolygon()->get_Area() / 1e4;
    }
    EXPECT_NEAR(rasterHa, polygonHa, polygonHa * 0.005);
    EXPECT_NEAR(polygonHa, 38.3e6, 0.3e6);  // science.md: the boundary encloses about 383,000 km²
}

}  // namespace
}  // namespace forestsink
