// Layers in another CRS and resolution land on the grid where they should.
#include "SyntheticInputs.h"

#include "common/Error.h"
#include "raster/AlignedLayer.h"
#include "raster/Gdal.h"
#include "raster/LayerRows.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

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

// Codes 0 (nodata) and 4–8 on 250 m cells, in a pattern with no period of 4.
uint8_t codeAt(int r, int c) { return static_cast<uint8_t>((r * 7 + c * 3 + (r * c) % 5) % 6 == 0 ? 0 : 4 + (r * 5 + c * 11 + r / 3) % 5); }

fs::path writeFineCodes(const fs::path& dir, const Grid& fine) {
    std::vector<uint8_t> data(fine.cellCount());
    for (int r = 0; r < fine.rows; ++r)
        for (int c = 0; c < fine.cols; ++c) data[static_cast<std::size_t>(r) * fine.cols + c] = codeAt(r, c);
    const fs::path path = dir / "codes.tif";
    GDALDatasetUniquePtr ds(
        GetGDALDriverManager()->GetDriverByName("GTiff")->Create(path.c_str(), fine.cols, fine.rows, 1, GDT_Byte, nullptr));
    applyGrid(*ds, fine);
    ds->GetRasterBand(1)->SetNoDataValue(0);
    EXPECT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, fine.cols, fine.rows, data.data(), fine.cols, fine.rows,
                                             GDT_Byte, 0, 0, nullptr),
              CE_None);
    return path;
}

// A code-range test runs on the file's own cells: each 1 km cell reads the
// share of its sixteen 250 m cells whose code lies in 6–7 (nodata fails), by
// hand; codes are never averaged (a cell of 5, 5, 5 and 8 is not "6").
TEST(Alignment, CodeRangeGivesEachCoarseCellTheShareOfItsOwnCellsThatPass) {
    initGdal();
    const fs::path dir = test::freshDir("in");
    const fs::path path = writeFineCodes(dir, albersGrid(250, 80, 80));
    const Grid coarse = albersGrid(1000, 20, 20);
    AlignedLayer layer(LayerSource{"codes", path, Resampling::Nearest, nullptr, LayerSource::PassRange{6, 7}}, coarse);
    EXPECT_TRUE(layer.warped());
    EXPECT_FALSE(layer.nodata());
    EXPECT_NE(layer.alignmentNote().find("tested against 6–7 on its own cells"), std::string::npos)
        << layer.alignmentNote();
    std::vector<double> share(coarse.cellCount());
    layer.readRows(0, coarse.rows, GDT_Float64, share.data());
    int partial = 0;
    for (int r = 0; r < coarse.rows; ++r)
        for (int c = 0; c < coarse.cols; ++c) {
            int passing = 0;
            for (int fr = 4 * r; fr < 4 * r + 4; ++fr)
                for (int fc = 4 * c; fc < 4 * c + 4; ++fc) passing += codeAt(fr, fc) >= 6 && codeAt(fr, fc) <= 7;
            EXPECT_NEAR(share[static_cast<std::size_t>(r) * coarse.cols + c], passing / 16.0, 1e-6)
                << "row " << r << " col " << c;
            partial += passing > 0 && passing < 16;
        }
    EXPECT_GT(partial, 300);  // most cells mix passing and failing codes
    // One code (min = max) the same way; and a range holding the nodata value 0, which still fails.
    AlignedLayer six(LayerSource{"codes", path, Resampling::Nearest, nullptr, LayerSource::PassRange{6, 6}}, coarse);
    six.readRows(0, coarse.rows, GDT_Float64, share.data());
    AlignedLayer upToSix(LayerSource{"codes", path, Resampling::Nearest, nullptr, LayerSource::PassRange{0, 6}}, coarse);
    std::vector<double> upTo(coarse.cellCount());
    upToSix.readRows(0, coarse.rows, GDT_Float64, upTo.data());
    // Ranges open at one end, as a scenario's `raster = { max = 6 }` or `{ min = 6 }` give them (±1e300).
    AlignedLayer noMin(LayerSource{"codes", path, Resampling::Nearest, nullptr, LayerSource::PassRange{-1e300, 6}},
                       coarse);
    AlignedLayer noMax(LayerSource{"codes", path, Resampling::Nearest, nullptr, LayerSource::PassRange{6, 1e300}},
                       coarse);
    std::vector<double> belowSix(coarse.cellCount()), fromSix(coarse.cellCount());
    noMin.readRows(0, coarse.rows, GDT_Float64, belowSix.data());
    noMax.readRows(0, coarse.rows, GDT_Float64, fromSix.data());
    for (int c = 0; c < coarse.cols; ++c) {
        int isSix = 0, fourToSix = 0, sixOrMore = 0;
        for (int fr = 0; fr < 4; ++fr)
            for (int fc = 4 * c; fc < 4 * c + 4; ++fc) {
                isSix += codeAt(fr, fc) == 6;
                fourToSix += codeAt(fr, fc) >= 4 && codeAt(fr, fc) <= 6;
                sixOrMore += codeAt(fr, fc) >= 6;
            }
        EXPECT_NEAR(share[c], isSix / 16.0, 1e-6) << "col " << c;
        EXPECT_NEAR(upTo[c], fourToSix / 16.0, 1e-6) << "col " << c;
        EXPECT_NEAR(belowSix[c], fourToSix / 16.0, 1e-6) << "col " << c;  // nodata 0 fails here too
        EXPECT_NEAR(fromSix[c], sixOrMore / 16.0, 1e-6) << "col " << c;
    }
}

