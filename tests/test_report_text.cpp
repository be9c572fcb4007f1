// The report's provenance: the draws section says how many draws, from which
// seed and what varied; the demo-data caveat follows the inputs' own SOURCE.
#include "report/ProvenanceText.h"
#include "report/ReportText.h"

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <filesystem>

namespace fs = std::filesystem;

namespace forestsink {
namespace {

TEST(ReportText, DrawsSectionListsCountSeedAndWhatVaried) {
    Scenario s;
    s.seed = 4242;
    Distribution growth;
    growth.kind = Distribution::Uniform, growth.a = 0.8, growth.b = 1.2;
    growth.where = "plan.toml:210:1";
    s.uncertainty.growth = growth;
    Distribution survival;
    survival.kind = Distribution::Triangular, survival.a = 0.6, survival.b = 0.9, survival.c = 1.0;
    s.uncertainty.survival = survival;
    const std::string text = drawsSection(s, 25);
    EXPECT_NE(text.find("25 Monte Carlo draws from seed 4242"), std::string::npos) << text;
    EXPECT_NE(text.find("<td>growth increment of every species (multiplier)</td><td>uniform, 0.8 to 1.2</td>"
                        "<td>plan.toml:210:1</td>"),
              std::string::npos) << text;
    EXPECT_NE(text.find("planting stocking of every programme and the survival of each plantation at its check (multiplier)</td><td>triangular, 0.6 to 1, mode 0.9"),
              std::string::npos) << text;
    EXPECT_EQ(text.find("carbon fraction"), std::string::npos);  // not drawn, not listed
    EXPECT_EQ(drawsSection(s, 0), "");
    s.uncertainty = {};
    EXPECT_NE(drawsSection(s, 3).find("every draw is the same run"), std::string::npos);
}

TEST(ReportText, DrawsSectionListsStandAgesClosureTimeAndTheEquationSets) {
    Scenario s;
    Distribution age;
    age.kind = Distribution::Uniform, age.a = 0.9, age.b = 1.1;
    age.where = "plan.toml:240:1";
    s.uncertainty.standAge = age;
    s.uncertainty.biomassEquations =
        EquationDraw{{BiomassEquations::SpeciesTable, BiomassEquations::Fang2001}, {0.25, 0.75}, "plan.toml:236:11"};
    const std::string text = drawsSection(s, 10);
    EXPECT_NE(text.find("<td>age of every input stand (multiplier, rounded to years)</td><td>uniform, 0.9 to 1.1</td>"
                        "<td>plan.toml:240:1</td>"),
              std::string::npos) << text;
    EXPECT_NE(text.find("<td>volume-to-biomass equations of every species (one set a draw)</td><td>species_table "
                        "(0.25), fang_2001 (0.75)</td><td>plan.toml:236:11</td>"),
              std::string::npos) << text;
    EXPECT_EQ(text.find("closure"), std::string::npos);  // not drawn, not listed
    EXPECT_EQ(text.find("same run"), std::string::npos);
}

fs::path rasterWithSource(const fs::path& path, const char* source) {
    GDALAllRegister();
    GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDatasetUniquePtr ds(gtiff->Create(path.c_str(), 2, 2, 1, GDT_Byte, nullptr));
    if (source) ds->SetMetadataItem("SOURCE", source);
    return path;
}

TEST(ReportText, DemoCaveatOnlyForTheSyntheticDemoData) {
    const fs::path dir = fs::temp_directory_path() / "forestsink-test-report-text";
    fs::create_directories(dir);
    Scenario s;
    s.landClass.path = rasterWithSource(dir / "own.tif", "county inventory 2019");
    s.age.path = rasterWithSource(dir / "plain.tif", nullptr);
    EXPECT_FALSE(usesSyntheticDemoData(s));
    s.volume.path = rasterWithSource(dir / "demo.tif", "forestsink-make-demo --province yunnan (synthetic demo data)");
    EXPECT_TRUE(usesSyntheticDemoData(s));
    fs::remove_all(dir);
}

TEST(ReportText, NumbersHaveSeparatorsAndNoNegativeZero) {
    EXPECT_EQ(number(1830000000), "1,830,000,000");
    EXPECT_EQ(number(-56169934.9997), "-56,169,935");
    EXPECT_EQ(number(-0.0004, 2), "0.00");
    EXPECT_EQ(number(999.5), "1,000");
    EXPECT_STREQ(metricUnit(TargetMetric::CoveragePre2003Pct), "%");
    EXPECT_EQ(metricDecimals(TargetMetric::StockM3), 0);
}

}  // namespace
}  // namespace forestsink
