// Hubei, the second plan: the demo data matches the 2010 figures (checked
// from the rasters), both scenarios run with a balanced ledger, and the
// plan's 2.6 million mu of planting a year is treated.
#include "CsvTable.h"
#include "SyntheticInputs.h"

#include "app/RunCommand.h"
#include "species/BambooStand.h"
#include "species/SpeciesTable.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>

namespace forestsink {
namespace {

namespace fs = std::filesystem;
using test::num;

const fs::path kData = test::sourceDir() / "data" / "hubei-1km";

TEST(Hubei, DemoDataMatchesThe2010FiguresOfThePlan) {
    const SpeciesTable species = SpeciesTable::load(test::sourceDir() / "species" / "hubei-species.csv");
    const auto lc = test::readRaster(kData / "land_class.tif");
    const auto sp = test::readRaster(kData / "species.tif");
    const auto vol = test::readRaster(kData / "volume.tif");
    double areaHa = 0, forestHa = 0, living = 0, carbon = 0, forestryHa = 0;
    for (std::size_t i = 0; i < lc.size(); ++i) {
        if (lc[i] == 0) continue;
        areaHa += 100;
        if (lc[i] <= 4 || lc[i] >= 9) forestryHa += 100;               // every class but non-forest (5–8)
        if (lc[i] == 1 || lc[i] == 9 || lc[i] == 10) forestHa += 100;  // tree forest, bamboo, special shrubland
        if (lc[i] == 9) carbon += kBambooCarbonTPerHa * 100;
        if (lc[i] == 1 || lc[i] == 2) {
            const SpeciesGroup& g = species.group(*species.indexOfCode(static_cast<long>(sp[i])));
            living += vol[i] * 100;
            if (vol[i] > 0) carbon += g.carbonFraction * (g.biomassA + g.biomassB * vol[i]) * 100;
        }
    }
    EXPECT_NEAR(100 * forestHa / areaHa, 38.46, 38.46 * 0.01);  // coverage (current standard), % of the land
    EXPECT_NEAR(living, 313.2469e6, 313.2469e6 * 0.01);         // total living stock
    EXPECT_NEAR(carbon, 0.14e9, 0.14e9 * 0.01);                 // forest vegetation carbon
    EXPECT_GE(forestryHa, 8.45e6);                               // forestry land the plan keeps
    EXPECT_NEAR(areaHa, 18.6e6, 0.1e6);                          // the boundary encloses about 186,000 km²
}

TEST(Hubei, CommittedLayersAreExactlyWhatTheGeneratorMakes) {
    const fs::path out = test::freshDir("regenerated");
    const std::string cmd = fmt::format("{} --province hubei --resolution 1000 --seed 2010 --out {} > /dev/null",
                                        MAKE_DEMO_EXE, out.string());
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    for (const char* layer : {"land_class.tif", "species.tif", "age.tif", "volume.tif", "site_class.tif", "region.tif"})
        EXPECT_TRUE(test::readRaster(kData / layer) == test::readRaster(out / layer)) << layer;
}

void expectBalancedLedger(const fs::path& summary) {
    std::map<std::string, double> previous;
    int checked = 0;
    for (const auto& r : test::readCsv(summary)) {
        const std::string region = r.at("region");
        if (previous.count(region)) {
            EXPECT_NEAR(num(r, "stock_m3"), previous[region] + num(r, "growth_m3") - num(r, "harvest_m3") -
                                                num(r, "loss_m3") - num(r, "construction_m3") + num(r, "reclass_m3"),
                        0.05)
                << summary << " " << r.at("year") << " " << region;
            ++checked;
        }
        previous[region] = num(r, "stock_m3");
    }
    EXPECT_EQ(checked, 5 * 18);  // 2011–2015 × (17 zones + all)
}

TEST(Hubei, BothScenariosRunWithABalancedLedgerAndThePlanPlants26MillionMuAYear) {
    const fs::path dir = test::freshDir("runs");
    for (const char* scenario : {"hubei-baseline.toml", "hubei-plan-2011-2015.toml"}) {
        RunOptions o;
        o.scenario = test::sourceDir() / "scenarios" / scenario;
        o.outDir = dir / scenario;
        o.threads = 2;
        runScenario(o);
        expectBalancedLedger(o.outDir / "summary.csv");
        // The start year is the calibrated 2010 state.
        for (const auto& r : test::readCsv(o.outDir / "summary.csv"))
            if (r.at("year") == "2010" && r.at("region") == "all") {
                EXPECT_NEAR(num(r, "coverage_current_pct"), 38.46, 0.3846);
                EXPECT_NEAR(num(r, "living_stock_m3"), 313.2469e6, 3.13e6);
                EXPECT_NEAR(num(r, "carbon_t"), 0.14e9, 1.4e6);
            }
    }
    // Planting (the afforestation programmes and returning farmland): 2.6e6 mu = 173,333 ha a year.
    std::map<int, double> plantedHa;
    for (const auto& r : test::readCsv(dir / "hubei-plan-2011-2015.toml" / "programmes.csv"))
        if (r.at("region") == "all" && (r.at("kind") == "afforestation" || r.at("programme") == "Returning farmland to forest"))
            plantedHa[std::stoi(r.at("year"))] += num(r, "area_treated_ha");
    ASSERT_EQ(plantedHa.size(), 5u);
    for (const auto& [year, ha] : plantedHa) EXPECT_NEAR(ha, 2.6e6 / 15, 6 * 100) << year;  // whole 100 ha cells
    const auto targets = test::readCsv(dir / "hubei-plan-2011-2015.toml" / "targets.csv");
    EXPECT_EQ(targets.size(), 4u);
}

}  // namespace
}  // namespace forestsink
