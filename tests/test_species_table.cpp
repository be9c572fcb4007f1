// The species table: the shipped file, and each way a file can be wrong.
#include "SyntheticInputs.h"

#include "common/Error.h"
#include "species/SpeciesTable.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace forestsink {
namespace {

namespace fs = std::filesystem;

const fs::path kShipped = test::sourceDir() / "species" / "yunnan-species.csv";

std::vector<std::string> shippedLines() {
    std::ifstream in(kShipped);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

fs::path writeTable(const std::vector<std::string>& lines) {
    const fs::path p = test::freshDir("table") / "species.csv";
    std::ofstream out(p);
    for (const auto& l : lines) out << l << "\n";
    return p;
}

// Replaces field `column` on line `line` of the file (1-based; the header is line 1).
std::vector<std::string> withField(std::vector<std::string> lines, int line, const std::string& column,
                                   const std::string& value) {
    std::vector<std::string> header;
    std::stringstream hs(lines[0]);
    for (std::string f; std::getline(hs, f, ',');) header.push_back(f);
    const auto col = std::find(header.begin(), header.end(), column) - header.begin();
    // The numeric columns come before the quoted sources, so splitting on commas is safe here.
    std::string& l = lines[line - 1];
    std::size_t start = 0;
    for (long i = 0; i < col; ++i) start = l.find(',', start) + 1;
    const std::size_t end = l.find(',', start);
    l = l.substr(0, start) + value + l.substr(end);
    return lines;
}

std::string loadError(const fs::path& p) {
    try {
        SpeciesTable::load(p);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

TEST(SpeciesTable, ShippedYunnanTableHasTheGroupsAndPublishedBiomassLines) {
    const SpeciesTable t = SpeciesTable::load(kShipped);
    ASSERT_EQ(t.size(), 11);
    const SpeciesGroup& yunnanPine = t.group(*t.indexOfCode(1));
    EXPECT_EQ(yunnanPine.name, "Yunnan pine (natural)");
    // science.md §1, Sci Rep 13 (2023) Table 2, Yunnan pine.
    EXPECT_DOUBLE_EQ(yunnanPine.biomassA, 0.9158);
    EXPECT_DOUBLE_EQ(yunnanPine.biomassB, 0.6501);
    EXPECT_DOUBLE_EQ(yunnanPine.carbonFraction, 0.5047);
    EXPECT_DOUBLE_EQ(yunnanPine.rootShoot, 0.1830);
    // Yunnan pine at 100 m³/ha → about 66 t/ha (science.md's plausibility check).
    EXPECT_NEAR(yunnanPine.totalBiomass(100), 66.0, 0.1);
    for (const auto& g : t.groups()) {
        EXPECT_FALSE(g.growthSource.empty()) << g.name;
        EXPECT_FALSE(g.biomassSource.empty()) << g.name;
    }
    EXPECT_FALSE(t.indexOfCode(0));
    EXPECT_FALSE(t.indexOfCode(12));
}

TEST(SpeciesTable, MissingColumnIsNamed) {
    auto lines = shippedLines();
    lines[0].replace(lines[0].find(",k,"), 3, ",kk,");
    const std::string e = loadError(writeTable(lines));
    EXPECT_NE(e.find("species.csv:1: missing column 'k'"), std::string::npos) << e;
}

TEST(SpeciesTable, NonNumericValueNamesLineAndColumn) {
    const std::string e = loadError(writeTable(withField(shippedLines(), 3, "vmax", "lots")));
    EXPECT_NE(e.find("species.csv:3: column 'vmax': 'lots' is not a number"), std::string::npos) << e;
}

TEST(SpeciesTable, OutOfRangeValueNamesLineColumnAndRange) {
    const std::string e = loadError(writeTable(withField(shippedLines(), 5, "carbon_fraction", "0.95")));
    EXPECT_NE(e.find("species.csv:5: column 'carbon_fraction': 0.95 is out of range; allowed 0.3 to 0.7"),
              std::string::npos)
        << e;
}

TEST(SpeciesTable, DuplicateCodeNamesBothLines) {
    const std::string e = loadError(writeTable(withField(shippedLines(), 4, "code", "2")));
    EXPECT_NE(e.find("species.csv:4: column 'code': duplicate code 2 (already used on line 3)"), std::string::npos)
        << e;
}

TEST(SpeciesTable, AgeClassesMustIncrease) {
    const std::string e = loadError(writeTable(withField(shippedLines(), 2, "middle_max", "15")));
    EXPECT_NE(e.find("species.csv:2: column 'middle_max': 15 must be greater than young_max (20)"), std::string::npos)
        << e;
}

TEST(SpeciesTable, WrongFieldCountIsReported) {
    auto lines = shippedLines();
    lines[6] += ",extra";
    const std::string e = loadError(writeTable(lines));
    EXPECT_NE(e.find("species.csv:7: 28 fields, but the header has 27 columns"), std::string::npos) << e;
}

}  // namespace
// The plantation columns: closure years by site class and the survival
// distribution of the shipped table (scenarios/README.md, "Plantations").
TEST(SpeciesTable, PlantationColumnsGiveClosureYearsBySiteAndTheSurvivalDistribution) {
    const SpeciesTable t = SpeciesTable::load(kShipped);
    const SpeciesGroup& eucalyptus = t.group(*t.indexOfCode(5));
    EXPECT_EQ(eucalyptus.closureYears, (std::array<int, 3>{3, 4, 5}));
    const SpeciesGroup& oak = t.group(*t.indexOfCode(8));
    EXPECT_EQ(oak.closureYears, (std::array<int, 3>{5, 6, 8}));
    ASSERT_TRUE(oak.survival.has_value());
    EXPECT_EQ(*oak.survival, (std::array<double, 3>{0.20, 0.85, 0.98}));
    EXPECT_NE(oak.plantationSource.find("GB/T 15776"), std::string::npos);
}

// A table without the columns: 5 years on every site and no survival distribution.
TEST(SpeciesTable, WithoutPlantationColumnsClosureIsFiveYearsAndSurvivalUnknown) {
    const std::string header = "code,name,vmax,k,c,site_good,site_medium,site_poor,biomass_a,biomass_b,root_shoot,"
                               "carbon_fraction,young_max,middle_max,near_mature_max,mature_max,growth_source,"
                               "biomass_source,age_class_source";
    const std::string row = "1,pine,250,0.04,2.5,1.3,1,0.7,0.9,0.65,0.18,0.5,20,30,40,60,e,e,e";
    const SpeciesTable t = SpeciesTable::load(writeTable({header, row}));
    EXPECT_EQ(t.group(0).closureYears, (std::array<int, 3>{5, 5, 5}));
    EXPECT_FALSE(t.group(0).survival.has_value());
    // Survival whose mode lies above its high end is refused, naming the line and the rule.
    const std::string e = loadError(writeTable(
        {header + ",closure_years_good,closure_years_medium,closure_years_poor,survival_low,survival_mode,"
                  "survival_high,plantation_source",
         row + ",3,4,5,0.2,0.99,0.9,estimate"}));
    EXPECT_NE(e.find("species.csv:2: column 'survival_low'"), std::string::npos) << e;
    EXPECT_NE(e.find("low <= mode <= high"), std::string::npos) << e;
}

}  // namespace forestsink
