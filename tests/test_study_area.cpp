// The study area and the grid: a grid that misses the study area, a layer
// that covers too little of it, cells outside a file's extent, bad values told
// in the file's own terms, grids derived from a layer, and the `grid` command.
#include "SyntheticInputs.h"

#include "app/GridCommand.h"
#include "app/RunCommand.h"
#include "common/Error.h"
#include "raster/Gdal.h"
#include "scenarios/Scenario.h"
#include "sim/StateLoader.h"
#include "sim/programmes/ProgrammeKinds.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

namespace forestsink {
namespace {

namespace fs = std::filesystem;

// Writes band 1 of a GeoTIFF on `grid` (nodata only when given).
void writeLayer(const fs::path& path, const Grid& grid, const std::vector<double>& values, GDALDataType type,
                std::optional<double> nodata) {
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDatasetUniquePtr ds(driver->Create(path.c_str(), grid.cols, grid.rows, 1, type, nullptr));
    applyGrid(*ds, grid);
    if (nodata) ds->GetRasterBand(1)->SetNoDataValue(*nodata);
    ASSERT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, grid.cols, grid.rows, const_cast<double*>(values.data()),
                                             grid.cols, grid.rows, GDT_Float64, 0, 0, nullptr),
              CE_None);
}

Grid gridOf(const test::SyntheticInputs& in, double cell, int cols, int rows) {
    Grid g;
    g.crsWkt = in.crsWkt();
    g.geotransform = {in.originX, cell, 0, in.originY, 0, -cell};
    g.cols = cols, g.rows = rows;
    return g;
}

// The synthetic values of a layer, columns [0, cols) only.
std::vector<double> leftColumns(const test::SyntheticInputs& in, const std::vector<float>& v, int cols) {
    std::vector<double> out;
    for (int row = 0; row < in.rows; ++row)
        for (int col = 0; col < cols; ++col) out.push_back(v[in.index(col, row)]);
    return out;
}

void replaceInScenario(const test::SyntheticInputs& in, const std::string& pattern, const std::string& with) {
    std::ifstream f(in.scenarioPath());
    std::string text((std::istreambuf_iterator<char>(f)), {});
    f.close();
    std::ofstream(in.scenarioPath()) << std::regex_replace(text, std::regex(pattern), with);
}

std::string explicitGrid(const test::SyntheticInputs& in, double originX, double originY, int cols, int rows) {
    return fmt::format("crs = '''{}'''\norigin = [{}, {}]\ncell_size = [{}, {}]\nsize = [{}, {}]", in.crsWkt(),
                       originX, originY, in.cellSize, in.cellSize, cols, rows);
}

