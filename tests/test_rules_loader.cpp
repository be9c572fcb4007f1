// What the scenario loader fills in when a key is left out, by value
// (scenarios/README.md, "Programmes" table and run-wide keys).
#include "sim/programmes/ProgrammeKinds.h"
#include "SyntheticInputs.h"

#include "common/Error.h"
#include "scenarios/Scenario.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

namespace forestsink {
namespace {

// The synthetic scenario with `extra` appended; returns its first programme.
Scenario loadWith(const std::string& extra, const std::string& topLines = "") {
    test::SyntheticInputs in("in");
    in.extraScenarioLines = topLines;
    const auto file = in.write();
    std::ofstream(file, std::ios::app) << "\n" << extra << "\n";
    return loadScenario(file, programmeKinds());
}
ProgrammeSpec programme(const std::string& kind, const std::string& keys = "") {
    const Scenario s = loadWith("[[programmes]]\nname = \"p\"\nkind = \"" + kind +
                                "\"\nyears = [2008, 2010]\narea_ha_per_year = 100\n" + keys);
    return s.programmes.at(0);
}

TEST(RulesLoader, AfforestationDefaultsToBarrenLandNearestForestSeventyPercentStockingAndTheSpeciesTablesClosureYears) {
    const ProgrammeSpec p = programme("afforestation", "species = \"Eucalyptus\"\n");
    EXPECT_EQ(p.eligible.landClasses, std::vector{LandClass::Barren});
    EXPECT_EQ(p.priority, PriorityRule::NearestForest);
    EXPECT_DOUBLE_EQ(p.stocking, 0.70);
    EXPECT_EQ(p.yearsToForest, 0);  // 0: the species table's closure_years
}

TEST(RulesLoader, ClosureDefaultsToSevenYearsTenCubicMetresAndTheLocalSpecies) {
    const ProgrammeSpec p = programme("closure");
    EXPECT_EQ(p.eligible.landClasses, (std::vector{LandClass::SparseForest, LandClass::Shrubland}));
    EXPECT_EQ(p.priority, PriorityRule::NearestForest);
    EXPECT_EQ(p.yearsToForest, 7);
    EXPECT_DOUBLE_EQ(p.startVolumeM3PerHa, 10.0);
    ASSERT_TRUE(p.species.has_value());
    EXPECT_TRUE(p.species->local);
}

TEST(RulesLoader, ImprovementDefaultsToTheLowYieldRuleAndAQuarterMoreGrowthForTwelveYears) {
    const ProgrammeSpec p = programme("improvement");
    EXPECT_EQ(p.eligible.landClasses, std::vector{LandClass::Forest});
    EXPECT_EQ(p.eligible.minRelativeStock.value_or(-1), 0.0);
    EXPECT_EQ(p.eligible.maxRelativeStock.value_or(-1), 0.7);  // LY/T 1690: below 0.7 of the mean
    EXPECT_EQ(p.priority, PriorityRule::LowestStock);
    EXPECT_DOUBLE_EQ(p.growthGain, 0.25);
    EXPECT_EQ(p.gainYears, 12);
    EXPECT_FALSE(p.replant);
}

TEST(RulesLoader, TendingDefaultsToYoungAndMiddleAgedForestFifteenPercentForTenYears) {
    const ProgrammeSpec p = programme("tending");
    EXPECT_EQ(p.eligible.landClasses, std::vector{LandClass::Forest});
    EXPECT_EQ(p.eligible.ageClasses, (std::vector<std::string>{"young", "middle"}));
    EXPECT_EQ(p.priority, PriorityRule::Random);
    EXPECT_DOUBLE_EQ(p.growthGain, 0.15);
    EXPECT_EQ(p.gainYears, 10);
}

TEST(RulesLoader, HarvestDefaultsToMatureForestOldestFirstRegrowingAtEightyPercent) {
    const Scenario s = loadWith("[[programmes]]\nname = \"cut\"\nkind = \"harvest\"\nyears = [2008, 2010]\n"
                                "volume_m3_per_year = 5000\n");
    const ProgrammeSpec& p = s.programmes.at(0);
    EXPECT_EQ(p.eligible.landClasses, std::vector{LandClass::Forest});
    EXPECT_EQ(p.eligible.ageClasses, (std::vector<std::string>{"mature", "over_mature"}));
    EXPECT_EQ(p.priority, PriorityRule::Oldest);
    EXPECT_DOUBLE_EQ(p.stocking, 0.80);
    EXPECT_DOUBLE_EQ(p.volumeM3PerYear.value_or(0), 5000);
    // Commercial forest only, natural forest without an end to its logging.
    EXPECT_EQ(p.eligible.forestCategories,
              (std::vector{ForestCategory::NaturalCommercial, ForestCategory::PlantationCommercial}));
    EXPECT_EQ(p.naturalLoggingEnds, ProgrammeSpec::kNever);
}

TEST(RulesLoader, DisturbanceDefaultsToForestAndSparseForestAtRandom) {
    const ProgrammeSpec p = programme("disturbance", "severity = 0.3\n");
    EXPECT_EQ(p.eligible.landClasses, (std::vector{LandClass::Forest, LandClass::SparseForest}));
    EXPECT_EQ(p.priority, PriorityRule::Random);
    EXPECT_DOUBLE_EQ(p.severity, 0.3);
}

TEST(RulesLoader, RecoveryDefaultsToDamagedCellsTwentyPercentForTenYears) {
    const ProgrammeSpec p = programme("recovery");
    EXPECT_TRUE(p.eligible.damagedOnly);
    EXPECT_DOUBLE_EQ(p.growthGain, 0.20);
    EXPECT_EQ(p.gainYears, 10);
    EXPECT_FALSE(p.replant);
}

TEST(RulesLoader, ConversionDefaultsToNoSinkCarbonAndSeventyPercentStocking) {
    const ProgrammeSpec p = programme("conversion", "to = [\"forest\"]\neligible = { land_class = [\"non_forest\"] }\n");
    EXPECT_EQ(p.toClass, LandClass::Forest);
    EXPECT_DOUBLE_EQ(p.sinkCarbonTPerHa, 0.0);
    EXPECT_DOUBLE_EQ(p.stocking, 0.70);
    EXPECT_FALSE(p.species.has_value());
}

TEST(RulesLoader, AreasInMuAreFifteenthsOfAHectare) {
    const Scenario s = loadWith("[[programmes]]\nname = \"p\"\nkind = \"tending\"\nyears = [2008, 2010]\n"
                                "area_per_year = \"3000 mu\"\n");
    EXPECT_DOUBLE_EQ(s.programmes.at(0).areaHaPerYear.value_or(0), 200.0);
}

TEST(RulesLoader, ForestClassesDefaultToTheInventorysForest) {
    const Scenario plain = loadWith("");
    EXPECT_EQ(plain.forestClasses,
              (std::vector{LandClass::Forest, LandClass::Bamboo, LandClass::SpecialShrubland}));
    const Scenario wider = loadWith("", "forest_classes = [\"tree_forest\", \"sparse_forest\"]\n");
    EXPECT_EQ(wider.forestClasses, (std::vector{LandClass::Forest, LandClass::SparseForest}));
}

// The inventory's names are synonyms of the original ones.
TEST(RulesLoader, InventoryNamesAreSynonymsOfTheOriginalClassNames) {
    EXPECT_EQ(landClassFromName("tree_forest"), LandClass::Forest);
    EXPECT_EQ(landClassFromName("other_shrubland"), LandClass::Shrubland);
    EXPECT_EQ(landClassFromName("suitable_for_forest"), LandClass::Barren);
    EXPECT_EQ(landClassFromName("bamboo"), LandClass::Bamboo);
    EXPECT_EQ(landClassFromName("special_shrubland"), LandClass::SpecialShrubland);
    EXPECT_EQ(landClassFromName("unclosed_plantation"), LandClass::UnclosedPlantation);
    EXPECT_FALSE(landClassFromName("shrub").has_value());
}

// coverage_classes and the metric coverage_pct are gone: each says what replaced it.
TEST(RulesLoader, CoverageClassesAndAnUnnamedCoverageSeriesAreRefusedWithTheirReplacement) {
    try {
        loadWith("", "coverage_classes = [\"forest\"]\n");
        FAIL() << "coverage_classes accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("coverage_pre2003_pct"), std::string::npos) << e.what();
    }
    try {
        loadWith("[[targets]]\nname = \"c\"\nmetric = \"coverage_pct\"\nyear = 2010\nvalue = 50\n");
        FAIL() << "coverage_pct accepted";
    } catch (const Error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("coverage_current_pct"), std::string::npos) << m;
        EXPECT_NE(m.find("does not say which coverage series"), std::string::npos) << m;
    }
    const Scenario s = loadWith("[[targets]]\nname = \"c\"\nmetric = \"coverage_pre2003_pct\"\nyear = 2010\nvalue = 50\n");
    EXPECT_EQ(s.targets.at(0).metric, TargetMetric::CoveragePre2003Pct);
}

// Report years are kept in order, each once, whatever order the scenario lists them in.
TEST(RulesLoader, ReportYearsAreSortedAndEachKeptOnce) {
    test::SyntheticInputs in("in");
    const auto file = in.write();
    std::string text;
    {
        std::ifstream f(file);
        text.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    }
    const std::string listed = "report_years = [2007, 2012]";
    const auto at = text.find(listed);
    ASSERT_NE(at, std::string::npos);
    text.replace(at, listed.size(), "report_years = [2012, 2007, 2012, 2009]");
    std::ofstream(file) << text;
    EXPECT_EQ(loadScenario(file, programmeKinds()).reportYears, (std::vector{2007, 2009, 2012}));
}

}  // namespace
// [plantations]: its keys, and without the table no survival check.
TEST(RulesLoader, PlantationsTableTurnsTheSurvivalCheckOnWithItsThresholds) {
    const Scenario none = loadWith("");
    EXPECT_FALSE(none.plantations.checkSurvival);
    EXPECT_EQ(none.plantations.inputCohortYears, 2);
    const Scenario defaults = loadWith("[plantations]\n");
    EXPECT_TRUE(defaults.plantations.checkSurvival);
    EXPECT_EQ(defaults.plantations.checkAge, 3);
    EXPECT_DOUBLE_EQ(defaults.plantations.failAtOrBelowPct, 40.0);
    EXPECT_DOUBLE_EQ(defaults.plantations.inputStocking, 0.70);
    const Scenario given = loadWith(
        "[plantations]\ncheck_age = 1\nfail_at_or_below_pct = 30\ninput_cohort_years = 5\ninput_stocking = 0.8\n");
    EXPECT_EQ(given.plantations.checkAge, 1);
    EXPECT_DOUBLE_EQ(given.plantations.failAtOrBelowPct, 30.0);
    EXPECT_EQ(given.plantations.inputCohortYears, 5);
    EXPECT_DOUBLE_EQ(given.plantations.inputStocking, 0.8);
    try {
        loadWith("[plantations]\nfail_at_or_below_pct = 140\n");
        FAIL() << "a threshold above 100 % was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("fail_at_or_below_pct"), std::string::npos) << e.what();
    }
}

}  // namespace forestsink
