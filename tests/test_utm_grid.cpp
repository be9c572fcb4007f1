// A planner's own data in UTM: an 80 km × 80 km piece of the demo, warped to
// UTM 47N at 100 m (nearest neighbour, so every UTM cell takes the value of an
// Albers cell), run on its own grid with no warp. Its area, forest area and
// stock must match the same piece counted on the Albers grid within 0.1 %.
// The piece lies about 450 km east of the zone's central meridian, where UTM
// cells are 0.4 % smaller than their nominal hectare: counting nominal cells
// would miss by more than the tolerance.
#include "SyntheticInputs.h"

#include "app/RunCommand.h"
#include "raster/Gdal.h"

#include <fmt/format.h>
#include <gdal_utils.h>
#include <gtest/gtest.h>

#include <cpl_string.h>

#include <fstream>
#include <iostream>
#include <regex>

namespace forestsink {
namespace {

namespace fs = std::filesystem;

constexpr int kCol0 = 562, kRow0 = 405, kSize = 80;  // the piece, in demo cells (x −200…−120 km, y 2700…2620 km)

CPLStringList argList(const std::vector<std::string>& args) {
    CPLStringList l;
    for (const auto& a : args) l.AddString(a.c_str());
    return l;
}

// The piece of one demo layer, in Albers, and warped to UTM 47N.
void cutAndWarp(const std::string& layer, const fs::path& dir) {
    const fs::path src = test::sourceDir() / "data/yunnan-1km" / (layer + ".tif");
    auto ds = openRaster(src, layer);
    CPLStringList cut = argList({"-srcwin", std::to_string(kCol0), std::to_string(kRow0), std::to_string(kSize),
                                 std::to_string(kSize)});
    GDALTranslateOptions* to = GDALTranslateOptionsNew(cut.List(), nullptr);
    int err = 0;
    GDALDatasetH albers = GDALTranslate((dir / ("albers-" + layer + ".tif")).c_str(), GDALDataset::ToHandle(ds.get()),
                                        to, &err);
    GDALTranslateOptionsFree(to);
    ASSERT_TRUE(albers) << layer;
    CPLStringList warp = argList({"-t_srs", "EPSG:32647", "-tr", "100", "100", "-tap", "-r", "near", "-et", "0"});
    GDALWarpAppOptions* wo = GDALWarpAppOptionsNew(warp.List(), nullptr);
    GDALDatasetH utm = GDALWarp((dir / ("utm-" + layer + ".tif")).c_str(), nullptr, 1, &albers, wo, &err);
    GDALWarpAppOptionsFree(wo);
    ASSERT_TRUE(utm) << layer;
    GDALClose(utm);
    GDALClose(albers);
}

TEST(UtmGrid, DemoPieceInUtmKeepsAreaForestAndStock) {
    initGdal();
    const fs::path dir = test::freshDir("utm");
    for (const char* layer : {"land_class", "species", "age", "volume", "site_class", "region", "forest_category"})
        cutAndWarp(layer, dir);

    std::ifstream in(test::sourceDir() / "scenarios" / "yunnan-demo.toml");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    text = std::regex_replace(text, std::regex(R"("\.\./data/yunnan-1km/([a-z_]+)\.tif")"),
                              "\"" + dir.string() + "/utm-$1.tif\"");
    text = std::regex_replace(text, std::regex(R"("\.\./)"), "\"" + test::sourceDir().string() + "/");
    text = std::regex_replace(text, std::regex(R"(end_year = 2020)"), "end_year = 2008");
    text = std::regex_replace(text, std::regex(R"(report_years = .*)"), "report_years = [2007]");
    std::ofstream(dir / "utm.toml") << text;

    RunOptions o;
    o.scenario = dir / "utm.toml";
    o.outDir = dir / "out";
    o.threads = 2;
    const RunResult r = runScenario(o);
    const Totals& utm = r.years.front().totals.province;

    // The Albers piece, counted from its rasters: 1 km cells of 100 ha.
    const auto lc = test::readRaster(dir / "albers-land_class.tif");
    const auto vol = test::readRaster(dir / "albers-volume.tif");
    double areaHa = 0, forestHa = 0, stock = 0;
    for (std::size_t i = 0; i < lc.size(); ++i) {
        if (lc[i] == 0) continue;
        areaHa += 100;
        if (lc[i] == 1 || lc[i] == 9 || lc[i] == 10) forestHa += 100;  // tree forest, bamboo, special shrubland
        if (lc[i] == 1) stock += vol[i] * 100;
    }
    std::cout << fmt::format("area {:.6f} %, forest {:.6f} %, stock {:.6f} % off the Albers piece\n",
                             100 * (utm[kAreaHa] / areaHa - 1), 100 * (utm[kForestAreaHa] / forestHa - 1),
                             100 * (utm[kStockM3] / stock - 1));
    ASSERT_GT(forestHa, 100'000);  // the piece holds forest worth testing
    EXPECT_NEAR(utm[kAreaHa], areaHa, areaHa * 0.001);
    EXPECT_NEAR(utm[kForestAreaHa], forestHa, forestHa * 0.001);
    EXPECT_NEAR(utm[kStockM3], stock, stock * 0.001);

    // The same UTM cells at their nominal hectare would be off by more than 0.3 %.
    const auto utmClasses = test::readRaster(dir / "utm-land_class.tif");
    double nominalHa = 0;
    for (double c : utmClasses) nominalHa += c != 0 ? 1.0 : 0.0;
    std::cout << fmt::format("nominal cell areas would be {:.3f} % off\n", 100 * (nominalHa / areaHa - 1));
    EXPECT_GT(std::abs(nominalHa - areaHa) / areaHa, 0.003) << nominalHa << " vs " << areaHa;
}

}  // namespace
}  // namespace forestsink
