// Bad input: one clear error naming the file and the problem, and no output
// under a final name.
#include "SyntheticInputs.h"

#include "common/Error.h"
#include "app/RunCommand.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

namespace forestsink {
namespace {

namespace fs = std::filesystem;

struct Outcome {
    std::string error;
    std::vector<std::string> files;  // what is left in the output folder
};

Outcome runExpectingError(const test::SyntheticInputs& inputs, fs::path out = {}) {
    inputs.write();
    if (out.empty()) out = inputs.dir / "out";
    RunOptions o;
    o.scenario = inputs.scenarioPath();
    o.outDir = out;
    o.threads = 2;
    o.tileRows = 3;
    Outcome result;
    try {
        runScenario(o);
    } catch (const Error& e) {
        result.error = e.what();
    }
    result.files = test::filesUnder(out);
    return result;
}

void expectError(const Outcome& o, const std::vector<std::string>& fragments) {
    ASSERT_FALSE(o.error.empty()) << "the run succeeded";
    for (const auto& f : fragments) EXPECT_NE(o.error.find(f), std::string::npos) << "missing '" << f << "' in:\n" << o.error;
    EXPECT_TRUE(o.files.empty()) << "left " << o.files.size() << " files, first " << o.files.front();
}

TEST(BadInput, GoodInputsRun) {
    test::SyntheticInputs inputs("in");
    const Outcome o = runExpectingError(inputs);
    EXPECT_TRUE(o.error.empty()) << o.error;
    // 6 layers × 2 years and sequestration in 2012, each with a style; 7 VRTs with a style each; 4 tables.
    // And project.qgz, report.html, a chart, 4 maps, and the marker of a forestsink output set.
    EXPECT_EQ(o.files.size(), (6 * 2 + 1) * 2 + 7 * 2 + 4 + 7u + 1);
    for (const char* f : {".forestsink-output", "programmes.csv", "run.json", "summary.csv", "targets.csv",
                          "rasters/volume_2007.tif", "rasters/volume_2007.qml", "rasters/sequestration_2012.tif",
                          "rasters/treatment_2012.tif", "rasters/land_class.vrt"})
        EXPECT_TRUE(std::find(o.files.begin(), o.files.end(), f) != o.files.end()) << f;
    // A user's inputs are not called synthetic demo data.
    std::ifstream in(inputs.dir / "out" / "report.html");
    const std::string page((std::istreambuf_iterator<char>(in)), {});
    EXPECT_NE(page.find("id=\"footer\">Made by forestsink"), std::string::npos);
    EXPECT_EQ(page.find("ynthetic demo data"), std::string::npos);
}

TEST(BadInput, MissingLayer) {
    test::SyntheticInputs inputs("in");
    inputs.extraScenarioLines = "";
    inputs.write();
    fs::remove(inputs.dir / "age.tif");
    RunOptions o;
    o.scenario = inputs.scenarioPath();
    o.outDir = inputs.dir / "out";
    try {
        runScenario(o);
        FAIL() << "ran without its age layer";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), (inputs.dir / "age.tif").string() + ": layer 'age' file does not exist");
    }
    EXPECT_TRUE(test::filesUnder(inputs.dir / "out").empty());
}

TEST(BadInput, UnreadableLayer) {
    test::SyntheticInputs inputs("in");
    inputs.write();
    std::ofstream(inputs.dir / "species.tif") << "not a raster";
    RunOptions o;
    o.scenario = inputs.scenarioPath();
    o.outDir = inputs.dir / "out";
    try {
        runScenario(o);
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("species.tif: cannot read layer 'species' as a raster"), std::string::npos)
            << e.what();
    }
    EXPECT_TRUE(test::filesUnder(inputs.dir / "out").empty());
}

TEST(BadInput, LayerWithoutCrs) {
    test::SyntheticInputs inputs("in");
    inputs.withCrs = false;
    expectError(runExpectingError(inputs), {"volume.tif: layer 'volume' has no coordinate reference system"});
}

TEST(BadInput, SpeciesCodeAbsentFromTheTable) {
    test::SyntheticInputs inputs("in");
    inputs.species[inputs.index(4, 2)] = 42;
    expectError(runExpectingError(inputs),
                {"species.tif: layer 'species', cell (column 4, row 2;", "species code 42 on a forest cell is not in the "
                                                                         "species table",
                 "yunnan-species.csv", "codes in the table: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11"});
}

TEST(BadInput, NegativeVolume) {
    test::SyntheticInputs inputs("in");
    inputs.volume[inputs.index(3, 1)] = -3.5f;
    expectError(runExpectingError(inputs), {"volume.tif: layer 'volume', cell (column 3, row 1;",
                                            "volume -3.5 is not allowed; allowed: 0 to 20000 m³/ha (or nodata -9999)"});
}

