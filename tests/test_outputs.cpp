// Outputs of the demo run: the rasters carry their metadata, and their sums
// equal summary.csv's totals.
#include "SyntheticInputs.h"

#include <fmt/format.h>

#include "raster/Gdal.h"
#include "app/DemoScenario.h"
#include "app/RunCommand.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <memory>
#include <map>
#include <sstream>

namespace forestsink {
namespace {

namespace fs = std::filesystem;

struct DemoRun {
    fs::path out;
    RunResult result;
};

const DemoRun& demoRun() {
    static const DemoRun run = [] {
        DemoRun r;
        r.out = test::freshDir("demo-out");
        RunOptions o;
        o.scenario = test::sourceDir() / "scenarios" / "yunnan-demo.toml";
        o.outDir = r.out;
        o.threads = 2;
        r.result = runScenario(o);
        return r;
    }();
    return run;
}

// summary.csv as year → region → column → value.
std::map<int, std::map<std::string, std::map<std::string, std::string>>> readSummary(const fs::path& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    std::vector<std::string> header;
    std::stringstream hs(line);
    for (std::string f; std::getline(hs, f, ',');) header.push_back(f);
    std::map<int, std::map<std::string, std::map<std::string, std::string>>> out;
    while (std::getline(in, line)) {
        std::vector<std::string> fields;
        std::stringstream ls(line);
        for (std::string f; std::getline(ls, f, ',');) fields.push_back(f);
        if (line.back() == ',') fields.push_back("");
        std::map<std::string, std::string> row;
        for (std::size_t i = 0; i < header.size(); ++i) row[header[i]] = fields.at(i);
        out[std::stoi(row["year"])][row["region"]] = row;
    }
    return out;
}

TEST(Outputs, RasterSumsEqualSummaryTotals) {
    const auto& run = demoRun();
    const auto summary = readSummary(run.out / "summary.csv");
    for (int year : {2007, 2010, 2015, 2020}) {
        // The year's classes: un-closed plantations of the input close into tree forest (class 1).
        const auto landClass = test::readRaster(run.out / fmt::format("rasters/land_class_{}.tif", year));
        const auto volume = test::readRaster(run.out / fmt::format("rasters/volume_{}.tif", year));
        const auto carbon = test::readRaster(run.out / fmt::format("rasters/carbon_{}.tif", year));
        double living = 0, forestStock = 0, carbonT = 0;
        for (std::size_t i = 0; i < volume.size(); ++i) {
            if (volume[i] == -9999) continue;
            living += volume[i] * 100.0;  // 1 km cells: 100 ha
            carbonT += carbon[i] * 100.0;
            if (landClass[i] == 1) forestStock += volume[i] * 100.0;
        }
        const auto& all = summary.at(year).at("all");
        // Living stock adds the scattered trees: the stands' volume is 1 − share of it (yunnan-demo.toml).
        EXPECT_NEAR(living / (1 - 0.079100), std::stod(all.at("living_stock_m3")), living * 1e-7) << year;
        EXPECT_NEAR(forestStock, std::stod(all.at("stock_m3")), forestStock * 1e-7) << year;
        EXPECT_NEAR(carbonT, std::stod(all.at("carbon_t")), carbonT * 1e-6) << year;
    }
}

// summary.csv's forest area and both coverage series in the start year,
// counted from the input land classes: forest area = tree forest (1) + bamboo
// (9) + special shrubland (10); the pre-2003 series adds other shrubland (3).
TEST(Outputs, SummaryCoverageSeriesAreTheInventoryDefinitionsOfTheInputClasses) {
    const auto summary = readSummary(demoRun().out / "summary.csv");
    const auto landClass = test::readRaster(test::sourceDir() / "data/yunnan-1km/land_class.tif");
    double land = 0, forest = 0, shrub = 0;
    for (float c : landClass) {
        if (c == 0) continue;
        land += 100;
        forest += (c == 1 || c == 9 || c == 10) ? 100 : 0;
        shrub += c == 3 ? 100 : 0;
    }
    const auto& all = summary.at(2007).at("all");
    EXPECT_NEAR(std::stod(all.at("forest_area_ha")), forest, 1e-3);
    EXPECT_NEAR(std::stod(all.at("coverage_current_pct")), 100 * forest / land, 1e-4);
    EXPECT_NEAR(std::stod(all.at("coverage_pre2003_pct")), 100 * (forest + shrub) / land, 1e-4);
}

TEST(Outputs, SummaryRegionsAddUpAndSequestrationIsTheCo2eChange) {
    const auto summary = readSummary(demoRun().out / "summary.csv");
    ASSERT_EQ(summary.size(), 14u);  // 2007 … 2020
    for (const auto& [year, regions] : summary) {
        ASSERT_EQ(regions.size(), 17u);  // 16 demo zones and "all"
        for (const char* column : {"area_ha", "forest_area_ha", "stock_m3", "carbon_t", "co2e_t"}) {
            double sum = 0;
            for (const auto& [name, row] : regions)
                if (name != "all") sum += std::stod(row.at(column));
            const double all = std::stod(regions.at("all").at(column));
            EXPECT_NEAR(sum, all, all * 1e-9 + 0.01) << year << " " << column;
        }
        const auto& all = regions.at("all");
        EXPECT_NEAR(std::stod(all.at("co2e_t")), std::stod(all.at("carbon_t")) * 44.0 / 12.0, 0.01);
        if (year == 2007) {
            EXPECT_EQ(all.at("sequestration_t_co2e"), "");
        } else {
            const double change =
                std::stod(all.at("co2e_t")) - std::stod(summary.at(year - 1).at("all").at("co2e_t"));
            EXPECT_NEAR(std::stod(all.at("sequestration_t_co2e")), change, 0.01);
        }
    }
    // The start year reproduces the calibration of the demo data.
    EXPECT_NEAR(std::stod(summary.at(2007).at("all").at("stock_m3")), 1.554e9, 1.554e9 * 0.005);
    EXPECT_NEAR(std::stod(summary.at(2007).at("all").at("forest_area_ha")), 18.18e6, 18.18e6 * 0.005);
}

TEST(Outputs, RastersCarryCrsNodataDescriptionUnitsAndYear) {
    const auto& run = demoRun();
    for (const auto& [layer, units] : {std::pair{"volume", "m3/ha"}, std::pair{"carbon", "t C/ha"}}) {
        const fs::path p = run.out / fmt::format("rasters/{}_2015.tif", layer);
        auto ds = openRaster(p, "output");
        ASSERT_NE(ds->GetSpatialRef(), nullptr);
        OGRSpatialReference albers;
        albers.SetFromUserInput("+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +ellps=GRS80 +units=m");
        EXPECT_TRUE(ds->GetSpatialRef()->IsSame(&albers));
        GDALRasterBand* band = ds->GetRasterBand(1);
        int hasNodata = 0;
        EXPECT_EQ(band->GetNoDataValue(&hasNodata), -9999.0);
        EXPECT_TRUE(hasNodata);
        EXPECT_STREQ(band->GetUnitType(), units);
        EXPECT_FALSE(std::string(band->GetDescription()).empty());
        EXPECT_STREQ(ds->GetMetadataItem("YEAR"), "2015");
        int bx = 0, by = 0;
        band->GetBlockSize(&bx, &by);
        EXPECT_EQ(bx, 256);  // tiled
        EXPECT_EQ(by, 256);
        EXPECT_STREQ(ds->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE"), "DEFLATE");
    }
}

TEST(Outputs, RunJsonRecordsInputsWithChecksumsAndTheRun) {
    const auto& run = demoRun();
    std::ifstream in(run.out / "run.json");
    const auto j = nlohmann::json::parse(in);
    EXPECT_EQ(j["threads"], 2);
    EXPECT_EQ(j["seed"], 2007);
    EXPECT_EQ(j["inputs"].size(), 10u);  // scenario, species table, 7 layers, region names
    for (const auto& input : j["inputs"]) {
        // Against coreutils' sha256sum, an independent implementation.
        const std::string cmd = "sha256sum '" + input["path"].get<std::string>() + "'";
        std::unique_ptr<FILE, decltype(&pclose)> pipe(popen(cmd.c_str(), "r"), pclose);
        char digest[65] = {};
        ASSERT_EQ(std::fread(digest, 1, 64, pipe.get()), 64u);
        EXPECT_EQ(input["sha256"].get<std::string>(), std::string(digest)) << input["path"];
        EXPECT_EQ(input["bytes"].get<std::uintmax_t>(), fs::file_size(input["path"].get<std::string>()));
    }
    EXPECT_GT(j["timings_s"]["total"].get<double>(), 0.0);
    // The first write of the state's fresh pages is a part of reading the inputs.
    const double fresh = j["timings_s"]["load_inputs_parts"]["fresh_memory"].get<double>();
    EXPECT_GT(fresh, 0.0);
    EXPECT_LE(fresh, j["timings_s"]["load_inputs"].get<double>());
    EXPECT_EQ(j["state_bytes_per_cell"], 16);
}

TEST(Outputs, EveryRasterIsAValidCloudOptimisedGeoTiff) {
    // GDAL's own validator (validate_cloud_optimized_geotiff.py, from python3-gdal).
    const char* validator = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_cloud_optimized_geotiff.py";
    ASSERT_TRUE(fs::exists(validator));
    int checked = 0;
    for (const auto& f : test::filesUnder(demoRun().out / "rasters")) {
        if (fs::path(f).extension() != ".tif") continue;
        const std::string cmd = fmt::format("/usr/bin/python3 {} -q '{}'", validator, (demoRun().out / "rasters" / f).string());
        EXPECT_EQ(std::system(cmd.c_str()), 0) << f;
        ++checked;
        auto ds = openRaster(demoRun().out / "rasters" / f, "output");
        EXPECT_GT(ds->GetRasterBand(1)->GetOverviewCount(), 0) << f;  // overviews
        EXPECT_STREQ(ds->GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE"), "COG") << f;
    }
    EXPECT_EQ(checked, 4 * 6 + 3);
}

TEST(Outputs, SequestrationRastersSumToTheSummary) {
    // Σ sequestration × area = change of tree CO2e over the year (the demo has no sinks).
    const auto summary = readSummary(demoRun().out / "summary.csv");
    for (int year : {2010, 2015, 2020}) {
        const auto seq = test::readRaster(demoRun().out / fmt::format("rasters/sequestration_{}.tif", year));
        double total = 0;
        for (double v : seq)
            if (v != -9999) total += v * 100.0;
        const double expected = std::stod(summary.at(year).at("all").at("sequestration_t_co2e"));
        EXPECT_NEAR(total, expected, std::abs(expected) * 1e-4) << year;
    }
}

TEST(Outputs, StylesAndStacksDescribeEveryLayer) {
    const fs::path r = demoRun().out / "rasters";
    for (const auto& [layer, renderer] : {std::pair{"volume", "singlebandpseudocolor"}, std::pair{"carbon", "singlebandpseudocolor"},
                                          std::pair{"age", "singlebandpseudocolor"}, std::pair{"species", "paletted"},
                                          std::pair{"land_class", "paletted"}, std::pair{"treatment", "paletted"}}) {
        std::ifstream in(r / fmt::format("{}_2015.qml", layer));
        const std::string qml((std::istreambuf_iterator<char>(in)), {});
        EXPECT_NE(qml.find(fmt::format("type=\"{}\"", renderer)), std::string::npos) << layer;
        // The VRT stacks the four report years, one band each, described as
        // its files are plus the year, in their unit; its style draws the last band.
        auto vrt = openRaster(r / fmt::format("{}.vrt", layer), "stack");
        ASSERT_EQ(vrt->GetRasterCount(), 4) << layer;
        auto tif = openRaster(r / fmt::format("{}_2020.tif", layer), "layer");
        EXPECT_EQ(std::string(vrt->GetRasterBand(4)->GetDescription()),
                  std::string(tif->GetRasterBand(1)->GetDescription()) + " 2020");
        EXPECT_STREQ(vrt->GetRasterBand(4)->GetUnitType(), tif->GetRasterBand(1)->GetUnitType());
        std::ifstream stackStyle(r / fmt::format("{}.qml", layer));
        const std::string stackQml((std::istreambuf_iterator<char>(stackStyle)), {});
        EXPECT_NE(stackQml.find(fmt::format("type=\"{}\" band=\"4\"", renderer)), std::string::npos) << layer;
    }
    std::ifstream in(r / "species_2020.qml");
    const std::string qml((std::istreambuf_iterator<char>(in)), {});
    EXPECT_NE(qml.find("label=\"Yunnan pine (natural)\""), std::string::npos);  // classes carry their names
    // Fixed breaks: the same ramp every year.
    std::ifstream a(r / "volume_2007.qml"), b(r / "volume_2020.qml");
    EXPECT_EQ(std::string((std::istreambuf_iterator<char>(a)), {}), std::string((std::istreambuf_iterator<char>(b)), {}));
}

TEST(Outputs, NoStagingFolderIsLeftBehind) {
    for (const auto& f : test::filesUnder(demoRun().out)) EXPECT_EQ(f.find(".forestsink-staging"), std::string::npos) << f;
    // The staging folder is a sibling of the output folder.
    for (const auto& e : std::filesystem::directory_iterator(demoRun().out.parent_path()))
        EXPECT_EQ(e.path().filename().string().find("forestsink-staging"), std::string::npos) << e.path();
    EXPECT_TRUE(std::filesystem::is_regular_file(demoRun().out / ".forestsink-output"));
}

}  // namespace
}  // namespace forestsink
