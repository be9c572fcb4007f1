// Batch files, sweeps and batch runs.
#include "sim/programmes/ProgrammeKinds.h"
#include "CsvTable.h"
#include "SyntheticInputs.h"
#include "common/Error.h"
#include "app/BatchCommand.h"
#include "sim/MonteCarlo.h"
#include "sim/Sampling.h"
#include "sim/StateLoader.h"
#include <gtest/gtest.h>
#include <cmath>
#include <fstream>
#include <sstream>

namespace forestsink {
namespace {

namespace fs = std::filesystem;

// --- batches ---------------------------------------------------------------

fs::path writeBatch(const std::string& text) {
    const fs::path dir = test::freshDir("batch");
    const fs::path p = dir / "b.batch.toml";
    std::ofstream(p) << text;
    return p;
}

const std::string kScenario = (test::sourceDir() / "scenarios" / "yunnan-plan-2011-2020.toml").string();

TEST(Batch, CrossSweepMakesEveryCombination) {
    const Batch b = loadBatch(writeBatch(
        "scenarios = [\"" + kScenario + "\"]\n[[sweeps]]\nscenario = \"" + kScenario +
        "\"\nmode = \"cross\"\n[[sweeps.parameters]]\npath = \"programmes[Tending of young and middle-aged forest 2011-2015].growth_gain\"\n"
        "values = [0.1, 0.2, 0.3]\n[[sweeps.parameters]]\npath = \"seed\"\nvalues = [1, 2]\n"), programmeKinds());
    ASSERT_EQ(b.variants.size(), 7u);  // the scenario itself and 3 × 2
    EXPECT_EQ(b.variants[1].name, "yunnan-plan-2011-2020__growth_gain=0.1__seed=1");
    EXPECT_EQ(b.variants[6].name, "yunnan-plan-2011-2020__growth_gain=0.3__seed=2");
    const auto& tending = b.variants[6].scenario.programmes[9];
    EXPECT_EQ(tending.name, "Tending of young and middle-aged forest 2011-2015");
    EXPECT_DOUBLE_EQ(tending.growthGain, 0.3);
    EXPECT_EQ(b.variants[6].scenario.seed, 2u);
    EXPECT_DOUBLE_EQ(b.variants[0].scenario.programmes[9].growthGain, 0.15);  // untouched
}

TEST(Batch, ZipSweepPairsValues) {
    const Batch b = loadBatch(writeBatch(
        "[[sweeps]]\nscenario = \"" + kScenario +
        "\"\nmode = \"zip\"\n[[sweeps.parameters]]\npath = \"programmes[Afforestation of barren hills 2011-2015].species\"\n"
        "values = [\"Eucalyptus\", \"Alnus nepalensis\"]\n[[sweeps.parameters]]\npath = "
        "\"programmes[Afforestation of barren hills 2011-2015].stocking\"\nvalues = [0.6, 0.8]\n"), programmeKinds());
    ASSERT_EQ(b.variants.size(), 2u);
    EXPECT_EQ(b.variants[0].scenario.programmes[4].species->nameOrCode, "Eucalyptus");
    EXPECT_DOUBLE_EQ(b.variants[0].scenario.programmes[4].stocking, 0.6);
    EXPECT_EQ(b.variants[1].scenario.programmes[4].species->nameOrCode, "Alnus nepalensis");
    EXPECT_DOUBLE_EQ(b.variants[1].scenario.programmes[4].stocking, 0.8);
}

// The plan's closure gives no closure_years, so [succession] sets its
// earliest year (5) and rate (0.33); a swept closure_years is the
// programme's own: all its land becomes forest after exactly those years.
TEST(Batch, ASweptClosureTimeIsTheProgrammesOwnFixedDelay) {
    const Batch b = loadBatch(writeBatch(
        "[[sweeps]]\nscenario = \"" + kScenario +
        "\"\n[[sweeps.parameters]]\npath = \"programmes[Mountain closure for natural regeneration].closure_years\"\n"
        "values = [6]\n"), programmeKinds());
    ASSERT_EQ(b.variants.size(), 1u);
    const Scenario& plan = loadScenario(kScenario, programmeKinds());
    const auto& before = plan.programmes[6];
    ASSERT_EQ(before.name, "Mountain closure for natural regeneration");
    EXPECT_EQ(before.yearsToForest, plan.succession.closedMinYears);
    EXPECT_DOUBLE_EQ(before.becomesForestPerYear, plan.succession.closedToForestPerYear);
    const auto& swept = b.variants[0].scenario.programmes[6];
    EXPECT_EQ(swept.yearsToForest, 6);
    EXPECT_DOUBLE_EQ(swept.becomesForestPerYear, 1.0);
}

std::string batchError(const std::string& text) {
    try {
        loadBatch(writeBatch(text), programmeKinds());
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

TEST(Batch, ErrorsNameFileLineAndColumn) {
    const std::string sweep = "[[sweeps]]\nscenario = \"" + kScenario + "\"\n";
    EXPECT_NE(batchError(sweep + "mode = \"zip\"\n[[sweeps.parameters]]\npath = \"seed\"\nvalues = [1, 2]\n"
                                 "[[sweeps.parameters]]\npath = \"carbon_price_yuan_per_t_co2e\"\nvalues = [50]\n")
                  .find("b.batch.toml:8:8: a zip sweep needs the same number of values for every parameter; 'seed' has 2, "
                        "'carbon_price_yuan_per_t_co2e' has 1"),
              std::string::npos);
    EXPECT_NE(batchError(sweep + "[[sweeps.parameters]]\npath = \"programmes[Planting].stocking\"\nvalues = [0.5]\n")
                  .find("b.batch.toml:5:11: scenario " + kScenario + " has no programme named \"Planting\"; it has"),
              std::string::npos);
    EXPECT_NE(batchError(sweep + "[[sweeps.parameters]]\npath = \"growth\"\nvalues = [1]\n")
                  .find("b.batch.toml:5:1"), std::string::npos);
    EXPECT_NE(batchError(sweep + "[[sweeps.parameters]]\npath = \"seed\"\nvalues = [\"many\"]\n")
                  .find("b.batch.toml:5:11: 'seed' takes a whole number from 0 to 18446744073709551615, not \"many\""),
              std::string::npos);
    EXPECT_NE(batchError("scenarioz = []\n").find("b.batch.toml:1:1: unknown key 'scenarioz' (did you mean 'scenarios'?)"),
              std::string::npos);
}

// A sweep runs exactly the values written: integers whole, decimals by their
// shortest round-trip form, in readable folder names (issue 21).
TEST(Batch, SweepValuesAreUsedExactlyAsWritten) {
    const Batch b = loadBatch(writeBatch(
        "[[sweeps]]\nscenario = \"" + kScenario +
        "\"\nmode = \"zip\"\n[[sweeps.parameters]]\npath = \"seed\"\nvalues = [20071234, 9007199254740993]\n"
        "[[sweeps.parameters]]\npath = \"programmes[Afforestation of barren hills 2011-2015].area_ha_total\"\n"
        "values = [1733333.3333333333, 0.1]\n"), programmeKinds());
    ASSERT_EQ(b.variants.size(), 2u);
    EXPECT_EQ(b.variants[0].scenario.seed, 20071234u);
    EXPECT_EQ(b.variants[1].scenario.seed, 9007199254740993u);  // 2^53 + 1: no double on the way
    EXPECT_EQ(*b.variants[0].scenario.programmes[4].areaHaTotal, 1733333.3333333333);
    EXPECT_EQ(*b.variants[1].scenario.programmes[4].areaHaTotal, 0.1);
    // The first readable name has 72 bytes: the sweep's folders are numbered, and the values kept in full.
    EXPECT_EQ(b.variants[0].name, "yunnan-plan-2011-2020__1");
    EXPECT_EQ(b.variants[1].name, "yunnan-plan-2011-2020__2");
    EXPECT_EQ(b.variants[0].parameters,
              "seed=20071234; programmes[Afforestation of barren hills 2011-2015].area_ha_total=1733333.3333333333");
    EXPECT_EQ(b.variants[1].parameters,
              "seed=9007199254740993; programmes[Afforestation of barren hills 2011-2015].area_ha_total=0.1");
}

// Folder names stay readable up to 64 bytes; past that every variant of the
// scenario's sweeps is numbered by its place in the batch (issue 16).
TEST(Batch, LongFolderNamesBecomeShortUniqueAndNumbered) {
    const std::string sweep = "[[sweeps]]\nscenario = \"" + kScenario +
                              "\"\n[[sweeps.parameters]]\npath = \"seed\"\nvalues = [1, 2";
    const Batch readable = loadBatch(writeBatch("scenarios = [\"" + kScenario + "\"]\n" + sweep + "]\n"), programmeKinds());
    ASSERT_EQ(readable.variants.size(), 3u);
    EXPECT_EQ(readable.variants[0].name, "yunnan-plan-2011-2020");
    EXPECT_EQ(readable.variants[2].name, "yunnan-plan-2011-2020__seed=2");
    // One name past 64 bytes: all the sweep's variants are numbered, 1-based and padded; the plain scenario keeps its name.
    const std::string species = "\"\n[[sweeps.parameters]]\npath = \"programmes[Afforestation of barren hills "
                                "2011-2015].species\"\nvalues = [\"Eucalyptus\", \"Simao pine (plantation, Pu'er)\"";
    const Batch numbered = loadBatch(
        writeBatch("scenarios = [\"" + kScenario + "\"]\n" + sweep + ", 3, 4, 5, 6]" + species.substr(1) + "]\n"),
        programmeKinds());
    ASSERT_EQ(numbered.variants.size(), 13u);
    EXPECT_EQ(numbered.variants[0].name, "yunnan-plan-2011-2020");
    EXPECT_EQ(numbered.variants[1].name, "yunnan-plan-2011-2020__02");  // 53 bytes readable, numbered with its sweep
    EXPECT_EQ(numbered.variants[12].name, "yunnan-plan-2011-2020__13");
    EXPECT_EQ(numbered.variants[12].parameters,
              "seed=6; programmes[Afforestation of barren hills 2011-2015].species=Simao pine (plantation, Pu'er)");
}

TEST(Batch, TwoValuesGivingTheSameVariantAreAnErrorNamingBothLines) {
    const std::string e = batchError("[[sweeps]]\nscenario = \"" + kScenario +
                                     "\"\n[[sweeps.parameters]]\npath = \"programmes[Afforestation of barren hills "
                                     "2011-2015].stocking\"\nvalues = [0.7, 0.70]\n");
    EXPECT_NE(e.find("b.batch.toml:5:11"), std::string::npos) << e;  // the first 0.7
    EXPECT_NE(e.find("b.batch.toml:5:16"), std::string::npos) << e;  // the second
    EXPECT_NE(e.find("stocking=0.7"), std::string::npos) << e;
}

TEST(Batch, FolderNamesKeepLettersOfAnyScriptAndReplaceSpaces) {
    const std::string species = (test::sourceDir() / "species" / "yunnan-species.csv").string();
    const Batch b = loadBatch(writeBatch("[[sweeps]]\nscenario = \"" + kScenario +
                                         "\"\n[[sweeps.parameters]]\npath = \"programmes[Afforestation of barren "
                                         "hills 2011-2015].species\"\nvalues = [\"思茅松 plantation\"]\n"),
                              programmeKinds());
    ASSERT_EQ(b.variants.size(), 1u);
    EXPECT_EQ(b.variants[0].name, "yunnan-plan-2011-2020__species=思茅松_plantation");
    EXPECT_EQ(b.variants[0].scenario.programmes[4].species->nameOrCode, "思茅松 plantation");
}

TEST(Batch, RunsEveryScenarioReadsInputsOnceAndCompares) {
    const fs::path demo = test::sourceDir() / "scenarios" / "yunnan-demo.toml";
    const fs::path file = writeBatch("name = \"t\"\nscenarios = [\"" + demo.string() + "\"]\n[[sweeps]]\nscenario = \"" +
                                     demo.string() + "\"\n[[sweeps.parameters]]\npath = \"seed\"\nvalues = [3, 4]\n");
    std::ostringstream log;
    BatchOptions o;
    o.batch = file;
    o.outDir = file.parent_path() / "out";
    o.threads = 2;
    o.log = &log;
    runBatch(o);
    EXPECT_NE(log.str().find("inputs read: 1 distinct sets for 3 scenarios"), std::string::npos) << log.str();
    // scenarios.csv maps each folder to its scenario file and swept values.
    const auto scenarios = test::readCsv(o.outDir / "scenarios.csv");
    ASSERT_EQ(scenarios.size(), 3u);
    EXPECT_EQ(scenarios[1].at("folder"), "yunnan-demo__seed=3");
    EXPECT_EQ(scenarios[1].at("parameters"), "seed=3");
    EXPECT_EQ(fs::path(scenarios[1].at("scenario")), demo);
    EXPECT_TRUE(fs::is_directory(o.outDir / scenarios[2].at("folder")));
    const auto rows = test::readCsv(o.outDir / "comparison.csv");
    EXPECT_EQ(rows.size(), 3u * 4);  // 3 scenarios × 4 report years
    for (const auto& r : rows) {
        // Each row agrees with that scenario's own summary.
        for (const auto& s : test::readCsv(o.outDir / r.at("scenario") / "summary.csv"))
            if (s.at("region") == "all" && s.at("year") == r.at("year"))
                EXPECT_EQ(s.at("stock_m3"), r.at("stock_m3"));
    }
    std::ifstream png(o.outDir / "comparison.png", std::ios::binary);
    char magic[8] = {};
    png.read(magic, 8);
    EXPECT_EQ(std::string(magic + 1, 3), "PNG");
}

}  // namespace
}  // namespace forestsink
