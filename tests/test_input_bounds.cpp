// Bounded inputs and memory (issue 17): every hostile input of the issue's
// battery gives one Error naming the culprit and what is allowed — no crash,
// no hang, no silent rounding, no std::bad_alloc.
#include "SyntheticInputs.h"
#include "YunnanSpecies.h"

#include "app/RunCommand.h"
#include "common/CsvFile.h"
#include "common/Error.h"
#include "common/InputFile.h"
#include "raster/Gdal.h"
#include "scenarios/BatchFile.h"
#include "scenarios/TomlShape.h"
#include "sim/MemoryNeed.h"
#include "sim/Simulation.h"
#include "sim/StateLoader.h"
#include "sim/programmes/ProgrammeKinds.h"
#include "species/SpeciesTable.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <regex>

namespace forestsink {
namespace {

namespace fs = std::filesystem;

// The Error message of f(), or "" when it throws none.
template <typename F>
std::string errorOf(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

#define EXPECT_HAS(text, fragment) EXPECT_NE((text).find(fragment), std::string::npos) << "missing '" << (fragment) << "' in:\n" << (text)

fs::path writeFile(const fs::path& dir, const std::string& name, const std::string& text) {
    std::ofstream(dir / name, std::ios::binary) << text;
    return dir / name;
}

std::string repeated(const std::string& part, int n, const std::string& separator) {
    std::string out;
    for (int i = 0; i < n; ++i) out += (i ? separator : "") + part;
    return out;
}

// The shipped demo scenario with `from` replaced by `to`, its relative paths made absolute.
fs::path demoWith(const fs::path& dir, const std::string& from, const std::string& to) {
    std::ifstream in(test::sourceDir() / "scenarios" / "yunnan-demo.toml");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text = std::regex_replace(text, std::regex("\"\\.\\./"), "\"" + (test::sourceDir() / "").string());
    const auto at = text.find(from);
    if (at == std::string::npos) throw std::runtime_error("demo scenario has no '" + from + "'");
    text.replace(at, from.size(), to);
    return writeFile(dir, "scenario.toml", text);
}

std::string loadError(const fs::path& scenario) {
    return errorOf([&] { loadScenario(scenario, programmeKinds()); });
}

// --- scenario and batch files: size and shape before toml++ ----------------

TEST(InputBounds, AHeaderOf50000DottedPartsIsRefusedBeforeParsing) {
    const fs::path dir = test::freshDir("bounds-deep");
    const fs::path f = writeFile(dir, "deep.toml", "[" + repeated("a", 50000, ".") + "]\n");
    const std::string e = loadError(f);
    EXPECT_HAS(e, "deep.toml:1:");
    EXPECT_HAS(e, "a key of more than 32 dotted parts");
}

TEST(InputBounds, ArraysNestedTooDeepAreRefusedWithLineAndColumn) {
    const fs::path dir = test::freshDir("bounds-nest");
    const fs::path f = writeFile(dir, "nest.toml", "name = \"x\"\nv = " + std::string(20000, '[') + "\n");
    const std::string e = loadError(f);
    EXPECT_HAS(e, "nest.toml:2:");
    EXPECT_HAS(e, "nested more than 32 deep");
}

TEST(InputBounds, DotsAndBracketsInsideStringsAndCommentsAreText) {
    const std::string many(200, '.');
    const std::string text = "a = \"" + many + std::string(100, '[') + "\"\nb = '" + many +
                             "'\nc = \"\"\"\n" + many + "\n\"\"\"\n# " + many + std::string(100, '{') +
                             "\nd = \"escaped \\\" " + many + "\"\ne = [1.5, 2.5, 3.25]\n";
    EXPECT_NO_THROW(checkTomlShape(text, "strings.toml"));
    // The same dots outside a string are a key of 201 parts.
    EXPECT_THROW(checkTomlShape("a" + many + "b = 1\n", "key.toml"), Error);
}

TEST(InputBounds, ShippedScenariosAndBatchesPassTheShapeCheck) {
    for (const auto& e : fs::directory_iterator(test::sourceDir() / "scenarios")) {
        if (e.path().extension() != ".toml") continue;
        std::ifstream in(e.path());
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        EXPECT_NO_THROW(checkTomlShape(text, e.path())) << e.path();
    }
}

TEST(InputBounds, AScenarioFileLargerThanTheLimitIsRefused) {
    const fs::path dir = test::freshDir("bounds-big");
    const fs::path f = writeFile(dir, "big.toml", "# " + std::string(TomlShapeLimits::kMaxBytes, 'x') + "\n");
    const std::string e = loadError(f);
    EXPECT_HAS(e, "big.toml: scenario file holds");
    EXPECT_HAS(e, "at most 4194304 are allowed");
}

TEST(InputBounds, AScenarioPathThatIsAFolderIsNamedAsOne) {
    const fs::path dir = test::freshDir("bounds-folder");
    EXPECT_EQ(loadError(dir), dir.string() + ": scenario file is a folder; give a regular file");
    EXPECT_EQ(loadError(dir / "none.toml"), (dir / "none.toml").string() + ": scenario file does not exist");
}

TEST(InputBounds, EmptyReportYearsAreRefusedByTheLoader) {
    const fs::path dir = test::freshDir("bounds-report-years");
    const std::string e = loadError(demoWith(dir, "report_years = [2007, 2010, 2015, 2020]", "report_years = []"));
    EXPECT_HAS(e, "scenario.toml:");
    EXPECT_HAS(e, "'report_years' is empty; list at least one year from 2007 to 2020");
}

TEST(InputBounds, ANonFiniteCellSizeIsNamedWithLineAndColumn) {
    const fs::path dir = test::freshDir("bounds-nan");
    const fs::path f = demoWith(dir, "layer = \"land_class\"",
                                "crs = \"EPSG:4326\"\norigin = [97.5, 29.3]\ncell_size = [nan, 1000]\nsize = [10, 10]");
    const std::string e = loadError(f);
    EXPECT_TRUE(std::regex_search(e, std::regex(R"(scenario\.toml:\d+:14: 'grid\.cell_size' holds nan; allowed: finite numbers)")))
        << e;
}

TEST(InputBounds, ACrossedSweepWhoseCountOverflowsIsRefusedAsTooLarge) {
    const fs::path dir = test::freshDir("bounds-sweep");
    const std::string scenario = (test::sourceDir() / "scenarios" / "yunnan-demo.toml").string();
    std::string text = "[[sweeps]]\nscenario = \"" + scenario + "\"\n";
    for (int i = 0; i < 64; ++i) text += "[[sweeps.parameters]]\npath = \"seed\"\nvalues = [1, 2]\n";
    const fs::path f = writeFile(dir, "b.batch.toml", text);
    const std::string e = errorOf([&] { loadBatch(f, programmeKinds()); });
    EXPECT_HAS(e, "b.batch.toml:1:1: the sweep crosses 64 parameters into 1.84467e+19 scenarios; at most 10000");
}

// --- input files: regular files only, before any library opens them --------

TEST(InputBounds, SpeciesTableThatIsAFolderOrADeviceIsNamedAsOne) {
    const fs::path dir = test::freshDir("bounds-species");
    EXPECT_EQ(errorOf([&] { SpeciesTable::load(dir); }), dir.string() + ": species table is a folder; give a regular file");
    EXPECT_EQ(errorOf([&] { SpeciesTable::load("/dev/zero"); }),
              "/dev/zero: species table is a character device; give a regular file (or a GDAL /vsi… path)");
    ASSERT_EQ(::mkfifo((dir / "fifo.csv").c_str(), 0600), 0);
    EXPECT_HAS(errorOf([&] { SpeciesTable::load(dir / "fifo.csv"); }), "fifo.csv: species table is a FIFO (a named pipe)");
}

TEST(InputBounds, ACsvFileLargerThanTheLimitIsRefused) {
    const fs::path dir = test::freshDir("bounds-csv");
    {
        std::ofstream out(dir / "big.csv");
        out << "code,name\n";
        const std::string line = "1," + std::string(1 << 16, 'x') + "\n";
        for (std::uintmax_t n = 0; n <= CsvFile::kMaxBytes / line.size(); ++n) out << line;
    }
    EXPECT_HAS(errorOf([&] { CsvFile(dir / "big.csv", {"code"}, "species table"); }),
               "big.csv: species table holds");
}

TEST(InputBounds, GdalVirtualPathsPassTheFileCheck) {
    EXPECT_TRUE(isGdalVirtualPath("/vsizip/a.zip/b.tif"));
    EXPECT_FALSE(isGdalVirtualPath("/var/vsi/b.tif"));
    EXPECT_NO_THROW(requireInputFile("/vsimem/anything.tif", "layer 'age' file"));
}

// --- layers ------------------------------------------------------------------

// Loads the state of synthetic inputs; the error, or "".
std::string stateError(const test::SyntheticInputs& inputs) {
    const Scenario s = loadScenario(inputs.scenarioPath(), programmeKinds());
    const SpeciesTable species = SpeciesTable::load(s.speciesTable);
    return errorOf([&] { loadState(s, species, ThreadRunner(2, 3)); });
}

// Rewrites `file` (a layer of `inputs`) as Float32 holding `values`.
void rewriteAsFloat(const test::SyntheticInputs& inputs, const std::string& file, const std::vector<double>& values,
                    double nodata) {
    GDALDatasetUniquePtr old = openRaster(inputs.dir / file, "test");
    double gt[6];
    old->GetGeoTransform(gt);
    const OGRSpatialReference* srs = old->GetSpatialRef();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    const fs::path tmp = inputs.dir / ("float-" + file);
    GDALDatasetUniquePtr ds(driver->Create(tmp.c_str(), inputs.cols, inputs.rows, 1, GDT_Float32, nullptr));
    ds->SetGeoTransform(gt);
    ds->SetSpatialRef(srs);
    ds->GetRasterBand(1)->SetNoDataValue(nodata);
    std::vector<double> data = values;
    ASSERT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, inputs.cols, inputs.rows, data.data(), inputs.cols,
                                             inputs.rows, GDT_Float64, 0, 0, nullptr),
              CE_None);
    ds.reset();
    old.reset();
    fs::rename(tmp, inputs.dir / file);
}

TEST(InputBounds, AFifoAsALayerIsRefusedWithoutOpeningIt) {
    test::SyntheticInputs inputs("bounds-fifo");
    inputs.write();
    fs::remove(inputs.dir / "age.tif");
    ASSERT_EQ(::mkfifo((inputs.dir / "age.tif").c_str(), 0600), 0);
    EXPECT_EQ(stateError(inputs), (inputs.dir / "age.tif").string() +
                                      ": layer 'age' file is a FIFO (a named pipe); give a regular file (or a GDAL "
                                      "/vsi… path)");
}

TEST(InputBounds, AFolderAsALayerIsRefused) {
    test::SyntheticInputs inputs("bounds-layer-folder");
    inputs.write();
    fs::remove(inputs.dir / "volume.tif");
    fs::create_directory(inputs.dir / "volume.tif");
    EXPECT_HAS(stateError(inputs), "volume.tif: layer 'volume' file is a folder; give a regular file");
}

TEST(InputBounds, AFloatClassRasterMustHoldWholeCodes) {
    test::SyntheticInputs inputs("bounds-float-class");
    inputs.write();
    std::vector<double> classes(inputs.landClass.begin(), inputs.landClass.end());
    // Whole codes stored as floats load as the integer layer does.
    rewriteAsFloat(inputs, "land_class.tif", classes, 0);
    EXPECT_EQ(stateError(inputs), "");
    classes[inputs.index(5, 2)] = 1.4;
    rewriteAsFloat(inputs, "land_class.tif", classes, 0);
    const std::string e = stateError(inputs);
    EXPECT_HAS(e, "land_class.tif: layer 'land_class', cell (column 5, row 2;");
    EXPECT_HAS(e, "land class code 1.4 is not a whole number; a class raster stored as floats must hold whole codes "
                  "or its nodata 0");
}

TEST(InputBounds, AFloatClassRasterWithNanNodataKeepsNodataCellsOutside) {
    test::SyntheticInputs inputs("bounds-float-nan");
    inputs.write();
    std::vector<double> site(inputs.site.begin(), inputs.site.end());
    rewriteAsFloat(inputs, "site_class.tif", site, std::nan(""));
    EXPECT_EQ(stateError(inputs), "");
    // A NaN site on a forest cell is nodata, not code 0.
    site[inputs.index(4, 2)] = std::nan("");
    rewriteAsFloat(inputs, "site_class.tif", site, std::nan(""));
    EXPECT_HAS(stateError(inputs), "site class code nodata on a");
}

TEST(InputBounds, VolumeAndAgeHavePhysicalUpperBounds) {
    test::SyntheticInputs inputs("bounds-volume");
    inputs.volume[inputs.index(3, 1)] = 1e30f;  // finite, far beyond any forest
    inputs.write();
    EXPECT_HAS(stateError(inputs), "volume 1e+30 is not allowed; allowed: 0 to 20000 m³/ha (or nodata -9999)");
    test::SyntheticInputs old("bounds-age");
    old.age[old.index(2, 2)] = 6000;
    old.write();
    EXPECT_HAS(stateError(old), "age 6000 is not allowed; allowed: 0 to 5000 years");
    // The bounds themselves are allowed.
    test::SyntheticInputs edge("bounds-edge");
    edge.volume[edge.index(3, 1)] = 20000;
    edge.age[edge.index(3, 1)] = 5000;
    edge.write();
    EXPECT_EQ(stateError(edge), "");
}

TEST(InputBounds, AFloat64VolumeOf1e300IsRefused) {
    test::SyntheticInputs inputs("bounds-1e300");
    inputs.write();
    std::vector<double> volume(inputs.volume.begin(), inputs.volume.end());
    volume[inputs.index(4, 4)] = 1e300;
    GDALDatasetUniquePtr old = openRaster(inputs.dir / "volume.tif", "test");
    double gt[6];
    old->GetGeoTransform(gt);
    GDALDatasetUniquePtr ds(GetGDALDriverManager()->GetDriverByName("GTiff")->Create(
        (inputs.dir / "v64.tif").c_str(), inputs.cols, inputs.rows, 1, GDT_Float64, nullptr));
    ds->SetGeoTransform(gt);
    ds->SetSpatialRef(old->GetSpatialRef());
    ds->GetRasterBand(1)->SetNoDataValue(-9999);
    ASSERT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, inputs.cols, inputs.rows, volume.data(), inputs.cols,
                                             inputs.rows, GDT_Float64, 0, 0, nullptr),
              CE_None);
    ds.reset(), old.reset();
    fs::rename(inputs.dir / "v64.tif", inputs.dir / "volume.tif");
    EXPECT_HAS(stateError(inputs), "layer 'volume', cell (column 4, row 4;");
    EXPECT_HAS(stateError(inputs), "volume 1e+300 is not allowed");
}

