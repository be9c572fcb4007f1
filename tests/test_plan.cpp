// The shipped Yunnan plan on the demo data, checked from its output tables:
// the ledger balances, the plan's areas are treated, targets and
// contributions agree with the summaries.
#include "CsvTable.h"
#include "SyntheticInputs.h"

#include "raster/Gdal.h"
#include "app/RunCommand.h"

#include <cpl_string.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <fstream>
#include <iterator>
#include <set>

namespace forestsink {
namespace {

namespace fs = std::filesystem;
using test::num;

const fs::path& planOut() {
    static const fs::path out = [] {
        const fs::path dir = test::freshDir("plan");
        RunOptions o;
        o.scenario = test::sourceDir() / "scenarios" / "yunnan-plan-2011-2020.toml";
        o.outDir = dir;
        o.threads = 2;
        runScenario(o);
        return dir;
    }();
    return out;
}

TEST(Plan, LedgerBalancesEveryYearInEveryRegionAndTheProvince) {
    const auto rows = test::readCsv(planOut() / "summary.csv");
    std::map<std::string, double> previous;
    int checked = 0;
    for (const auto& r : rows) {
        const std::string region = r.at("region");
        const double stock = num(r, "stock_m3");
        if (previous.count(region)) {
            const double expected = previous[region] + num(r, "growth_m3") - num(r, "harvest_m3") - num(r, "loss_m3") -
                                    num(r, "construction_m3") + num(r, "reclass_m3");
            EXPECT_NEAR(stock, expected, 0.05) << r.at("year") << " " << region;  // the CSV keeps 3 decimals
            ++checked;
        }
        previous[region] = stock;
    }
    EXPECT_EQ(checked, 13 * 17);
    // Every flow happens somewhere in the province.
    double harvest = 0, loss = 0, reclass = 0, construction = 0, natural = 0;
    for (const auto& r : rows)
        if (r.at("region") == "all" && r.at("year") != "2007")
            harvest += num(r, "harvest_m3"), loss += num(r, "loss_m3"), reclass += num(r, "reclass_m3"),
                construction += num(r, "construction_m3"), natural += num(r, "natural_to_forest_ha");
    EXPECT_GT(harvest, 0);
    EXPECT_GT(loss, 0);
    EXPECT_GT(reclass, 0);
    EXPECT_GT(construction, 0);
    EXPECT_GT(natural, 0);
}

TEST(Plan, TheProgrammesTreatThePlansAreas) {
    // programmes.csv: total treated area per programme, summed from the "all" rows.
    std::map<std::string, double> treatedHa, costYuan, regionalHa;
    for (const auto& r : test::readCsv(planOut() / "programmes.csv")) {
        if (r.at("region") == "all") {
            treatedHa[r.at("programme")] += num(r, "area_treated_ha");
            costYuan[r.at("programme")] += num(r, "cost_yuan");
        } else {
            regionalHa[r.at("programme")] += num(r, "area_treated_ha");
        }
    }
    const std::map<std::string, double> plan = {
        {"Afforestation of barren hills 2011-2015", 1.33e6},
        {"Mountain closure for natural regeneration", 0.67e6},
        {"Improvement of low-yield forest 2011-2015", 1.33e6},
        {"Improvement of low-yield forest 2016-2020", 2.67e6},
        {"Tending of young and middle-aged forest 2011-2015", 0.67e6},
        {"Tending of young and middle-aged forest 2016-2020", 3.33e6},
        {"Forest recovery after the snow and ice storm", 1.33e6},
        {"Forest recovery after the severe drought", 1.80e6},
        {"Urban greening (urban carbon sink)", 4000},
    };
    for (const auto& [name, ha] : plan) EXPECT_NEAR(treatedHa[name], ha, 100 * 5 + 1) << name;  // whole 100 ha cells
    // 2008-2010, before the plan: 0.4225 Mha a year.
    EXPECT_NEAR(treatedHa["Afforestation 2008-2010 (before the plan)"], 3 * 0.4225e6, 100 * 3 + 1);
    // All of the 2.67 Mha of barren land of 2007 is planted by 2020, some of it
    // twice (failed plantings are barren land again): the 2008-2010 planting
    // leaves the 2016-2020 programme short of land (the demo's 2007 state holds
    // only the 2.67 Mha the plan counts as still available; README).
    const double planted = treatedHa["Afforestation 2008-2010 (before the plan)"] +
                           treatedHa["Afforestation of barren hills 2011-2015"] +
                           treatedHa["Afforestation of barren hills 2016-2020"];
    EXPECT_GE(planted, 2.67e6 * 0.995);
    EXPECT_LT(treatedHa["Afforestation of barren hills 2016-2020"], 1.34e6);
    // Construction: 20,000 ha of forestry land a year over 2008-2020, in whole 100 ha cells.
    EXPECT_NEAR(treatedHa["Forest land taken for construction"], 13 * 20000.0, 100 * 13 + 1);
    for (const auto& [name, ha] : treatedHa) EXPECT_NEAR(regionalHa[name], ha, 1e-3) << name;
    EXPECT_NEAR(costYuan["Mountain closure for natural regeneration"], treatedHa["Mountain closure for natural regeneration"] * 1493, 1.0);
}

TEST(Plan, TargetsAgreeWithTheSummary) {
    std::map<int, std::map<std::string, std::string>> province;
    for (const auto& r : test::readCsv(planOut() / "summary.csv"))
        if (r.at("region") == "all") province[std::stoi(r.at("year"))] = r;
    const auto targets = test::readCsv(planOut() / "targets.csv");
    ASSERT_EQ(targets.size(), 5u);
    for (const auto& t : targets) {
        const std::string metric = t.at("metric");
        const int year = std::stoi(t.at("year"));
        const double value = num(t, "value");
        EXPECT_NEAR(num(t, "simulated"), num(province[year], metric), 1e-3) << t.at("target");
        EXPECT_EQ(t.at("reached"), num(province[year], metric) >= value ? "yes" : "no") << t.at("target");
        EXPECT_NEAR(num(t, "gap"), value - num(province[year], metric), 1e-3);
        std::string first;
        for (const auto& [y, row] : province)
            if (num(row, metric) >= value) { first = std::to_string(y); break; }
        EXPECT_EQ(t.at("first_year_reached"), first) << t.at("target");
    }
    // Forest area: +2.67 Mha over the 2007 value.
    EXPECT_NEAR(num(targets[4], "value"), num(province[2007], "forest_area_ha") + 2.67e6, 1e-3);
}

TEST(Plan, ContributionOfAllProgrammesIsThePlanMinusTheBaseline) {
    std::map<int, double> planStock, baseStock, planCo2e, baseCo2e;
    for (const auto& r : test::readCsv(planOut() / "summary.csv"))
        if (r.at("region") == "all") planStock[std::stoi(r.at("year"))] = num(r, "stock_m3"), planCo2e[std::stoi(r.at("year"))] = num(r, "co2e_t");
    for (const auto& r : test::readCsv(planOut() / "baseline" / "summary.csv"))
        if (r.at("region") == "all") baseStock[std::stoi(r.at("year"))] = num(r, "stock_m3"), baseCo2e[std::stoi(r.at("year"))] = num(r, "co2e_t");
    std::set<std::string> programmes;
    for (const auto& r : test::readCsv(planOut() / "contributions.csv")) {
        programmes.insert(r.at("programme"));
        if (r.at("kind") != "all") continue;
        const int y = std::stoi(r.at("year"));
        EXPECT_NEAR(num(r, "additional_stock_m3"), planStock[y] - baseStock[y], 0.01) << y;
        EXPECT_NEAR(num(r, "additional_co2e_t"), planCo2e[y] - baseCo2e[y], 0.01) << y;
        EXPECT_NEAR(num(r, "value_yuan"), num(r, "additional_co2e_t") * 50, 1.0);
        if (num(r, "additional_co2e_t") > 0 && num(r, "cumulative_cost_yuan") > 0)
            EXPECT_NEAR(num(r, "cost_per_t_co2e"), num(r, "cumulative_cost_yuan") / num(r, "additional_co2e_t"), 1e-3);
    }
    EXPECT_EQ(programmes.size(), 17u);  // "all" and each of the 16 programmes
    // The plan buys stock over the baseline by 2020.
    EXPECT_GT(planStock[2020], baseStock[2020]);
}

TEST(Plan, ReportIsSelfContainedAndNamesEveryTarget) {
    std::ifstream in(planOut() / "report.html");
    const std::string page((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(page.find("src=\"http"), std::string::npos);  // opens offline
    EXPECT_EQ(page.find("href=\"http"), std::string::npos);
    for (const auto& t : test::readCsv(planOut() / "targets.csv")) EXPECT_NE(page.find(t.at("target")), std::string::npos);
    // The shipped demo data is named as such (its rasters' SOURCE says so).
    EXPECT_NE(page.find("Synthetic demo data"), std::string::npos);
    // Every embedded image is a PNG.
    int images = 0;
    for (std::size_t at = page.find("base64,"); at != std::string::npos; at = page.find("base64,", at + 1)) {
        const std::size_t end = page.find('"', at);
        std::string data = page.substr(at + 7, end - at - 7);
        const int bytes = CPLBase64DecodeInPlace(reinterpret_cast<GByte*>(data.data()));
        ASSERT_GT(bytes, 8);
        EXPECT_EQ(data.substr(1, 3), "PNG");
        ++images;
    }
    EXPECT_EQ(images, 3 + 4);  // three charts (stock, CO2e by programme, cost against CO2e), four maps
}

TEST(Plan, MapsKeepTheirLegendsOnThePage) {
    // Nothing is drawn in a map's last three columns of pixels: a legend label
    // that ran off the page ("land suitable for forest (barren)") was cut there.
    for (const char* layer : {"volume", "carbon", "sequestration", "land_class"}) {
        auto png = openRaster(planOut() / "maps" / (std::string(layer) + "_2020.png"), "map");
        ASSERT_GE(png->GetRasterCount(), 3);
        const int w = png->GetRasterXSize(), h = png->GetRasterYSize();
        std::vector<uint8_t> rgb(static_cast<std::size_t>(h) * 3 * 3);
        ASSERT_EQ(png->RasterIO(GF_Read, w - 3, 0, 3, h, rgb.data(), 3, h, GDT_Byte, 3, nullptr, 3, 9, 1, nullptr), CE_None);
        EXPECT_EQ(std::count(rgb.begin(), rgb.end(), uint8_t{255}), static_cast<std::ptrdiff_t>(rgb.size())) << layer;
    }
}

TEST(Plan, MapsShowTheirClassesInTheirShares) {
    // The land-class map of 2020 (a figure: title, legend, boundaries, scale
    // bar and north arrow around the raster) shows the eight classes in their
    // palette colours, forest in the share of the study area that summary.csv gives.
    auto png = openRaster(planOut() / "maps" / "land_class_2020.png", "map");
    ASSERT_GE(png->GetRasterCount(), 3);
    const int w = png->GetRasterXSize(), h = png->GetRasterYSize();
    std::vector<uint8_t> rgb(static_cast<std::size_t>(w) * h * 3);
    ASSERT_EQ(png->RasterIO(GF_Read, 0, 0, w, h, rgb.data(), w, h, GDT_Byte, 3, nullptr, 3, 3 * w, 1, nullptr), CE_None);
    std::map<uint32_t, std::size_t> count;
    for (std::size_t i = 0; i < rgb.size(); i += 3) ++count[rgb[i] << 16 | rgb[i + 1] << 8 | rgb[i + 2]];
    // The eight land classes of report/LayerStyles.h.
    const uint32_t palette[] = {0x1a7a1a, 0x8fce5a, 0xc9c94a, 0xc8935a, 0xf2ecd0, 0x3fa58c, 0x7a9a2a, 0xb5d98a};
    double classPixels = 0;
    for (uint32_t c : palette) {
        EXPECT_GT(count[c], 100u) << std::hex << c;
        classPixels += static_cast<double>(count[c]);
    }
    EXPECT_GT(count[0x000000], 1000u);  // boundaries, scale bar, arrow and text in black ink
    double forestHa = 0, areaHa = 0;
    for (const auto& r : test::readCsv(planOut() / "summary.csv"))
        if (r.at("year") == "2020" && r.at("region") == "all")
            forestHa = std::stod(r.at("forest_area_ha")), areaHa = std::stod(r.at("area_ha"));
    ASSERT_GT(areaHa, 0);
    // Forest area: tree forest, bamboo and special shrubland.
    const double forestPixels = static_cast<double>(count[0x1a7a1a] + count[0x3fa58c] + count[0x7a9a2a]);
    EXPECT_NEAR(forestPixels / classPixels, forestHa / areaHa, 0.02);
}

}  // namespace
}  // namespace forestsink
