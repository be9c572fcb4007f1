// Scenario files: the shipped demo loads; mistakes are reported with
// file:line:column, the bad value and what is allowed.
#include "SyntheticInputs.h"

#include "common/Error.h"
#include "scenarios/Scenario.h"

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
        loadScenario(p);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

TEST(Scenario, ShippedDemoLoads) {
    const Scenario s = loadScenario(test::sourceDir() / "scenarios" / "yunnan-demo.toml");
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
        loadScenario("/nonexistent/x.toml");
        FAIL();
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "/nonexistent/x.toml: scenario file does not exist");
    }
}

}  // namespace
}  // namespace forestsink