TEST(InputBounds, ALandClassLayerThatIsAllNodataIsAnError) {
    test::SyntheticInputs inputs("bounds-all-nodata");
    std::fill(inputs.landClass.begin(), inputs.landClass.end(), 0);  // 0 is its nodata
    inputs.write();
    EXPECT_HAS(stateError(inputs), "land_class.tif: layer 'land_class': no cell of the grid lies in the study area");
}

// --- the ledger ---------------------------------------------------------------

TEST(InputBounds, ANonFiniteLedgerStopsTheRunNamingYearRegionAndFlow) {
    CellState s;
    Grid g;
    g.cols = 2, g.rows = 1;
    s.allocate(g);
    s.cellAreaHa = {50.0};
    s.regions = {{1, "west"}, {2, "east"}};
    for (int i = 0; i < 2; ++i) {
        s.landClass[i] = LandClass::Forest;
        s.species[i] = static_cast<uint8_t>(test::idx(4));
        s.region[i] = static_cast<uint16_t>(i + 1);
        s.age[i] = 20;
        s.volume[i] = 100;
    }
    s.volume[1] = std::numeric_limits<float>::infinity();  // what a state overflowed by 1e300 held
    Scenario scenario;
    scenario.startYear = 2007, scenario.endYear = 2008;
    scenario.forestClasses = {LandClass::Forest};
    Simulation sim(scenario, test::species(), s, ThreadRunner(1, 1));
    const std::string e = errorOf([&] { sim.start(); });
    EXPECT_HAS(e, "the ledger of 2007 is not finite: stock_m3 = inf in region 'east'");
}

