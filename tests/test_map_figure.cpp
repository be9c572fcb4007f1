// The region boundaries drawn on the report's maps: traced on a grid no finer
// than half a map pixel, where they lie, in the map's CRS.
#include "report/MapFigure.h"
#include "SyntheticInputs.h"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <memory>
#include <vector>

namespace forestsink {
namespace {

constexpr double kCell = 30.0, kLeft = 100000.0, kTop = 2800000.0;

// A region raster of `cols` × 20 cells of 30 m (EPSG:32648): region 1 left of
// column `split`, region 2 from it on.
std::filesystem::path writeRegions(const std::filesystem::path& dir, int cols, int split) {
    const auto path = dir / "regions.tif";
    const int rows = 20;
    GDALDatasetUniquePtr ds(GetGDALDriverManager()->GetDriverByName("GTiff")->Create(path.c_str(), cols, rows, 1,
                                                                                     GDT_Int16, nullptr));
    double gt[6] = {kLeft, kCell, 0, kTop, 0, -kCell};
    ds->SetGeoTransform(gt);
    OGRSpatialReference utm;
    utm.importFromEPSG(32648);
    ds->SetSpatialRef(&utm);
    std::vector<int16_t> codes(static_cast<std::size_t>(cols) * rows);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) codes[static_cast<std::size_t>(r) * cols + c] = c < split ? 1 : 2;
    EXPECT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, cols, rows, codes.data(), cols, rows, GDT_Int16, 0, 0),
              CE_None);
    return path;
}

// The x of every vertex that is not on the raster's left or right edge.
std::vector<double> innerXs(const MapOutlines& rings, double right) {
    std::vector<double> xs;
    for (const auto& ring : rings)
        for (const auto& [x, y] : ring)
            if (std::abs(x - kLeft) > 1e-6 && std::abs(x - right) > 1e-6) xs.push_back(x);
    return xs;
}

TEST(MapFigure, OutlinesOfARasterNarrowerThanTwoMapPixelsFollowItsCells) {
    GDALAllRegister();
    const auto dir = test::freshDir("map_figure_narrow");
    const auto regions = writeRegions(dir, 1000, 377);
    const MapOutlines rings = regionOutlines(regions, regions);
    ASSERT_EQ(rings.size(), 2u);  // one ring a region
    const auto xs = innerXs(rings, kLeft + 1000 * kCell);
    ASSERT_FALSE(xs.empty());
    for (double x : xs) EXPECT_DOUBLE_EQ(x, kLeft + 377 * kCell);
}

TEST(MapFigure, OutlinesOfALargeRasterAreTracedOnAGridOfHalfAMapPixel) {
    // 7000 cells across: traced on 1400 (5 cells of 30 m a step), the
    // boundary falls within a step of where it is; before, it was polygonized
    // at 30 m whatever the size (20 s a map at 30 m over Yunnan).
    GDALAllRegister();
    const auto dir = test::freshDir("map_figure_wide");
    const auto regions = writeRegions(dir, 7000, 3001);
    const MapOutlines rings = regionOutlines(regions, regions);
    ASSERT_EQ(rings.size(), 2u);
    const double right = kLeft + 7000 * kCell, step = 7000 * kCell / 1400;
    const auto xs = innerXs(rings, right);
    ASSERT_FALSE(xs.empty());
    for (double x : xs) {
        EXPECT_LE(std::abs(x - (kLeft + 3001 * kCell)), step) << x;
        EXPECT_NEAR(std::fmod(x - kLeft, step), 0.0, 1e-6) << "a vertex off the tracing grid: " << x;
    }
}

TEST(MapFigure, OutlinesAreInTheMapsCrs) {
    GDALAllRegister();
    const auto dir = test::freshDir("map_figure_crs");
    const auto regions = writeRegions(dir, 1000, 377);
    // A map raster in geographic coordinates.
    const auto map = dir / "map.tif";
    GDALDatasetUniquePtr ds(GetGDALDriverManager()->GetDriverByName("GTiff")->Create(map.c_str(), 4, 4, 1, GDT_Byte, nullptr));
    double gt[6] = {103.0, 0.1, 0, 25.4, 0, -0.1};
    ds->SetGeoTransform(gt);
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    ds->SetSpatialRef(&wgs84);
    ds.reset();
    const MapOutlines rings = regionOutlines(regions, map);
    ASSERT_EQ(rings.size(), 2u);
    // The boundary's top vertex, carried by PROJ.
    OGRSpatialReference utm;
    utm.importFromEPSG(32648);
    utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> toMap(OGRCreateCoordinateTransformation(&utm, &wgs84));
    double x = kLeft + 377 * kCell, y = kTop;
    ASSERT_TRUE(toMap->Transform(1, &x, &y));
    bool found = false;
    for (const auto& ring : rings)
        for (const auto& [px, py] : ring) found = found || (std::abs(px - x) < 1e-9 && std::abs(py - y) < 1e-9);
    EXPECT_TRUE(found) << "no vertex at " << x << ", " << y;
    EXPECT_GT(x, 100.0);
    EXPECT_LT(x, 110.0);
}

}  // namespace
}  // namespace forestsink