std::string runError(const test::SyntheticInputs& in) {
    RunOptions o;
    o.scenario = in.scenarioPath();
    o.outDir = in.dir / "out";
    o.threads = 2;
    o.tileRows = 3;
    try {
        runScenario(o);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

void expectAll(const std::string& error, const std::vector<std::string>& fragments) {
    ASSERT_FALSE(error.empty()) << "the run succeeded";
    for (const auto& f : fragments) EXPECT_NE(error.find(f), std::string::npos) << "missing '" << f << "' in:\n" << error;
}

TEST(StudyArea, GridThatMissesTheStudyAreaIsAnError) {
    test::SyntheticInputs in("study");
    in.write();
    replaceInScenario(in, R"(layer = "land_class")", explicitGrid(in, 700000, 2800000, 12, 8));
    expectAll(runError(in), {"land_class.tif: layer 'land_class': no cell of the grid lies in the study area",
                             "the file covers x -300000–-288000, y 2792000–2800000 in",
                             "the grid covers x 700000–712000, y 2792000–2800000 in"});
}

TEST(StudyArea, LayerCoveringTooLittleOfTheStudyAreaIsAnError) {
    // The volume file covers columns 0–3; the study area is columns 1–11 (88 cells), 24 of them covered.
    test::SyntheticInputs in("study");
    in.write();
    writeLayer(in.dir / "volume.tif", gridOf(in, in.cellSize, 4, in.rows), leftColumns(in, in.volume, 4),
               GDT_Float32, -9999);
    expectAll(runError(in), {"volume.tif: layer 'volume' covers only 27.27 % of the study area (64 of its 88 cells "
                             "lie outside the file's extent); at least 90 % is required (grid.min_layer_cover)",
                             "the file covers x -300000–-296000, y 2792000–2800000 in",
                             "the grid covers x -300000–-288000"});
}

TEST(StudyArea, ForestCellOutsideAFileIsToldSo) {
    // With a lower required share, the first forest cell without a volume is named.
    test::SyntheticInputs in("study");
    in.write();
    writeLayer(in.dir / "volume.tif", gridOf(in, in.cellSize, 4, in.rows), leftColumns(in, in.volume, 4),
               GDT_Float32, -9999);
    replaceInScenario(in, R"(layer = "land_class")", "layer = \"land_class\"\nmin_layer_cover = 0.2");
    expectAll(runError(in), {"volume.tif: layer 'volume': grid cell (column 4, row 0; x -295500, y 2799500) of the "
                             "study area is outside the file's extent; the file covers x -300000–-296000",
                             "a forest cell needs a value there"});
}

TEST(StudyArea, CellsOutsideALandClassFileWithoutNodataAreOutsideTheStudyArea) {
    // The land-class file has no nodata and covers columns 0–5 of a 12-column
    // grid: the warper fills the rest with 0, which the codes do not map. Those
    // cells are outside the file, hence outside the study area; no error.
    test::SyntheticInputs in("study");
    in.write();
    std::vector<double> classes;
    for (int row = 0; row < in.rows; ++row)
        for (int col = 0; col < 6; ++col) classes.push_back(col == 0 ? 8 : in.landClass[in.index(col, row)]);
    writeLayer(in.dir / "land_class.tif", gridOf(in, in.cellSize, 6, in.rows), classes, GDT_Byte, std::nullopt);
    replaceInScenario(in, R"(layer = "land_class")", explicitGrid(in, in.originX, in.originY, 12, 8));
    RunOptions o;
    o.scenario = in.scenarioPath();
    o.outDir = in.dir / "out";
    o.threads = 2;
    const RunResult r = runScenario(o);
    EXPECT_DOUBLE_EQ(r.years.front().totals.province[kAreaHa], 6 * 8 * 100.0);  // columns 0–5, 1 km cells
}

TEST(StudyArea, BadValueIsToldInTheFilesOwnTerms) {
    // Volume at 500 m, read onto the 1 km grid from the pixel under each
    // cell's centre: grid cell (4, 1) covers the file's pixels 8–9 × 2–3,
    // which hold −5. The message names the file's first bad pixel under the
    // cell and its value as stored.
    test::SyntheticInputs in("study");
    in.write();
    std::vector<double> fine(24 * 16);
    for (int row = 0; row < 16; ++row)
        for (int col = 0; col < 24; ++col) fine[row * 24 + col] = in.volume[in.index(col / 2, row / 2)];
    fine[2 * 24 + 8] = fine[2 * 24 + 9] = fine[3 * 24 + 8] = fine[3 * 24 + 9] = -5;
    writeLayer(in.dir / "volume.tif", gridOf(in, 500, 24, 16), fine, GDT_Float32, -9999);
    expectAll(runError(in), {"volume.tif: layer 'volume', cell (column 8, row 2; x -295750, y 2798750 in the file's "
                             "CRS), under grid cell (column 4, row 1)",
                             "volume -5 is not allowed"});
}

Grid resolved(const test::SyntheticInputs& in) {
    return resolveGrid(loadScenario(in.scenarioPath(), programmeKinds()));
}

TEST(GridFromALayer, LikeSnapsTheLayersExtentToTheCellSize) {
    test::SyntheticInputs in("study");
    in.originX = -300500, in.originY = 2800300;  // the layers span x −300500…−288500, y 2792300…2800300
    in.write();
    replaceInScenario(in, R"(layer = "land_class")",
                      fmt::format("crs = '''{}'''\ncell_size = 2000\nlike = \"land_class\"", in.crsWkt()));
    const Grid g = resolved(in);
    EXPECT_DOUBLE_EQ(g.minX(), -302000);
    EXPECT_DOUBLE_EQ(g.maxY(), 2802000);
    EXPECT_DOUBLE_EQ(g.cellWidth(), 2000);
    EXPECT_EQ(g.cols, 7);  // to −288000 ≥ −288500
    EXPECT_EQ(g.rows, 5);  // to 2792000 ≤ 2792300
}

TEST(GridFromALayer, LikeInAnotherCrsCoversTheLayer) {
    test::SyntheticInputs in("study");
    in.write();
    replaceInScenario(in, R"(layer = "land_class")", "crs = \"EPSG:32648\"\ncell_size = 500\nlike = \"land_class\"");
    const Grid g = resolved(in);
    // Every corner of the layer lies inside the UTM grid.
    OGRSpatialReference albers;
    albers.importFromWkt(in.crsWkt().c_str());
    albers.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const OGRSpatialReference utm = g.spatialReference();
    std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&albers, &utm));
    for (double x : {in.originX, in.originX + in.cols * in.cellSize})
        for (double y : {in.originY, in.originY - in.rows * in.cellSize}) {
            double ux = x, uy = y;
            ASSERT_TRUE(t->Transform(1, &ux, &uy));
            EXPECT_GE(ux, g.minX());
            EXPECT_LE(ux, g.maxX());
            EXPECT_GE(uy, g.minY());
            EXPECT_LE(uy, g.maxY());
        }
    EXPECT_EQ(std::fmod(g.minX(), 500.0), 0.0);
    EXPECT_EQ(std::fmod(g.maxY(), 500.0), 0.0);
}