TEST(BadInput, NanVolumeAndTheCountOfBadCells) {
    test::SyntheticInputs inputs("in");
    inputs.volume[inputs.index(5, 3)] = std::nanf("");
    inputs.volume[inputs.index(6, 3)] = std::nanf("");
    expectError(runExpectingError(inputs), {"volume.tif: layer 'volume', cell (column 5, row 3;", "volume nan is not allowed",
                                            "(2 cells have problems in all; the first is shown)"});
}

TEST(BadInput, NegativeAge) {
    test::SyntheticInputs inputs("in");
    inputs.age[inputs.index(2, 4)] = -1;
    expectError(runExpectingError(inputs), {"age.tif: layer 'age', cell (column 2, row 4;", "age -1 is not allowed"});
}

TEST(BadInput, UnmappedLandClassCode) {
    test::SyntheticInputs inputs("in");
    inputs.landClass[inputs.index(1, 1)] = 9;
    expectError(runExpectingError(inputs), {"land_class.tif: layer 'land_class', cell (column 1, row 1;",
                                            "land class code 9 is not mapped"});
}

// On a grid coarser than the land-class raster each eligibility-raster test
// is one of 16 bits of the stands: a 17th is refused, naming the scenario
// and the programme that brings it, and no output is written.
TEST(BadInput, MoreThanSixteenEligibilityRasterTestsOnAGridOfStands) {
    test::SyntheticInputs inputs("seventeen-tests");
    for (int k = 1; k <= 17; ++k)
        inputs.extraScenarioLines += "[[programmes]]\nname = \"tend " + std::to_string(k) +
                                     "\"\nkind = \"tending\"\nyears = [2008, 2008]\narea_ha_per_year = 100\n"
                                     "eligible = { raster = { path = \"age.tif\", min = " + std::to_string(k) + " } }\n";
    inputs.write();
    // 2 km cells over the 1 km land classes.
    std::string text;
    {
        std::ifstream in(inputs.scenarioPath());
        text.assign(std::istreambuf_iterator<char>(in), {});
    }
    const std::string grid = "[grid]\nlayer = \"land_class\"";
    ASSERT_NE(text.find(grid), std::string::npos);
    text.replace(text.find(grid), grid.size(),
                 "[grid]\ncrs = '''" + inputs.crsWkt() + "'''\ncell_size = 2000\nlike = \"land_class\"");
    std::ofstream(inputs.scenarioPath()) << text;
    RunOptions o;
    o.scenario = inputs.scenarioPath();
    o.outDir = inputs.dir / "out";
    o.threads = 2;
    std::string error;
    try {
        runScenario(o);
    } catch (const Error& e) {
        error = e.what();
    }
    ASSERT_FALSE(error.empty()) << "the run succeeded";
    for (const std::string f : {inputs.scenarioPath().string(), std::string("more than 16 different eligibility-raster tests"),
                                std::string("programme 'tend 17'")})
        EXPECT_NE(error.find(f), std::string::npos) << "missing '" << f << "' in:\n" << error;
    EXPECT_TRUE(test::filesUnder(inputs.dir / "out").empty());
}

TEST(BadInput, OutputFolderThatCannotBeWritten) {
    test::SyntheticInputs inputs("in");
    std::ofstream(inputs.dir / "a-file") << "x";
    const Outcome o = runExpectingError(inputs, inputs.dir / "a-file" / "out");
    EXPECT_NE(o.error.find("a-file/out: cannot create the output folder"), std::string::npos) << o.error;
}

TEST(BadInput, FailedRunLeavesEarlierOutputsUntouched) {
    test::SyntheticInputs inputs("in");
    const fs::path out = inputs.dir / "out";
    fs::create_directories(out);
    std::ofstream(out / "summary.csv") << "from an earlier run\n";
    std::ofstream(out / "run.json") << "{}\n";  // a set from before the marker file
    inputs.volume[inputs.index(3, 1)] = -1;
    const Outcome o = runExpectingError(inputs, out);
    EXPECT_NE(o.error.find("volume"), std::string::npos) << o.error;
    EXPECT_EQ(o.files, (std::vector<std::string>{"run.json", "summary.csv"}));
    for (const auto& e : fs::directory_iterator(out.parent_path()))
        EXPECT_EQ(e.path().filename().string().find("forestsink-staging"), std::string::npos) << e.path();
    std::ifstream in(out / "summary.csv");
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "from an earlier run");
}

}  // namespace
}  // namespace forestsink