// --- memory before allocation ---------------------------------------------------

TEST(InputBounds, ATrillionCellGridIsRefusedBeforeAllocationNamingSizesAndOptions) {
    Grid grid;
    grid.cols = grid.rows = 1'000'000;
    Scenario scenario;
    const MemoryNeed need = estimateMemoryNeed(grid, scenario, 4, 64, 0);
    // Before the study area is read, every grid cell may be a study cell; the index costs 64 bytes a row.
    EXPECT_EQ(need.stateBytes, std::size_t{1'000'000'000'000} * CellState::kBytesPerCell + 1'000'000 * 64);
    EXPECT_EQ(need.tileBytes, std::size_t{4} * 64 * 1'000'000 * 48);
    MemoryLimits limits;
    limits.physical = std::size_t{64} << 30;
    const std::string e = errorOf([&] { requireMemory(need, limits); });
    EXPECT_HAS(e, "the run needs about 16");
    EXPECT_HAS(e, "68.72 GB are available (set by the machine's physical memory)");
    EXPECT_HAS(e, "1000000000000 cells × 16 bytes of state");
    EXPECT_HAS(e, "a coarser grid");
    EXPECT_HAS(e, "fewer --threads");
    EXPECT_HAS(e, "--contributions none");
}

TEST(InputBounds, DrawsCountASecondStateAndTheirOptionIsNamed) {
    Grid grid;
    grid.cols = 10000, grid.rows = 10000;
    Scenario scenario;
    const MemoryNeed one = estimateMemoryNeed(grid, scenario, 1, 64, 0);
    const MemoryNeed two = estimateMemoryNeed(grid, scenario, 1, 64, 5);
    EXPECT_EQ(two.total() - one.total(), one.stateBytes);
    MemoryLimits limits;
    limits.physical = one.total() + 1;  // one state fits, two do not
    EXPECT_NO_THROW(requireMemory(one, limits));
    EXPECT_HAS(errorOf([&] { requireMemory(two, limits); }), "fewer --draws");
    limits.cgroup = one.total() - 1;
    EXPECT_HAS(errorOf([&] { requireMemory(one, limits); }), "set by the control group's memory limit");
}

