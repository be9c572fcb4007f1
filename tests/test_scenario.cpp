// Scenario files: the shipped demo loads; mistakes are reported with
// file:line:column, the bad value and what is allowed.
#include "sim/programmes/ProgrammeKinds.h"
#include "SyntheticInputs.h"

#include "common/Error.h"
#include "scenarios/Scenario.h"
#include "app/RunCommand.h"
#include "app/ValidateCommand.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>

namespace forestsink {
namespace {

namespace fs = std::filesystem;

std::string errorOf(const std::string& extra, const std::string& replaceFrom = "", const std::string& replaceTo = "") {
    test::SyntheticInputs inputs("in");
    inputs.extraScenarioLines = extra;
    const fs::path p = inputs.write();
    if (!replaceFrom.empty()) {
        std::ifstream in(p);
        std::string text((std::istreambuf_iterator<char>(in)), {});
        text.replace(text.find(replaceFrom), replaceFrom.size(), replaceTo);
        std::ofstream(p) << text;
    }
    try {
        loadScenario(p, programmeKinds());
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

TEST(Scenario, ShippedDemoLoads) {
    const Scenario s = loadScenario(test::sourceDir() / "scenarios" / "yunnan-demo.toml", programmeKinds());
    EXPECT_EQ(s.startYear, 2007);
    EXPECT_EQ(s.endYear, 2020);
    EXPECT_EQ(s.reportYears, (std::vector<int>{2007, 2010, 2015, 2020}));
    EXPECT_TRUE(fs::exists(s.landClass.path));
    EXPECT_EQ(s.landClassCodes.classOfCode.at(7), LandClass::NonForest);
    EXPECT_EQ(s.siteClassCodes.classOfCode.at(3), SiteClass::Poor);
}

TEST(Scenario, UnknownKeySuggestsTheNearestOne) {
    const std::string e = errorOf("end_yaer = 2020");
    EXPECT_TRUE(std::regex_search(e, std::regex(R"(scenario\.toml:7:1\d?: unknown key 'end_yaer' \(did you mean 'end_year'\?\))")))
        << e;
}

TEST(Scenario, WrongTypeNamesTheKeyAndValue) {
    const std::string e = errorOf("", "seed = 7", "seed = \"seven\"");
    EXPECT_NE(e.find("scenario.toml:5:8: 'seed' must be an integer, not a string ('seven')"), std::string::npos) << e;
}

TEST(Scenario, ReportYearOutsideThePeriodIsRefused) {
    const std::string e = errorOf("", "report_years = [2007, 2012]", "report_years = [2007, 2030]");
    EXPECT_NE(e.find("scenario.toml:4:23: 'report_years' holds 2030, out of range; allowed 2007 to 2012"),
              std::string::npos)
        << e;
}

TEST(Scenario, UnknownLandClassNameInCodesIsRefused) {
    const std::string e = errorOf("", "shrubland = [3]", "shrubs = [3]");
    EXPECT_NE(e.find("unknown key 'layers.land_class.codes.shrubs' (did you mean 'shrubland'?)"), std::string::npos)
        << e;
}

TEST(Scenario, CodeMappedTwiceIsRefused) {
    const std::string e = errorOf("", "barren = [4]", "barren = [4, 1]");
    EXPECT_NE(e.find("code 1 is listed twice"), std::string::npos) << e;
}

TEST(Scenario, SyntaxErrorHasLineAndColumn) {
    const std::string e = errorOf("name2 = = 3");
    EXPECT_NE(e.find("scenario.toml:7:"), std::string::npos) << e;
}

TEST(Scenario, MissingFileIsNamed) {
    try {
        loadScenario("/nonexistent/x.toml", programmeKinds());
        FAIL();
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "/nonexistent/x.toml: scenario file does not exist");
    }
}

}  // namespace
}  // namespace forestsink

namespace forestsink {
namespace {

// A programme table appended to the synthetic scenario.
std::string programmeError(const std::string& programme) {
    test::SyntheticInputs inputs("in");
    const fs::path p = inputs.write();
    std::ofstream(p, std::ios::app) << "\n" << programme << "\n";
    try {
        validateScenario(p, nullptr);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

const char* const kGood = R"([[programmes]]
name = "planting"
kind = "afforestation"
years = [2008, 2010]
area_ha_per_year = 100
species = "Eucalyptus")";

std::string with(const std::string& from, const std::string& to) {
    std::string s = kGood;
    s.replace(s.find(from), from.size(), to);
    return s;
}

TEST(ScenarioProgrammes, AGoodProgrammeValidates) { EXPECT_EQ(programmeError(kGood), ""); }

TEST(ScenarioProgrammes, UnknownKeyInAProgrammeSuggestsTheNearest) {
    const std::string e = programmeError(std::string(kGood) + "\nstockng = 0.8");
    EXPECT_TRUE(std::regex_search(e, std::regex(R"(scenario\.toml:\d+:\d+: unknown key 'programmes\[0\]\.stockng' \(did you mean 'stocking'\?\))"))) << e;
}

TEST(ScenarioProgrammes, UnknownKind) {
    const std::string e = programmeError(with("\"afforestation\"", "\"planting\""));
    EXPECT_NE(e.find("'programmes[0].kind' = 'planting' is not known; allowed: afforestation, closure, improvement"),
              std::string::npos) << e;
}

TEST(ScenarioProgrammes, YearOutsideThePeriod) {
    const std::string e = programmeError(with("[2008, 2010]", "[2008, 2031]"));
    EXPECT_NE(e.find("'programmes[0].years' holds 2031, out of range; allowed 2008 to 2012"), std::string::npos) << e;
}

TEST(ScenarioProgrammes, NegativeArea) {
    const std::string e = programmeError(with("= 100", "= -5"));
    EXPECT_NE(e.find("'programmes[0].area_ha_per_year' = -5 is out of range; allowed 0 to"), std::string::npos) << e;
}

TEST(ScenarioProgrammes, UnknownSpecies) {
    const std::string e = programmeError(with("\"Eucalyptus\"", "\"Teak\""));
    EXPECT_TRUE(std::regex_search(e, std::regex(R"re(scenario\.toml:\d+:11: species 'Teak' is not in the species table .*yunnan-species\.csv; known: 1 "Yunnan pine \(natural\)")re"))) << e;
}

TEST(ScenarioProgrammes, UnknownLandClass) {
    const std::string e = programmeError(std::string(kGood) + "\neligible = { land_class = [\"wasteland\"] }");
    EXPECT_NE(e.find("'programmes[0].eligible.land_class' holds unknown land class 'wasteland'; allowed: forest, "
                     "sparse_forest, shrubland, barren, non_forest"),
              std::string::npos) << e;
}

TEST(ScenarioProgrammes, MissingRaster) {
    const std::string e = programmeError(std::string(kGood) + "\neligible = { raster = { path = \"slope.tif\", max = 25 } }");
    EXPECT_TRUE(std::regex_search(e, std::regex(R"(scenario\.toml:\d+:\d+: raster '.*slope\.tif' named by 'programmes\[0\]\.eligible\.raster\.path' does not exist)"))) << e;
}

TEST(ScenarioProgrammes, UnknownRegion) {
    const std::string e = programmeError(std::string(kGood) + "\neligible = { regions = [\"North zone\"] }");
    EXPECT_NE(e.find("region 'North zone' is not on the grid; regions: 1 (West zone), 2 (East zone)"), std::string::npos) << e;
}

TEST(ScenarioProgrammes, TwoAmountsAreRefused) {
    const std::string e = programmeError(std::string(kGood) + "\narea_ha_total = 300");
    EXPECT_NE(e.find("programme 'planting' needs exactly one of area_per_year, area_total, area_per_year_by_region (or their _ha_ forms) (it has 2)"), std::string::npos) << e;
}

TEST(ScenarioProgrammes, UnknownTargetMetric) {
    const std::string e = programmeError("[[targets]]\nname = \"x\"\nmetric = \"stock\"\nyear = 2010\nvalue = 1");
    EXPECT_NE(e.find("'targets[0].metric' = 'stock' is not known; allowed: stock_m3, coverage_current_pct, forest_area_ha"),
              std::string::npos) << e;
}

TEST(ScenarioProgrammes, ShippedScenariosValidate) {
    for (const char* f : {"yunnan-demo.toml", "yunnan-baseline.toml", "yunnan-plan-2011-2020.toml"})
        EXPECT_NO_THROW(validateScenario(test::sourceDir() / "scenarios" / f, nullptr)) << f;
}

}  // namespace
}  // namespace forestsink

namespace forestsink {
namespace {

TEST(ScenarioAreas, AreasAcceptMuHaAndKm2) {
    for (const auto& [text, ha] : {std::pair{"\"2.6e6 mu\"", 2.6e6 / 15}, std::pair{"\"1500 ha\"", 1500.0},
                                   std::pair{"\"12 km2\"", 1200.0}}) {
        test::SyntheticInputs inputs("in");
        const fs::path p = inputs.write();
        std::ofstream(p, std::ios::app) << "\n[[programmes]]\nname = \"p\"\nkind = \"afforestation\"\nyears = [2008, 2009]\n"
                                        << "area_per_year = " << text << "\nspecies = 1\n";
        const Scenario s = loadScenario(p, programmeKinds());
        ASSERT_EQ(s.programmes.size(), 1u);
        EXPECT_NEAR(*s.programmes[0].areaHaPerYear, ha, 1e-9) << text;
    }
}

TEST(ScenarioAreas, APlainNumberIsRefusedWhereTheKeyAsksForAUnit) {
    const std::string e = programmeError(
        "[[programmes]]\nname = \"p\"\nkind = \"afforestation\"\nyears = [2008, 2009]\narea_per_year = 250\nspecies = 1");
    EXPECT_NE(e.find("'programmes[0].area_per_year' = 250 has no unit; write a number and a unit in quotes: ha, mu "
                     "(1/15 ha) or km2, for example \"250 ha\""),
              std::string::npos) << e;
    // The _ha form takes plain hectares.
    test::SyntheticInputs inputs("in");
    const fs::path p = inputs.write();
    std::ofstream(p, std::ios::app) << "\n[[programmes]]\nname = \"p\"\nkind = \"afforestation\"\nyears = [2008, 2009]\n"
                                    << "area_ha_per_year = 250\nspecies = 1\n";
    EXPECT_DOUBLE_EQ(*loadScenario(p, programmeKinds()).programmes.at(0).areaHaPerYear, 250.0);
}

TEST(ScenarioTargets, ATargetMayNameARegionOnTheGrid) {
    EXPECT_EQ(programmeError("[[targets]]\nname = \"east\"\nmetric = \"stock_m3\"\nyear = 2010\nvalue = 1\n"
                             "region = \"2\""),
              "");
    const std::string e = programmeError(
        "[[targets]]\nname = \"west\"\nmetric = \"stock_m3\"\nyear = 2010\nvalue = 1\nregion = \"Atlantis\"");
    EXPECT_NE(e.find("target 'west' names region 'Atlantis', which is not on the grid; regions: 1 ("), std::string::npos)
        << e;
}

TEST(ScenarioAreas, AnAreaWithoutAKnownUnitIsRefused) {
    const std::string e = programmeError(
        "[[programmes]]\nname = \"p\"\nkind = \"afforestation\"\nyears = [2008, 2009]\narea_per_year = \"2.6e6 acres\"\nspecies = 1");
    EXPECT_NE(e.find("'programmes[0].area_per_year' = \"2.6e6 acres\" is not an area; write a non-negative number and a "
                     "unit: ha, mu (1/15 ha) or km2"),
              std::string::npos) << e;
}

TEST(ScenarioForestCategory, AFilterByForestCategoryNeedsTheLayer) {
    const std::string e = programmeError(
        "[[programmes]]\nname = \"cut\"\nkind = \"harvest\"\nyears = [2008, 2009]\nvolume_m3_per_year = 100\n"
        "eligible = { forest_category = [\"plantation_commercial\"] }");
    EXPECT_NE(e.find("programme 'cut' selects stands by forest category, but the scenario has no "
                     "[layers.forest_category]"),
              std::string::npos) << e;
}

TEST(ScenarioForestCategory, AnUnknownForestCategoryIsRefusedWithTheAllowedOnes) {
    const std::string e = programmeError(
        "[[programmes]]\nname = \"cut\"\nkind = \"harvest\"\nyears = [2008, 2009]\nvolume_m3_per_year = 100\n"
        "eligible = { forest_category = [\"plantation\"] }");
    EXPECT_NE(e.find("holds unknown forest category 'plantation'; allowed: natural_public_welfare, natural_commercial, "
                     "plantation_public_welfare, plantation_commercial"),
              std::string::npos) << e;
}

}  // namespace
}  // namespace forestsink
