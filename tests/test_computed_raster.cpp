// Rasters computed block by block from the state and copied to COGs by GDAL.
#include "SyntheticInputs.h"
#include "common/Error.h"
#include "raster/ComputedRaster.h"
#include "raster/Gdal.h"
#include "raster/GeoTiffWriter.h"
#include "raster/DistanceTransform.h"
#include "common/MemoryUse.h"
#include "app/Progress.h"
#include "app/RunCommand.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace forestsink {
namespace {

Grid smallGrid(int cols, int rows) {
    initGdal();
    Grid g;
    g.crsWkt = test::SyntheticInputs("streaming-grid").crsWkt();  // the demo's Albers
    g.cols = cols;
    g.rows = rows;
    g.geotransform = {1e6, 30, 0, 3e6, 0, -30};
    return g;
}

float valueAt(int col, int row) { return static_cast<float>(col * 1000 + row) * 0.25f; }

// A grid that is not a multiple of the 256-cell blocks, so the right and
// bottom blocks are partial: the COG must hold exactly the computed values.
TEST(ComputedRaster, CogHoldsEveryComputedValueIncludingPartialBlocks) {
    const Grid grid = smallGrid(300, 517);
    BandInfo info;
    info.description = "test layer";
    info.units = "m3/ha";
    info.nodata = -9999;
    info.metadata = {{"YEAR", "2015"}};
    int blocks = 0;
    auto source = makeComputedRaster(grid, GDT_Float32, info, [&](int col0, int row0, int cols, int rows, void* out) {
        ++blocks;
        auto* f = static_cast<float*>(out);
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c) f[r * cols + c] = valueAt(col0 + c, row0 + r);
    });
    const auto path = test::freshDir("computed") / "layer.tif";
    writeCog(path, *source, OverviewResampling::Average);
    EXPECT_GE(blocks, 2 * 3);  // streamed by blocks, not one whole-grid read

    auto ds = openRaster(path, "test");
    ASSERT_EQ(ds->GetRasterXSize(), 300);
    ASSERT_EQ(ds->GetRasterYSize(), 517);
    GDALRasterBand* band = ds->GetRasterBand(1);
    EXPECT_STREQ(band->GetDescription(), "test layer");
    EXPECT_STREQ(band->GetUnitType(), "m3/ha");
    EXPECT_EQ(band->GetNoDataValue(), -9999);
    EXPECT_STREQ(ds->GetMetadataItem("YEAR"), "2015");
    std::array<double, 6> gt{};
    ds->GetGeoTransform(gt.data());
    EXPECT_EQ(gt, grid.geotransform);
    std::vector<float> values(300 * 517);
    ASSERT_EQ(band->RasterIO(GF_Read, 0, 0, 300, 517, values.data(), 300, 517, GDT_Float32, 0, 0, nullptr), CE_None);
    int wrong = 0;
    for (int r = 0; r < 517; ++r)
        for (int c = 0; c < 300; ++c) wrong += values[r * 300 + c] != valueAt(c, r);
    EXPECT_EQ(wrong, 0);
    EXPECT_GT(band->GetOverviewCount(), 0);
}

TEST(ComputedRaster, AnErrorInTheFillFailsTheWriteWithItsMessage) {
    const Grid grid = smallGrid(300, 300);
    auto source = makeComputedRaster(grid, GDT_Byte, BandInfo{}, [](int, int row0, int, int, void*) {
        if (row0 >= 256) throw Error("snapshot unreadable");
    });
    const auto path = test::freshDir("computed-error") / "layer.tif";
    try {
        writeCog(path, *source, OverviewResampling::Mode);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("snapshot unreadable"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace forestsink
