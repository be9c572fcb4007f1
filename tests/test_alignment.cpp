// Layers in another CRS and resolution land on the grid where they should.
#include "SyntheticInputs.h"

#include "common/Error.h"
#include "raster/AlignedLayer.h"
#include "raster/Gdal.h"

#include <gtest/gtest.h>

#include <cmath>

namespace forestsink {
namespace {

namespace fs = std::filesystem;

// A geographic (EPSG:4326) layer at 0.01° whose value encodes the 0.1° block
// a point falls in: code = floor(lon·10)·1000 + floor(lat·10).
fs::path writeGeographicCodes(const fs::path& dir) {
    initGdal();
    const double west = 98.0, north = 27.0, cell = 0.01;
    const int cols = 500, rows = 400;
    std::vector<int32_t> data(static_cast<std::size_t>(cols) * rows);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            // Integer block indices from integer pixel indices: no rounding at block edges.
            const int lonBlock = 980 + c / 10, latBlock = 269 - r / 10;
            data[static_cast<std::size_t>(r) * cols + c] = lonBlock * 1000 + latBlock;
        }
    const fs::path path = dir / "codes_wgs84.tif";
    GDALDatasetUniquePtr ds(GetGDALDriverManager()->GetDriverByName("GTiff")->Create(path.c_str(), cols, rows, 1,
                                                                                     GDT_Int32, nullptr));
    double gt[6] = {west, cell, 0, north, 0, -cell};
    ds->SetGeoTransform(gt);
    OGRSpatialReference srs;
    srs.SetFromUserInput("EPSG:4326");
    ds->SetSpatialRef(&srs);
    EXPECT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, cols, rows, data.data(), cols, rows, GDT_Int32, 0, 0,
                                             nullptr),
              CE_None);
    return path;
}

Grid albersGrid(double cellSize, int cols, int rows) {
    test::SyntheticInputs any("grid");
    Grid g;
    g.crsWkt = any.crsWkt();
    // Around 100°E, 25°N in Albers.
    g.geotransform = {-480000, cellSize, 0, 2820000, 0, -cellSize};
    g.cols = cols;
    g.rows = rows;
    return g;
}

TEST(Alignment, GeographicLayerLandsOnTheAlbersGridByNearestNeighbour) {
    const fs::path dir = test::freshDir("in");
    const fs::path path = writeGeographicCodes(dir);
    const Grid grid = albersGrid(2500, 60, 50);
    AlignedLayer layer(LayerSource{"codes", path, Resampling::Nearest, nullptr}, grid);
    EXPECT_TRUE(layer.warped());
    EXPECT_NE(layer.alignmentNote().find("EPSG:4326"), std::string::npos) << layer.alignmentNote();
    std::vector<int32_t> values(grid.cellCount());
    layer.readRows(0, grid.rows, GDT_Int32, values.data());

    // Independently: each cell centre to lon/lat, then the code of its block.
    OGRSpatialReference albers = grid.spatialReference(), wgs84;
    wgs84.SetFromUserInput("EPSG:4326");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> toLonLat(OGRCreateCoordinateTransformation(&albers, &wgs84));
    int checked = 0, nearEdge = 0;
    for (int row = 0; row < grid.rows; ++row)
        for (int col = 0; col < grid.cols; ++col) {
            double x = grid.centreX(col), y = grid.centreY(row);
            ASSERT_TRUE(toLonLat->Transform(1, &x, &y));
            // Skip points within 1e-6° of a 0.01° source pixel edge (ambiguous).
            const double fx = x * 100 - std::floor(x * 100), fy = y * 100 - std::floor(y * 100);
            if (fx < 1e-4 || fx > 1 - 1e-4 || fy < 1e-4 || fy > 1 - 1e-4) { ++nearEdge; continue; }
            const int expected = static_cast<int>(std::floor(x * 10)) * 1000 + static_cast<int>(std::floor(y * 10));
            EXPECT_EQ(values[static_cast<std::size_t>(row) * grid.cols + col], expected)
                << "cell " << col << "," << row << " at " << x << "°E " << y << "°N";
            ++checked;
        }
    EXPECT_GT(checked, grid.cols * grid.rows * 9 / 10);
}

TEST(Alignment, ContinuousLayerIsAveragedOntoACoarserGrid) {
    // 250 m cells with a checkerboard of 0 and 100 averaged onto 1 km cells: 50 everywhere.
    initGdal();
    const fs::path dir = test::freshDir("in");
    const Grid fine = albersGrid(250, 80, 80);
    std::vector<float> data(fine.cellCount());
    for (int r = 0; r < fine.rows; ++r)
        for (int c = 0; c < fine.cols; ++c) data[static_cast<std::size_t>(r) * fine.cols + c] = (r + c) % 2 ? 100.f : 0.f;
    const fs::path path = dir / "fine.tif";
    {
        GDALDatasetUniquePtr ds(GetGDALDriverManager()->GetDriverByName("GTiff")->Create(
            path.c_str(), fine.cols, fine.rows, 1, GDT_Float32, nullptr));
        applyGrid(*ds, fine);
        ASSERT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, fine.cols, fine.rows, data.data(), fine.cols,
                                                 fine.rows, GDT_Float32, 0, 0, nullptr),
                  CE_None);
    }
    const Grid coarse = albersGrid(1000, 20, 20);
    AlignedLayer layer(LayerSource{"volume", path, Resampling::Average, nullptr}, coarse);
    EXPECT_NE(layer.alignmentNote().find("average"), std::string::npos);
    std::vector<double> values(coarse.cellCount());
    layer.readRows(0, coarse.rows, GDT_Float64, values.data());
    for (double v : values) EXPECT_NEAR(v, 50.0, 1e-9);
}

TEST(Alignment, LayerOnTheGridIsReadAsIs) {
    test::SyntheticInputs inputs("in");
    inputs.write();
    auto ds = openRaster(inputs.dir / "volume.tif", "volume");
    const Grid grid = gridOfDataset(*ds, inputs.dir / "volume.tif", "volume");
    AlignedLayer layer(LayerSource{"volume", inputs.dir / "volume.tif", Resampling::Average, nullptr}, grid);
    EXPECT_FALSE(layer.warped());
    EXPECT_TRUE(layer.alignmentNote().empty());
    std::vector<float> values(grid.cellCount());
    layer.readRows(0, grid.rows, GDT_Float32, values.data());
    EXPECT_EQ(values, inputs.volume);
}

}  // namespace
}  // namespace forestsink
