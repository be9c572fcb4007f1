// The whole pipeline on a geographic grid (CGCS2000, 0.01°): every demo layer
// is warped from Albers and each row's cell area comes from the ellipsoid.
// The province must keep its area, forest area and stock.
#include "SyntheticInputs.h"

#include "app/RunCommand.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>

namespace forestsink {
namespace {

namespace fs = std::filesystem;

TEST(GeographicGrid, DemoOnA001DegreeCgcs2000GridKeepsAreaForestAndStock) {
    const fs::path dir = test::freshDir("geo");
    std::ifstream in(test::sourceDir() / "scenarios" / "yunnan-demo.toml");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    text = std::regex_replace(text, std::regex(R"("\.\./)"), "\"" + test::sourceDir().string() + "/");
    text = std::regex_replace(text, std::regex(R"(layer = "land_class".*)"),
                              "crs = \"EPSG:4490\"\norigin = [97.5, 29.3]\ncell_size = [0.01, 0.01]\nsize = [870, 820]");
    text = std::regex_replace(text, std::regex(R"(end_year = 2020)"), "end_year = 2008");
    text = std::regex_replace(text, std::regex(R"(report_years = .*)"), "report_years = [2007]");
    std::ofstream(dir / "geo.toml") << text;

    RunOptions o;
    o.scenario = dir / "geo.toml";
    o.outDir = dir / "out";
    o.threads = 2;
    const RunResult r = runScenario(o);
    const Totals& geo = r.years.front().totals.province;

    // The Albers demo, counted from its rasters: 1 km cells of 100 ha.
    const auto lc = test::readRaster(test::sourceDir() / "data/yunnan-1km/land_class.tif");
    const auto vol = test::readRaster(test::sourceDir() / "data/yunnan-1km/volume.tif");
    double areaHa = 0, forestHa = 0, stock = 0, living = 0;
    for (std::size_t i = 0; i < lc.size(); ++i) {
        if (lc[i] == 0) continue;
        areaHa += 100;
        living += vol[i] * 100;
        if (lc[i] == 1 || lc[i] == 9 || lc[i] == 10) forestHa += 100;  // tree forest, bamboo, special shrubland
        if (lc[i] == 1) stock += vol[i] * 100;
    }
    EXPECT_NEAR(geo[kAreaHa], areaHa, areaHa * 0.001);
    EXPECT_NEAR(geo[kForestAreaHa], forestHa, forestHa * 0.005);
    // Every layer is read from the source cell under the grid cell's centre,
    // so a cell keeps one stand whole: its volume stays with its class and no
    // volume lands on a treeless cell (no note of dropped volume).
    EXPECT_NEAR(geo[kStockM3], stock, stock * 0.005);
    std::ifstream runJson(o.outDir / "run.json");
    const auto j = nlohmann::json::parse(runJson);
    // One alignment note per layer (7), and the cells covering more than one
    // land-class code: a 0.01° cell is not aligned with the 1 km cells.
    ASSERT_EQ(j["notes"].size(), 8u) << j["notes"].dump(1);
    EXPECT_EQ(j["notes"][7].get<std::string>().rfind("grid other than the land-class raster's: ", 0), 0u);
    // The run's living stock adds the scattered trees outside stands (yunnan-demo.toml's share).
    const double share = 0.079100;
    EXPECT_NEAR(geo[kLivingStockM3] * (1 - share), living, living * 0.005);

    // Top row, 29.29°–29.30°N × 0.01° on the CGCS2000 ellipsoid: 107.694 ha by the
    // closed-form quadrangle area (see test_cell_area.cpp).
    EXPECT_NEAR(j["grid"]["cell_area_ha_first_row"].get<double>(), 107.694, 0.001);
}

}  // namespace
}  // namespace forestsink
