// The pieces that let a 30 m province run in memory: rasters written block by
// block from a computed source, distances to forest stored in 2 bytes per
// cell, the progress display, and the memory figures of run.json.
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

// The distance transform in eighths of a cell against a brute-force
// Euclidean distance to the nearest target cell, on 1 and 2 threads.
TEST(DistanceTransform, EighthsMatchBruteForceDistances) {
    const int cols = 97, rows = 61;
    std::vector<uint8_t> classes(cols * rows, 3);
    std::vector<std::pair<int, int>> targets;
    uint64_t h = 7;
    for (int i = 0; i < cols * rows; ++i) {
        h = h * 6364136223846793005ULL + 1442695040888963407ULL;
        if ((h >> 40) % 53 == 0) classes[i] = 1, targets.emplace_back(i % cols, i / cols);
    }
    ASSERT_GT(targets.size(), 20u);
    const auto eighths = distanceInEighths(classes.data(), cols, rows, 1, ThreadRunner(1, 1));
    EXPECT_EQ(eighths, distanceInEighths(classes.data(), cols, rows, 1, ThreadRunner(2, 7)));
    int wrong = 0;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            double best = std::numeric_limits<double>::max();
            for (auto [tc, tr] : targets) best = std::min(best, std::hypot(tc - c, tr - r));
            // The transform is exact; the store rounds to the nearest eighth.
            if (std::abs(eighths[r * cols + c] / 8.0 - best) > 1.0 / 16 + 1e-6) ++wrong;
        }
    EXPECT_EQ(wrong, 0);
}

TEST(DistanceTransform, NoTargetGivesTheLargestDistanceEverywhere) {
    std::vector<uint8_t> classes(40 * 30, 2);
    for (uint16_t d : distanceInEighths(classes.data(), 40, 30, 1, ThreadRunner(2, 4))) ASSERT_EQ(d, 65535);
}

// A single target in a corner: distances across a grid wider than one
// 256-column strip, against the closed form.
TEST(DistanceTransform, OneTargetInACorner) {
    const int cols = 600, rows = 40;
    std::vector<uint8_t> classes(cols * rows, 0);
    classes[(rows - 1) * cols + cols - 1] = 5;
    const auto d = distanceInEighths(classes.data(), cols, rows, 5, ThreadRunner(2, 3));
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            ASSERT_EQ(d[r * cols + c], static_cast<uint16_t>(std::hypot(cols - 1 - c, rows - 1 - r) * 8 + 0.5))
                << c << "," << r;
}

// What a progress display in `mode` prints for one stage of 4 units, 2 of
// them reported under the detail "2012".
std::string progressOutput(Progress::Mode mode) {
    std::ostringstream out;
    {
        Progress p(mode, out);
        p.stage("simulate", 4);
        p.detail("2012");
        p.advance(2);
        p.endStage();
    }
    return out.str();
}

TEST(Progress, PlainLinesNameTheStageAndEnd) {
    const std::string text = progressOutput(Progress::Mode::Lines);
    EXPECT_NE(text.find("progress: simulate 0 %"), std::string::npos) << text;
    EXPECT_NE(text.find("progress: simulate 2012 100 %"), std::string::npos) << text;
    EXPECT_EQ(text.find('\r'), std::string::npos) << "no terminal control in plain lines";
}

TEST(Progress, BarRedrawsInPlaceWithAnEta) {
    const std::string text = progressOutput(Progress::Mode::Bar);
    EXPECT_NE(text.find("\r\033[K"), std::string::npos);
    EXPECT_NE(text.find("100 %"), std::string::npos) << text;
    EXPECT_NE(text.find("ETA"), std::string::npos) << text;
}

TEST(Progress, OffPrintsNothing) { EXPECT_TRUE(progressOutput(Progress::Mode::Off).empty()); }

// Draws on a grid whose two states do not fit are refused, naming the sizes.
TEST(RunMemory, DrawsNeedingTwoStatesThatDoNotFitAreRefused) {
    EXPECT_NO_THROW(requireMemoryForDraws(0, std::size_t{14} << 30, 1));
    EXPECT_NO_THROW(requireMemoryForDraws(20, std::size_t{1} << 30, 2));
    try {
        requireMemoryForDraws(20, 14'295'406'080, 1);
        FAIL() << "draws accepted";
    } catch (const Error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("--draws 20"), std::string::npos) << m;
        EXPECT_NE(m.find("14.30 GB"), std::string::npos) << m;
        EXPECT_NE(m.find("holds only 1 state"), std::string::npos) << m;
    }
}

// run.json records the state's size and the peak memory, which must at least
// hold that state; a plan-only run has the baseline's contribution only.
TEST(RunMemory, RunJsonRecordsStateAndPeakMemory) {
    RunOptions o;
    o.scenario = test::sourceDir() / "scenarios" / "yunnan-plan-2011-2020.toml";
    o.outDir = test::freshDir("memory-run");
    o.threads = 2;
    o.contributions = ContributionsMode::Plan;
    const RunResult r = runScenario(o);
    ASSERT_EQ(r.contributions.size(), 1u);
    std::ifstream in(o.outDir / "run.json");
    const auto j = nlohmann::json::parse(in);
    const auto cells = j["grid"]["cells"].get<std::size_t>();
    EXPECT_EQ(j["memory"]["state_bytes"].get<std::size_t>(), cells * CellState::kBytesPerCell);
    EXPECT_GE(j["memory"]["peak_resident_bytes"].get<std::size_t>(), j["memory"]["state_bytes"].get<std::size_t>());
    EXPECT_GE(j["memory"]["peak_resident_bytes"].get<std::size_t>(),
              j["memory"]["peak_resident_bytes_main_run"].get<std::size_t>());
    EXPECT_LE(j["memory"]["peak_resident_bytes"].get<std::size_t>(), physicalMemoryBytes());
    EXPECT_EQ(j["contributions"], "plan");
    EXPECT_GT(j["grid"]["study_cells"].get<std::size_t>(), 0u);
    EXPECT_LT(j["grid"]["study_cells"].get<std::size_t>(), cells);
}

}  // namespace
}  // namespace forestsink
