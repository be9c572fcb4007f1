// Cell area from PROJ against an independent closed form, and the demo
// province's area against its boundary polygon.
#include "SyntheticInputs.h"

#include "common/Error.h"
#include "raster/CellArea.h"
#include "raster/Gdal.h"

#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>

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
    const auto areas = cellAreaPerRowHa(g);
    ASSERT_EQ(areas.size(), 2u);
    const double expected0 = quadrangleAreaM2(6378137.0, 298.257223563, 25.0, 26.0, 1.0) / 1e4;
    const double expected1 = quadrangleAreaM2(6378137.0, 298.257223563, 24.0, 25.0, 1.0) / 1e4;
    EXPECT_NEAR(areas[0], expected0, expected0 * 1e-9);
    EXPECT_NEAR(areas[1], expected1, expected1 * 1e-9);
    // About 1.12 Mha: a sanity bound that does not depend on the formula.
    EXPECT_GT(areas[0], 1.10e6);
    EXPECT_LT(areas[0], 1.13e6);
    EXPECT_LT(areas[0], areas[1]);  // cells shrink northwards
}

TEST(CellArea, FollowsTheGridEllipsoid) {
    // CGCS2000 (EPSG:4490) uses its own ellipsoid (1/f = 298.257222101).
    const Grid g = geographicGrid("EPSG:4490", 97.0, 29.0, 0.5, 4, 16);
    const auto areas = cellAreaPerRowHa(g);
    for (int row = 0; row < g.rows; ++row) {
        const double north = 29.0 - 0.5 * row;
        const double expected = quadrangleAreaM2(6378137.0, 298.257222101, north - 0.5, north, 0.5) / 1e4;
        EXPECT_NEAR(areas[row], expected, expected * 1e-9) << "row " << row;
    }
}

TEST(CellArea, EqualAreaGridHasConstantArea) {
    test::SyntheticInputs inputs("albers");
    Grid g;
    g.crsWkt = inputs.crsWkt();
    g.geotransform = {-300000, 250, 0, 2800000, 0, -250};
    g.cols = 10;
    g.rows = 5;
    for (double a : cellAreaPerRowHa(g)) EXPECT_DOUBLE_EQ(a, 6.25);
}

TEST(CellArea, RefusesAProjectionThatIsNotEqualArea) {
    OGRSpatialReference utm;
    utm.SetFromUserInput("EPSG:32647");
    char* wkt = nullptr;
    utm.exportToWkt(&wkt);
    Grid g;
    g.crsWkt = wkt;
    CPLFree(wkt);
    g.geotransform = {500000, 30, 0, 2800000, 0, -30};
    g.cols = g.rows = 10;
    try {
        cellAreaPerRowHa(g);
        FAIL() << "a UTM grid was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("not equal-area"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("EPSG:32647"), std::string::npos) << e.what();
    }
}

TEST(CellArea, DemoProvinceAreaMatchesItsBoundaryPolygon) {
    // The demo's study area (cells × PROJ cell area) against the boundary
    // polygon's area computed by OGR in the same Albers projection.
    const auto dir = test::sourceDir() / "data" / "yunnan-1km";
    auto ds = openRaster(dir / "land_class.tif", "land class");
    const Grid grid = gridOfDataset(*ds, dir / "land_class.tif", "land class");
    const auto areas = cellAreaPerRowHa(grid);
    const auto classes = test::readRaster(dir / "land_class.tif");
    double rasterHa = 0;
    for (int row = 0; row < grid.rows; ++row)
        for (int col = 0; col < grid.cols; ++col)
            if (classes[static_cast<std::size_t>(row) * grid.cols + col] != 0) rasterHa += areas[row];

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