// On the file's own grid the test reads 1 where the code passes and 0
// elsewhere, nodata included.
TEST(Alignment, CodeRangeOnTheFilesOwnGridIsOneOrZero) {
    initGdal();
    const fs::path dir = test::freshDir("in");
    const Grid fine = albersGrid(250, 80, 80);
    const fs::path path = writeFineCodes(dir, fine);
    AlignedLayer layer(LayerSource{"codes", path, Resampling::Nearest, nullptr, LayerSource::PassRange{6, 7}}, fine);
    EXPECT_FALSE(layer.warped());
    std::vector<float> share(fine.cellCount());
    layer.readRows(0, fine.rows, GDT_Float32, share.data());
    AlignedLayer upToSix(LayerSource{"codes", path, Resampling::Nearest, nullptr, LayerSource::PassRange{0, 6}}, fine);
    std::vector<float> upTo(fine.cellCount());
    upToSix.readRows(0, fine.rows, GDT_Float32, upTo.data());
    for (int r = 0; r < fine.rows; ++r)
        for (int c = 0; c < fine.cols; ++c) {
            const std::size_t i = static_cast<std::size_t>(r) * fine.cols + c;
            EXPECT_EQ(share[i], codeAt(r, c) >= 6 && codeAt(r, c) <= 7 ? 1.0f : 0.0f);
            EXPECT_EQ(upTo[i], codeAt(r, c) >= 4 && codeAt(r, c) <= 6 ? 1.0f : 0.0f);  // nodata 0 fails
        }
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


// A one-row raster of `type` holding `values` (converted by GDAL on write), nodata `nodata`.
fs::path writeRow(const fs::path& dir, GDALDataType type, const std::vector<double>& values, double nodata) {
    initGdal();
    const fs::path path = dir / (std::string(GDALGetDataTypeName(type)) + ".tif");
    GDALDatasetUniquePtr ds(GetGDALDriverManager()->GetDriverByName("GTiff")->Create(
        path.c_str(), static_cast<int>(values.size()), 1, 1, type, nullptr));
    double gt[6] = {-480000, 1000, 0, 2820000, 0, -1000};
    ds->SetGeoTransform(gt);
    ds->SetProjection(test::SyntheticInputs("crs").crsWkt().c_str());
    ds->GetRasterBand(1)->SetNoDataValue(nodata);
    EXPECT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, static_cast<int>(values.size()), 1,
                                             const_cast<double*>(values.data()), static_cast<int>(values.size()), 1,
                                             GDT_Float64, 0, 0, nullptr),
              CE_None);
    return path;
}

// LayerRows keeps a layer in its file's own type and widens each cell when
// asked: the value must be the one a read as Float64 gives, to the bit
// (a float class raster's 1.4 stays 1.4, so the loader still refuses it;
// a NaN nodata stays NaN). Types it does not keep (Float64 itself) are read
// as Float64.
TEST(Alignment, ALayerKeptInItsOwnTypeGivesEachCellAsAReadAsDoublesDoes) {
    const fs::path dir = test::freshDir("own-type");
    const std::vector<double> values = {0,   1,     1.4,   -3,         255,         65535, -32768,
                                        7e5, -7e5, 4.2e9, 0.1,        3.4e38,      -1e-40, 12345.678, std::nan("")};
    const std::vector<std::pair<GDALDataType, double>> types = {
        {GDT_Byte, 0},     {GDT_UInt16, 65535}, {GDT_Int16, -32768}, {GDT_UInt32, 0},
        {GDT_Int32, -1},   {GDT_Float32, std::nan("")}, {GDT_Float64, -9999}};
    for (const auto& [type, nodata] : types) {
        SCOPED_TRACE(GDALGetDataTypeName(type));
        const fs::path path = writeRow(dir, type, values, nodata);
        const Grid grid = gridOfDataset(*openRaster(path, "test"), path, "test");
        AlignedLayer layer(LayerSource{"codes", path, Resampling::Nearest, nullptr}, grid);
        std::vector<double> asDoubles(values.size());
        layer.readRows(0, 1, GDT_Float64, asDoubles.data());
        LayerRows rows;
        rows.read(layer, 0, 1);
        EXPECT_EQ(rows.type(), type);
        for (std::size_t i = 0; i < values.size(); ++i) {
            const double got = rows[i];
            EXPECT_EQ(std::memcmp(&got, &asDoubles[i], sizeof got), 0)
                << "cell " << i << ": " << got << " against " << asDoubles[i];
        }
    }
}

}  // namespace
}  // namespace forestsink