TEST(GridFromALayer, MissingOriginSaysHowToGetOne) {
    test::SyntheticInputs in("study");
    in.write();
    replaceInScenario(in, R"(layer = "land_class")", "crs = \"EPSG:32647\"\ncell_size = [30, 30]");
    try {
        loadScenario(in.scenarioPath(), programmeKinds());
        FAIL() << "accepted a grid without origin";
    } catch (const Error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("like = \"<layer>\""), std::string::npos) << m;
        EXPECT_NE(m.find("forestsink grid FILE --crs CRS --cell-size S"), std::string::npos) << m;
    }
}

TEST(GridFromALayer, UnreadableCrsGivesExamplesThatWork) {
    test::SyntheticInputs in("study");
    in.write();
    replaceInScenario(in, R"(layer = "land_class")", explicitGrid(in, in.originX, in.originY, 12, 8));
    replaceInScenario(in, R"(crs = '''[^']*''')", "crs = \"+proj=aea\"");
    try {
        resolved(in);
        FAIL() << "accepted '+proj=aea'";
    } catch (const Error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("grid.crs '+proj=aea' is not a CRS that GDAL/PROJ can read"), std::string::npos) << m;
        // Each example the message gives is itself readable.
        std::smatch match;
        std::string rest = m;
        int examples = 0;
        while (std::regex_search(rest, match, std::regex("\"([^\"]+)\""))) {
            EXPECT_NO_THROW(crsWktOf(match[1], "example")) << match[1];
            ++examples;
            rest = match.suffix();
        }
        EXPECT_EQ(examples, 4);
    }
}

TEST(GridCommand, PrintsTheFilesGridWithItsDataArea) {
    test::SyntheticInputs in("study");
    in.write();
    std::ostringstream out;
    printGridBlock(in.dir / "land_class.tif", "", 0, out);
    const std::string block = out.str();
    // Column 0 is nodata (class 0): 88 of 96 pixels of 100 ha.
    EXPECT_NE(block.find("data on 88 of its 96 pixels, 8800.0 ha"), std::string::npos) << block;
    EXPECT_NE(block.find("96 cells, 9600.0 ha"), std::string::npos) << block;
    EXPECT_NE(block.find("origin = [-300000, 2800000]\ncell_size = [1000, 1000]\nsize = [12, 8]"),
              std::string::npos)
        << block;
}

TEST(GridCommand, PastedBlockGivesTheSameGridAsLike) {
    test::SyntheticInputs in("study");
    in.write();
    std::ostringstream out;
    printGridBlock(in.dir / "land_class.tif", "EPSG:32648", 250, out);
    const std::string block = out.str();
    replaceInScenario(in, R"(layer = "land_class")", "crs = \"EPSG:32648\"\ncell_size = 250\nlike = \"land_class\"");
    const Grid like = resolved(in);
    replaceInScenario(in, R"(\[grid\][^\[]*)", block.substr(block.find("[grid]")) + "\n");
    const Grid pasted = resolved(in);
    EXPECT_TRUE(pasted.sameAs(like)) << block;
    EXPECT_NE(block.find(fmt::format("size = [{}, {}]", like.cols, like.rows)), std::string::npos) << block;
}

}  // namespace
}  // namespace forestsink
