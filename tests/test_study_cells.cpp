// The state holds study cells only (sim/StudyCells.h). The index must place
// every study cell where it is on the grid, and the layout must not change
// any answer: the same run on a state that holds every cell of the grid
// (outside cells as "outside") gives the same totals and the same cells.
#include "SyntheticInputs.h"

#include "raster/Gdal.h"
#include "scenarios/Scenario.h"
#include "sim/Simulation.h"
#include "sim/ClassBlocks.h"
#include "sim/StateLoader.h"
#include "sim/StudyCells.h"
#include "sim/programmes/ProgrammeKinds.h"
#include "species/SpeciesTable.h"

#include <gdal_utils.h>
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <regex>

namespace forestsink {
namespace {

namespace fs = std::filesystem;

TEST(StudyCells, RunsFollowTheMaskAndEachEntryKnowsItsCell) {
    const int rows = 7, cols = 13;
    std::mt19937 random(11);
    std::vector<uint8_t> mask(static_cast<std::size_t>(rows) * cols);
    for (auto& m : mask) m = random() % 3 != 0;
    mask[0] = 0, mask[cols - 1] = 1;  // a run at each edge of the first row
    for (int col = 0; col < cols; ++col) mask[2 * cols + col] = 0;  // an empty row
    StudyCells cells(cols);
    for (int row = 0; row < rows; ++row) cells.addRow(&mask[static_cast<std::size_t>(row) * cols]);
    cells.finish();

    std::size_t expected = 0;  // study cells so far, in row-major order
    for (int row = 0; row < rows; ++row) {
        EXPECT_EQ(cells.rowBegin(row), expected) << "row " << row;
        for (int col = 0; col < cols; ++col) {
            const auto entry = cells.find(row, col);
            if (!mask[static_cast<std::size_t>(row) * cols + col]) {
                EXPECT_FALSE(entry) << row << "," << col;
                continue;
            }
            ASSERT_TRUE(entry) << row << "," << col;
            EXPECT_EQ(*entry, expected);
            EXPECT_EQ(cells.locate(expected), std::make_pair(row, col));
            ++expected;
        }
        EXPECT_EQ(cells.rowEnd(row), expected) << "row " << row;
    }
    EXPECT_EQ(cells.size(), expected);
    std::size_t visited = 0;
    for (int row = 0; row < rows; ++row)
        cells.forEachInRow(row, [&](std::size_t i, int col) {
            EXPECT_EQ(i, visited++);
            EXPECT_EQ(cells.find(row, col), i);
        });
    EXPECT_EQ(visited, expected);
}

TEST(StudyCells, TheWholeGridIndexesEveryCellAtItsGridPosition) {
    const StudyCells cells = StudyCells::wholeGrid(4, 5);
    EXPECT_EQ(cells.size(), 20u);
    for (int row = 0; row < 4; ++row)
        for (int col = 0; col < 5; ++col) EXPECT_EQ(cells.find(row, col), cells.gridCell(row, col));
}

// The state of `compact` on a state that holds every grid cell, outside ones as "outside".
CellState onWholeGrid(const CellState& compact) {
    CellState whole;
    whole.allocate(compact.grid);
    whole.cellAreaHa = compact.cellAreaHa;
    whole.regions = compact.regions;
    whole.hasForestCategories = compact.hasForestCategories;
    for (int row = 0; row < compact.grid.rows; ++row)
        compact.cells.forEachInRow(row, [&](std::size_t i, int col) {
            const std::size_t g = compact.cells.gridCell(row, col);
            whole.landClass[g] = compact.landClass[i], whole.species[g] = compact.species[i];
            whole.site[g] = compact.site[i], whole.region[g] = compact.region[i];
            whole.age[g] = compact.age[i], whole.volume[g] = compact.volume[i];
            whole.treatment[g] = compact.treatment[i], whole.until[g] = compact.until[i];
            whole.flags[g] = compact.flags[i], whole.plantedStocking[g] = compact.plantedStocking[i];
        });
    return whole;
}

// The shipped plan plus programmes whose choice depends on the cell's place:
// planting next to forest (distance across the gaps of the study area),
// tending by an eligibility raster and a priority raster, and random ties.
fs::path planWithPlacedProgrammes(const fs::path& dir) {
    std::ifstream in(test::sourceDir() / "scenarios" / "yunnan-plan-2011-2020.toml");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string scenarios = (test::sourceDir() / "scenarios" / "").string();
    text = std::regex_replace(text, std::regex("\"\\.\\./"), "\"" + (test::sourceDir() / "").string());
    text = std::regex_replace(text, std::regex("baseline = \"yunnan-baseline.toml\""),
                              "baseline = \"" + scenarios + "yunnan-baseline.toml\"");
    const std::string data = (test::sourceDir() / "data" / "yunnan-1km" / "").string();
    text += "\n[[programmes]]\nname = \"Planting next to forest\"\nkind = \"afforestation\"\nyears = [2008, 2012]\n"
            "area_ha_per_year = 30000\nspecies = \"local\"\neligible = { land_class = [\"barren\"] }\n"
            "priority = \"nearest_forest\"\n"
            "\n[[programmes]]\nname = \"Tending by elevation\"\nkind = \"tending\"\nyears = [2008, 2012]\n"
            "area_ha_per_year = 40000\ngrowth_gain = 0.1\ngain_years = 5\n"
            "eligible = { land_class = [\"forest\"], raster = { path = \"" + data + "elevation.tif\", min = 1200, "
            "max = 2600 } }\npriority = \"highest_raster\"\npriority_raster = \"" + data + "volume.tif\"\n"
            "\n[[programmes]]\nname = \"Random tending\"\nkind = \"tending\"\nyears = [2008, 2012]\n"
            "area_ha_per_year = 25000\ngrowth_gain = 0.1\ngain_years = 5\neligible = { land_class = [\"forest\"] }\n";
    fs::create_directories(dir);
    std::ofstream(dir / "plan.toml") << text;
    return dir / "plan.toml";
}

// The study cells are the land-class raster's cells with a value other than
// its nodata and the codes mapped to "outside", counted here from the file by
// GDAL, not by the loader's own test (which tests a byte raster's 256 values
// once, by a table).
TEST(StudyCells, TheStudyCellsAreTheLandClassRastersCellsWithACodeThatIsNotOutside) {
    const Scenario s = loadScenario(planWithPlacedProgrammes(test::freshDir("study-cells-of-raster")), programmeKinds());
    const SpeciesTable species = SpeciesTable::load(s.speciesTable);
    const LoadedState loaded = loadState(s, species, ThreadRunner(2, 16));
    auto ds = openRaster(s.landClass.path, "land class");
    GDALRasterBand* band = ds->GetRasterBand(1);
    ASSERT_EQ(band->GetRasterDataType(), GDT_Byte);
    int hasNodata = 0;
    const double nodata = band->GetNoDataValue(&hasNodata);
    ASSERT_TRUE(hasNodata);
    const Grid& grid = loaded.state.grid;
    std::vector<uint8_t> codes(grid.cellCount());
    ASSERT_EQ(band->RasterIO(GF_Read, 0, 0, grid.cols, grid.rows, codes.data(), grid.cols, grid.rows, GDT_Byte, 0, 0,
                             nullptr),
              CE_None);
    std::size_t study = 0, nodataCells = 0;
    for (int row = 0; row < grid.rows; ++row)
        for (int col = 0; col < grid.cols; ++col) {
            const uint8_t code = codes[static_cast<std::size_t>(row) * grid.cols + col];
            const auto mapped = s.landClassCodes.classOfCode.find(code);
            const bool isOutside = mapped != s.landClassCodes.classOfCode.end() && mapped->second == LandClass::Outside;
            nodataCells += code == nodata;
            const bool expected = code != nodata && !isOutside;
            study += expected;
            EXPECT_EQ(loaded.state.cells.find(row, col).has_value(), expected) << "row " << row << ", col " << col;
        }
    EXPECT_EQ(loaded.state.cellCount(), study);
    EXPECT_GT(nodataCells, 0u);  // the test has cells to turn away
}

// The reader takes a byte land-class raster's codes from the pass that found
// the study area instead of decoding the file again: the state is the one
// read from the same codes stored as 16-bit integers (read from the file by
// the reader), on rows of several runs of study cells, tiles of 3 rows.
TEST(StudyCells, LandClassCodesKeptFromTheStudyAreaGiveTheStateTheFileGives) {
    test::SyntheticInputs in("kept-codes");
    for (int row = 0; row < in.rows; ++row)
        for (int col = 0; col < in.cols; ++col)
            if ((col * 3 + row) % 7 == 0) in.landClass[in.index(col, row)] = 0;  // gaps: several runs a row
    const fs::path scenario = in.write();
    auto load = [&] {
        const Scenario s = loadScenario(scenario, programmeKinds());
        return loadState(s, SpeciesTable::load(s.speciesTable), ThreadRunner(2, 3));
    };
    const LoadedState fromBytes = load();
    // The same codes as Int16: the reader reads them from the file.
    const fs::path byteFile = in.dir / "land_class.tif", int16File = in.dir / "land_class-int16.tif";
    {
        auto src = openRaster(byteFile, "land class");
        CPLStringList args;
        args.AddString("-ot");
        args.AddString("Int16");
        GDALTranslateOptions* options = GDALTranslateOptionsNew(args.List(), nullptr);
        GDALDatasetH copy = GDALTranslate(int16File.c_str(), GDALDataset::ToHandle(src.get()), options, nullptr);
        GDALTranslateOptionsFree(options);
        ASSERT_NE(copy, nullptr);
        GDALClose(copy);
    }
    fs::rename(int16File, byteFile);
    ASSERT_EQ(openRaster(byteFile, "land class")->GetRasterBand(1)->GetRasterDataType(), GDT_Int16);
    const LoadedState fromFile = load();
    const CellState &a = fromBytes.state, &b = fromFile.state;
    ASSERT_EQ(a.cellCount(), b.cellCount());
    EXPECT_GT(a.cellCount(), 0u);
    EXPECT_EQ(a.landClass, b.landClass);
    EXPECT_EQ(a.species, b.species);
    EXPECT_EQ(a.site, b.site);
    EXPECT_EQ(a.region, b.region);
    EXPECT_EQ(a.age, b.age);
    EXPECT_EQ(a.volume, b.volume);
    EXPECT_EQ(a.flags, b.flags);
    std::size_t classes[kLandClassCount]{};
    for (std::size_t i = 0; i < a.cellCount(); ++i) ++classes[static_cast<int>(a.landClass[i])];
    EXPECT_GT(classes[static_cast<int>(LandClass::Barren)], 0u) << "the test has more than one class to place";
    EXPECT_GT(classes[static_cast<int>(LandClass::Forest)], 0u);
}

// A block's mask holds exactly the classes of its 64 cells once rebuilt (the
// last block may be short); a class written later adds its bit. A block
// holds only given classes when its mask names no other (a pass then takes
// its cells without looking at them).
TEST(StudyCells, ClassBlocksHoldTheClassesOfTheirCells) {
    const std::size_t n = 64 * 5 + 7;
    std::vector<LandClass> classes(n, LandClass::Forest);
    classes[70] = LandClass::Barren;                // block 1
    classes[64 * 5 + 6] = LandClass::NonForest;     // the short last block
    ClassBlocks blocks;
    EXPECT_TRUE(blocks.mayHold(3, ClassBlocks::bitOf(LandClass::Barren)));  // not built: nothing is ruled out
    EXPECT_TRUE(blocks.mayHoldAny(ClassBlocks::bitOf(LandClass::Barren)));
    blocks.rebuild(classes, ThreadRunner(2, 1));
    EXPECT_TRUE(blocks.mayHoldAny(ClassBlocks::bitOf(LandClass::NonForest)));  // the short last block only
    EXPECT_FALSE(blocks.mayHoldAny(ClassBlocks::bitOf(LandClass::UnclosedPlantation)));
    for (std::size_t b = 0; b < 6; ++b) {
        EXPECT_TRUE(blocks.mayHold(b, ClassBlocks::bitOf(LandClass::Forest))) << b;
        EXPECT_EQ(blocks.mayHold(b, ClassBlocks::bitOf(LandClass::Barren)), b == 1) << b;
        EXPECT_EQ(blocks.mayHold(b, ClassBlocks::bitOf(LandClass::NonForest)), b == 5) << b;
    }
    blocks.mark(200, LandClass::UnclosedPlantation);  // block 3
    EXPECT_TRUE(blocks.mayHold(3, ClassBlocks::bitOf(LandClass::UnclosedPlantation)));
    EXPECT_FALSE(blocks.mayHold(2, ClassBlocks::bitOf(LandClass::UnclosedPlantation)));
    EXPECT_TRUE(blocks.mayHoldAny(ClassBlocks::bitOf(LandClass::UnclosedPlantation)));
    EXPECT_TRUE(blocks.mayHold(3, ClassBlocks::bitOf(LandClass::Barren) | ClassBlocks::bitOf(LandClass::Forest)));
    const uint16_t forest = ClassBlocks::bitOf(LandClass::Forest);
    const uint16_t forestOrBarren = forest | ClassBlocks::bitOf(LandClass::Barren);
    for (std::size_t b = 0; b < 6; ++b) {
        EXPECT_EQ(blocks.holdsOnly(b, forest), b == 0 || b == 2 || b == 4) << b;  // block 3 was marked
        EXPECT_EQ(blocks.holdsOnly(b, forestOrBarren), b != 3 && b != 5) << b;
    }
    EXPECT_FALSE(ClassBlocks().holdsOnly(0, forest));  // not built: each cell is looked at

    // Damaged stands: from the flags at a rebuild, then marked; not a class.
    std::vector<uint8_t> flags(n, 0);
    flags[130] = kDamaged;  // block 2
    flags[131] = 2;         // another flag: not damage
    flags[64 * 4] = 2;      // block 4
    EXPECT_TRUE(ClassBlocks().mayHoldDamaged(0));  // not built: nothing is ruled out
    blocks.rebuild(classes, ThreadRunner(2, 1), flags.data(), kDamaged);
    for (std::size_t b = 0; b < 6; ++b) EXPECT_EQ(blocks.mayHoldDamaged(b), b == 2) << b;
    EXPECT_TRUE(blocks.holdsOnly(2, forest));  // the damage bit names no class
    blocks.markDamaged(64 * 5 + 1);
    for (std::size_t b = 0; b < 6; ++b) EXPECT_EQ(blocks.mayHoldDamaged(b), b == 2 || b == 5) << b;
    EXPECT_FALSE(blocks.mayHoldAny(ClassBlocks::bitOf(LandClass::UnclosedPlantation)));  // not a class bit
}

// A programme's pass skips blocks of 64 study cells whose mask of land
// classes holds none it takes (sim/ClassBlocks.h). A mask must name every
// class its cells hold after anything a year did to them (planting,
// construction, conversion, closure, failed plantations, succession), or a
// block holding a candidate would be skipped. Both shipped plans, every year.
TEST(StudyCells, EveryBlockOfCellsNamesEachClassItsCellsHoldAfterEveryYear) {
    const fs::path yunnan = planWithPlacedProgrammes(test::freshDir("class-blocks"));
    const fs::path hubei = test::sourceDir() / "scenarios" / "hubei-plan-2011-2015.toml";
    for (const fs::path& path : {yunnan, hubei}) {
        SCOPED_TRACE(path.string());
        const Scenario s = loadScenario(path, programmeKinds());
        const SpeciesTable species = SpeciesTable::load(s.speciesTable);
        const ThreadRunner runner(2, 16);
        Simulation simulation(s, species, loadState(s, species, runner).state, runner);
        int yearsChecked = 0;
        std::size_t classesAbsent = 0;  // (block, class) pairs a mask rules out: the skipping has work to do
        std::size_t damagedCells = 0, blocksUndamaged = 0;
        runAllYears(simulation, s, [&](const YearRecord& record, const Simulation& sim) {
            const CellState& state = sim.state();
            if (!state.classBlocks.built()) return;
            ++yearsChecked;
            std::size_t missing = 0;
            for (std::size_t i = 0; i < state.cellCount(); ++i)
                missing += !state.classBlocks.mayHold(i >> ClassBlocks::kShift, ClassBlocks::bitOf(state.landClass[i]));
            EXPECT_EQ(missing, 0u) << "year " << record.totals.year;
            // A damaged stand's block says it may hold one (recovery skips those that do not).
            std::size_t unmarked = 0;
            for (std::size_t i = 0; i < state.cellCount(); ++i)
                if (state.flags[i] & kDamaged)
                    ++damagedCells, unmarked += !state.classBlocks.mayHoldDamaged(i >> ClassBlocks::kShift);
            EXPECT_EQ(unmarked, 0u) << "year " << record.totals.year;
            for (std::size_t b = 0; b << ClassBlocks::kShift < state.cellCount(); ++b) {
                for (int c = 0; c < kLandClassCount; ++c)
                    classesAbsent += !state.classBlocks.mayHold(b, ClassBlocks::bitOf(static_cast<LandClass>(c)));
                blocksUndamaged += !state.classBlocks.mayHoldDamaged(b);
            }
        });
        EXPECT_GE(yearsChecked, 5);
        EXPECT_GT(classesAbsent, 0u);
        EXPECT_GT(damagedCells, 0u);
        EXPECT_GT(blocksUndamaged, 0u);
    }
}

TEST(StudyCells, TheLayoutOfTheStateChangesNoAnswer) {
    const Scenario s = loadScenario(planWithPlacedProgrammes(test::freshDir("study-cells")), programmeKinds());
    const SpeciesTable species = SpeciesTable::load(s.speciesTable);
    const ThreadRunner runner(2, 16);
    const LoadedState loaded = loadState(s, species, runner);
    ASSERT_LT(loaded.state.cellCount(), loaded.state.grid.cellCount() * 3 / 4);  // gaps to make a difference
    Simulation compact(s, species, loaded.state, runner);
    Simulation whole(s, species, onWholeGrid(loaded.state), runner);
    const std::vector<YearRecord> a = runAllYears(compact, s), b = runAllYears(whole, s);
    ASSERT_EQ(a.size(), b.size());
    double treatedHa = 0;
    for (std::size_t y = 0; y < a.size(); ++y) {
        EXPECT_EQ(a[y].totals.province, b[y].totals.province) << a[y].totals.year;
        EXPECT_EQ(a[y].provinceFlows, b[y].provinceFlows) << a[y].totals.year;
        ASSERT_EQ(a[y].programmes.size(), b[y].programmes.size());
        for (std::size_t p = 0; p < a[y].programmes.size(); ++p) {
            EXPECT_EQ(a[y].programmes[p].areaM2ByRegion, b[y].programmes[p].areaM2ByRegion);
            for (int64_t m2 : a[y].programmes[p].areaM2ByRegion) treatedHa += static_cast<double>(m2) * 1e-4;
        }
    }
    EXPECT_GT(treatedHa, 1e6);
    // Cell by cell: the same treatment, age and volume at the same place.
    const CellState& c = compact.state();
    const CellState& w = whole.state();
    std::size_t differ = 0, placed = 0;
    for (int row = 0; row < c.grid.rows; ++row)
        c.cells.forEachInRow(row, [&](std::size_t i, int col) {
            const std::size_t g = c.cells.gridCell(row, col);
            differ += c.treatment[i] != w.treatment[g] || c.volume[i] != w.volume[g] || c.age[i] != w.age[g] ||
                      c.landClass[i] != w.landClass[g];
            placed += c.treatment[i] >= s.programmes.size() - 3 && c.treatment[i] != kNoTreatment;
        });
    EXPECT_EQ(differ, 0u);
    EXPECT_GT(placed, 1000u);  // the three placed programmes took cells
}

}  // namespace
}  // namespace forestsink