// A rank of a run split into bands holds the distance to forest of its band's
// study cells (2 bytes a cell, the band's share of the rows), the whole
// grid's forest mask (1 bit a cell) and, while the distances are computed,
// the nearest targets above and below each tile of its band (two 4-byte
// rows a tile of 64 rows).
TEST(InputBounds, ARankOfABandRunCountsTheDistanceOfItsStudyCellsAndTheMaskOfTheGrid) {
    Grid grid;
    grid.cols = 8000, grid.rows = 10000;
    Scenario scenario;
    scenario.programmes.emplace_back();
    const StudyCellCount study{1'000'000, false};
    const MemoryNeed whole = estimateMemoryNeed(grid, scenario, 1, 64, 0, study);
    const MemoryNeed band = estimateMemoryNeed(grid, scenario, 1, 64, 0, study, 2500);
    const std::size_t cells = std::size_t{8000} * 10000;
    EXPECT_EQ(whole.workBytes, 1'000'000 * sizeof(uint16_t) + cells / 8 + cells / 64 * 2 * sizeof(int32_t));
    EXPECT_EQ(band.workBytes, 250'000 * sizeof(uint16_t) + cells / 8 + std::size_t{8000} * 2500 / 64 * 2 * sizeof(int32_t));
    EXPECT_EQ(band.candidateBytes, whole.candidateBytes) << "candidates are study cells, in lists up to twice their length";
    EXPECT_EQ(whole.candidateBytes, 2 * std::size_t{1'000'000} * 16);
}

// The allocation's candidate cache takes what the limit leaves after the rest
// of the run, at most 1 GiB; a run that fits without it is not refused.
TEST(InputBounds, TheCandidateCacheTakesWhatTheLimitLeavesAndIsNotRequired) {
    Grid grid;
    grid.cols = 20000, grid.rows = 20000;
    Scenario scenario;
    scenario.programmes.emplace_back();
    const MemoryNeed need = estimateMemoryNeed(grid, scenario, 2, 64, 0, StudyCellCount{300'000'000, false});
    ASSERT_EQ(need.candidateBytes, kDefaultCandidateCacheBytes);
    EXPECT_EQ(need.total(), need.least() + need.candidateBytes);
    MemoryLimits limits;
    limits.physical = need.least() + 12345;
    EXPECT_NO_THROW(requireMemory(need, limits));
    EXPECT_EQ(candidateCacheBytes(need, limits), 12345u);
    limits.addressSpace = need.least() + 678;  // ulimit -v below the machine's memory sets it
    EXPECT_EQ(candidateCacheBytes(need, limits), 678u);
    limits.addressSpace.reset();
    limits.physical = need.total() * 4;
    EXPECT_EQ(candidateCacheBytes(need, limits), kDefaultCandidateCacheBytes);
    limits.physical = need.least() - 1;
    EXPECT_EQ(candidateCacheBytes(need, limits), 0u);
    EXPECT_HAS(errorOf([&] { requireMemory(need, limits); }), "GB of memory but");
}

// Vector layers burned onto the grid (4 bytes a cell per source) are freed
// when loading ends, before the simulation's buffers and the candidate cache
// exist: they count toward the loading peak, not beside the cache.
TEST(InputBounds, VectorLayersBurnedWhileLoadingDoNotTakeTheCandidateCachesShare) {
    Grid grid;
    grid.cols = 20000, grid.rows = 20000;
    Scenario raster;
    raster.programmes.emplace_back();
    Scenario vector = raster;
    vector.age.path = vector.volume.path = "stands.gpkg";
    vector.age.vector = VectorSelection{"stands", "age", RasterizeRule::Centre};
    vector.volume.vector = VectorSelection{"stands", "volume", RasterizeRule::Centre};  // the same source: burned once
    const StudyCellCount study{300'000'000, false};
    // With draws the simulation holds two states, loading one.
    const MemoryNeed plain = estimateMemoryNeed(grid, raster, 2, 64, 3, study);
    const MemoryNeed burned = estimateMemoryNeed(grid, vector, 2, 64, 3, study);
    const std::size_t cells = std::size_t{20000} * 20000;
    EXPECT_EQ(burned.loadingBytes, cells * sizeof(int32_t));
    EXPECT_EQ(burned.simulating(), plain.simulating());
    EXPECT_EQ(burned.loading(), burned.stateBytes + cells * 4 + burned.tileBytes + burned.fixedBytes);
    ASSERT_LT(burned.loading(), burned.simulating()) << "here the simulation's peak is the larger";
    MemoryLimits limits;
    limits.physical = plain.simulating() + 12345;
    EXPECT_EQ(candidateCacheBytes(burned, limits), 12345u) << "the burned layers are gone when the cache is filled";
    // A loading peak above the simulation's is required, and named.
    Scenario many = vector;
    int source = 0;
    for (LayerSpec* l : {&many.landClass, &many.species, &many.siteClass}) {  // three more sources
        l->path = "stands-" + std::to_string(++source) + ".gpkg";
        l->vector = VectorSelection{"stands", "code", RasterizeRule::Centre};
    }
    const MemoryNeed four = estimateMemoryNeed(grid, many, 2, 64, 3, study);
    EXPECT_EQ(four.loadingBytes, 4 * cells * sizeof(int32_t));
    ASSERT_GT(four.loading(), four.simulating());
    EXPECT_EQ(four.least(), four.loading());
    limits.physical = four.loading() - 1;
    EXPECT_HAS(errorOf([&] { requireMemory(four, limits); }), "while loading, the vector layers burned onto the grid 6.40 GB");
    EXPECT_EQ(candidateCacheBytes(four, limits), 0u);
    // Room for the load is room for the simulation and its cache: the cache gets what the simulation leaves.
    limits.physical = four.loading() + 100;
    EXPECT_NO_THROW(requireMemory(four, limits));
    EXPECT_EQ(candidateCacheBytes(four, limits), four.loading() + 100 - four.simulating());
}

TEST(InputBounds, AGridTooLargeForMemoryIsRefusedByTheLoaderWithoutAllocating) {
    const fs::path dir = test::freshDir("bounds-huge");
    const fs::path f = demoWith(dir, "layer = \"land_class\"",
                                "crs = \"EPSG:4326\"\norigin = [97.5, 29.3]\ncell_size = [0.00001, 0.00001]\n"
                                "size = [1000000, 1000000]");
    const Scenario s = loadScenario(f, programmeKinds());
    const SpeciesTable species = SpeciesTable::load(s.speciesTable);
    const std::string e = errorOf([&] { loadState(s, species, ThreadRunner(1, 64)); });
    // Refused before the land class is read: the bound is the grid's cells
    // inside the land-class file (most of the 10^12; the file ends at 97.5° E
    // and 29.3° N on two sides), and the state's size is 16 bytes each plus
    // the index's 64 bytes a row.
    std::smatch m;
    ASSERT_TRUE(std::regex_search(e, m, std::regex(R"(up to ([0-9]+) cells × 16 bytes of state \(the grid's cells )"
                                                   R"(inside the land-class file; the study area is not read yet\) = )"
                                                   R"(([0-9.]+) GB)")))
        << e;
    const double cells = std::stod(m[1]);
    EXPECT_GT(cells, 0.5e12);
    EXPECT_LT(cells, 1e12);
    EXPECT_NEAR(std::stod(m[2]), (cells * 16 + 1e6 * 64) / 1e9, 0.01);
}

}  // namespace
}  // namespace forestsink
