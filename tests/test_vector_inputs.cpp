// Vector inputs: layers read from a GeoPackage's polygons, rasterised onto the
// grid. Polygons that are exactly the grid's cells give the same state and the
// same run as the equivalent rasters; the rules (cell centre or all touched,
// larger FID over smaller) and each error naming the feature.
#include "SyntheticInputs.h"

#include "app/RunCommand.h"
#include "common/Error.h"
#include "raster/FeatureRaster.h"
#include "raster/Gdal.h"
#include "scenarios/Scenario.h"
#include "sim/StateLoader.h"
#include "sim/programmes/ProgrammeKinds.h"
#include "species/SpeciesTable.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <gdal_utils.h>
#include <ogrsf_frmts.h>

#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>

namespace forestsink {
namespace {

namespace fs = std::filesystem;

// A GeoPackage layer of polygons in `crs` (the grid's CRS when empty).
class PolygonWriter {
public:
    PolygonWriter(const fs::path& path, const std::string& layer, const std::string& gridWkt,
                  const std::string& crs = "") {
        initGdal();
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
        ds_.reset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        gridSrs_.importFromWkt(gridWkt.c_str());
        gridSrs_.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        srs_ = gridSrs_;
        if (!crs.empty()) srs_.SetFromUserInput(crs.c_str()), srs_.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        layer_ = ds_->CreateLayer(layer.c_str(), &srs_, wkbPolygon, nullptr);
        for (const auto& [name, type] : std::vector<std::pair<const char*, OGRFieldType>>{
                 {"land_class", OFTInteger}, {"species", OFTInteger}, {"site", OFTInteger}, {"region", OFTInteger},
                 {"region_name", OFTString}, {"age", OFTReal}, {"volume", OFTReal}, {"species_text", OFTString}}) {
            OGRFieldDefn field(name, type);
            layer_->CreateField(&field);
        }
        toLayer_.reset(OGRCreateCoordinateTransformation(&gridSrs_, &srs_));
    }
    // A rectangle given in the grid's CRS; returns the feature's FID.
    int64_t add(double x0, double y0, double x1, double y1, const std::function<void(OGRFeature&)>& fill) {
        OGRLinearRing ring;
        // Edges cut into 8, so that a polygon carried into another CRS keeps its shape.
        for (auto [ax, ay, bx, by] : {std::array{x0, y0, x1, y0}, std::array{x1, y0, x1, y1},
                                      std::array{x1, y1, x0, y1}, std::array{x0, y1, x0, y0}})
            for (int i = 0; i < 8; ++i) ring.addPoint(ax + (bx - ax) * i / 8, ay + (by - ay) * i / 8);
        ring.closeRings();
        OGRPolygon polygon;
        polygon.addRing(&ring);
        polygon.transform(toLayer_.get());
        OGRFeature feature(layer_->GetLayerDefn());
        feature.SetGeometry(&polygon);
        fill(feature);
        EXPECT_EQ(layer_->CreateFeature(&feature), OGRERR_NONE);
        return feature.GetFID();
    }
    OGRLayer& layer() { return *layer_; }

private:
    GDALDatasetUniquePtr ds_;
    OGRSpatialReference gridSrs_, srs_;
    OGRLayer* layer_ = nullptr;
    std::unique_ptr<OGRCoordinateTransformation> toLayer_;
};

// One polygon per study-area cell of the synthetic province (its rasters'
// values as attributes), in row-major order; FID of each cell.
std::map<std::size_t, int64_t> writeCellPolygons(const test::SyntheticInputs& in, const fs::path& path,
                                                 const std::string& crs = "",
                                                 const std::function<void(OGRFeature&, std::size_t)>& change = {}) {
    PolygonWriter w(path, "stands", in.crsWkt(), crs);
    std::map<std::size_t, int64_t> fidOfCell;
    for (int row = 0; row < in.rows; ++row)
        for (int col = 0; col < in.cols; ++col) {
            const std::size_t i = in.index(col, row);
            if (in.landClass[i] == 0) continue;  // outside the study area: no polygon
            const double x0 = in.originX + col * in.cellSize, y1 = in.originY - row * in.cellSize;
            fidOfCell[i] = w.add(x0, y1 - in.cellSize, x0 + in.cellSize, y1, [&](OGRFeature& f) {
                f.SetField("land_class", in.landClass[i]);
                f.SetField("species", in.species[i]);
                f.SetField("site", in.site[i]);
                f.SetField("region", in.region[i]);
                f.SetField("region_name", in.region[i] == 1 ? "West zone" : "East zone");
                f.SetField("age", in.age[i]);
                f.SetField("volume", in.volume[i]);
                if (change) change(f, i);
            });
        }
    return fidOfCell;
}

std::string readText(const fs::path& p) {
    std::ifstream f(p);
    return std::string((std::istreambuf_iterator<char>(f)), {});
}

// Cell polygons on their own grid, each cell taking the polygon under its
// centre as a raster's cell is read. (By default, "stands", a grid whose cells
// are a tenth-percentile polygon's size builds the stands of a 4 × 4 lattice
// under each: see the tests of the default below.)
const std::string kOnePolygonPerCell = "rasterize = \"centre\"";

// The synthetic scenario with every layer read from `gpkg` and an explicit grid.
void useVectorLayers(const test::SyntheticInputs& in, const std::string& gpkg,
                     const std::string& extra = kOnePolygonPerCell, const std::string& regionField = "region") {
    std::string text = readText(in.scenarioPath());
    text = text.substr(0, text.find("[grid]"));
    text += fmt::format(R"([grid]
crs = '''{}'''
origin = [{}, {}]
cell_size = {}
size = [{}, {}]

[layers.land_class]
path = "{gpkg}"
field = "land_class"
codes = {{ forest = [1], sparse_forest = [2], shrubland = [3], barren = [4], non_forest = [5, 6, 7, 8] }}
{extra}
[layers.species]
path = "{gpkg}"
field = "species"
[layers.age]
path = "{gpkg}"
field = "age"
[layers.volume]
path = "{gpkg}"
field = "volume"
[layers.site_class]
path = "{gpkg}"
field = "site"
codes = {{ good = [1], medium = [2], poor = [3] }}
[layers.region]
path = "{gpkg}"
field = "{regionField}"
{names}
)",
                        in.crsWkt(), in.originX, in.originY, in.cellSize, in.cols, in.rows,
                        fmt::arg("gpkg", gpkg), fmt::arg("extra", extra), fmt::arg("regionField", regionField),
                        fmt::arg("names", regionField == "region" ? "names = \"regions.csv\"" : ""));
    std::ofstream(in.scenarioPath()) << text;
}

void replaceAll(const test::SyntheticInputs& in, const std::string& from, const std::string& to) {
    std::string text = readText(in.scenarioPath());
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    std::ofstream(in.scenarioPath()) << text;
}

LoadedState load(const fs::path& scenario) {
    const Scenario s = loadScenario(scenario, programmeKinds());
    const SpeciesTable species = SpeciesTable::load(s.speciesTable);
    return loadState(s, species, ThreadRunner(2, 3));
}

std::string loadError(const fs::path& scenario) {
    try {
        load(scenario);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

void expectAll(const std::string& error, const std::vector<std::string>& fragments) {
    ASSERT_FALSE(error.empty()) << "no error";
    for (const auto& f : fragments) EXPECT_NE(error.find(f), std::string::npos) << "missing '" << f << "' in:\n" << error;
}

void expectSameState(const CellState& a, const CellState& b) {
    ASSERT_EQ(a.grid.cellCount(), b.grid.cellCount());
    EXPECT_EQ(a.landClass, b.landClass);
    EXPECT_EQ(a.species, b.species);
    EXPECT_EQ(a.site, b.site);
    EXPECT_EQ(a.age, b.age);
    EXPECT_EQ(a.volume, b.volume);
    EXPECT_EQ(a.region, b.region);
    ASSERT_EQ(a.regions.size(), b.regions.size());
    for (std::size_t i = 0; i < a.regions.size(); ++i) EXPECT_EQ(a.regions[i].name, b.regions[i].name);
}

RunResult run(const fs::path& scenario, const fs::path& out) {
    RunOptions o;
    o.scenario = scenario;
    o.outDir = out;
    o.threads = 2;
    o.tileRows = 3;
    return runScenario(o);
}

TEST(VectorInputs, CellPolygonsGiveTheSameStateAndRunAsTheRasters) {
    test::SyntheticInputs in("vector");
    in.write();
    const LoadedState fromRasters = load(in.scenarioPath());
    const RunResult rasterRun = run(in.scenarioPath(), in.dir / "out-raster");
    writeCellPolygons(in, in.dir / "stands.gpkg");
    useVectorLayers(in, "stands.gpkg");
    const LoadedState fromPolygons = load(in.scenarioPath());
    expectSameState(fromRasters.state, fromPolygons.state);
    const RunResult vectorRun = run(in.scenarioPath(), in.dir / "out-vector");
    ASSERT_EQ(rasterRun.years.size(), vectorRun.years.size());
    for (std::size_t y = 0; y < rasterRun.years.size(); ++y)
        for (std::size_t k = 0; k < rasterRun.years[y].totals.province.size(); ++k)
            EXPECT_EQ(rasterRun.years[y].totals.province[k], vectorRun.years[y].totals.province[k])
                << "year index " << y << ", total " << k;
}

TEST(VectorInputs, PolygonsInAnotherCrsLandOnTheSameCells) {
    // CGCS2000 longitude/latitude, whose official axis order is latitude first.
    test::SyntheticInputs in("vector");
    in.write();
    const LoadedState fromRasters = load(in.scenarioPath());
    writeCellPolygons(in, in.dir / "stands.gpkg", "EPSG:4490");
    useVectorLayers(in, "stands.gpkg");
    expectSameState(fromRasters.state, load(in.scenarioPath()).state);
}

TEST(VectorInputs, SaysWhatItDid) {
    test::SyntheticInputs in("vector");
    in.write();
    const auto fids = writeCellPolygons(in, in.dir / "stands.gpkg");
    useVectorLayers(in, "stands.gpkg");
    const LoadedState loaded = load(in.scenarioPath());
    const std::string expected = fmt::format(
        "{}, layer stands: rasterised onto the grid from {} features ({} of them hold cells; {} cells covered, "
        "+0.00 % of the features' own area in the grid's CRS), rule cell centre (a cell takes the feature containing its centre); read as layers land_class (field "
        "land_class), species (field species), age (field age), volume (field volume), site_class (field site), "
        "region (field region)",
        (in.dir / "stands.gpkg").string(), fids.size(), fids.size(), fids.size());
    bool found = false;
    for (const auto& n : loaded.notes) found = found || n.find(expected) != std::string::npos;
    EXPECT_TRUE(found) << "no note '" << expected << "'";
}

// By default ("stands") a grid whose cells are larger than a quarter of a
// tenth-percentile polygon's side rasterises the polygons on a lattice k × k
// finer and each cell keeps the stands of its lattice cells (sim/Stands.h,
// raster/PolygonLattice.h). On the cell polygons' own grid (k = 4) and on one
// twice as coarse (k = 8), the first year holds the rasters' study area,
// forest area, living stock and carbon, and the run says what it kept.
TEST(VectorInputs, ByDefaultACoarseGridKeepsTheStandsOfALattice) {
    test::SyntheticInputs in("vector");
    in.write();
    const RunResult rasterRun = run(in.scenarioPath(), in.dir / "out-raster");
    writeCellPolygons(in, in.dir / "stands.gpkg");
    for (const int times : {1, 2}) {
        useVectorLayers(in, "stands.gpkg", "");
        replaceAll(in, fmt::format("cell_size = {}\n", in.cellSize), fmt::format("cell_size = {}\n", times * in.cellSize));
        replaceAll(in, fmt::format("size = [{}, {}]", in.cols, in.rows),
                   fmt::format("size = [{}, {}]", (in.cols + times - 1) / times, (in.rows + times - 1) / times));
        const LoadedState loaded = load(in.scenarioPath());
        const int k = 4 * times;
        const std::string note = fmt::format(
            "grid coarser than the land-class polygons: they are rasterised on a lattice of {:.6g} × {:.6g} cells in "
            "the grid's CRS units, {} × {} a grid cell (nine polygons in ten cover 16 lattice cells or more): each of "
            "the ",
            in.cellSize / 4, in.cellSize / 4, k, k);
        bool found = false;
        for (const auto& n : loaded.notes) found = found || n.rfind(note, 0) == 0;
        EXPECT_TRUE(found) << "no note '" << note << "'";
        EXPECT_TRUE(loaded.state.hasStands());
        const RunResult r = run(in.scenarioPath(), in.dir / fmt::format("out-{}", times));
        for (int t : {kAreaHa, kForestAreaHa, kLivingStockM3, kCarbonT}) {
            const double expected = rasterRun.years.front().totals.province[t];
            EXPECT_NEAR(r.years.front().totals.province[t], expected, 1e-9 * expected) << times << "×, total " << t;
        }
    }
}

// "centre" keeps one polygon per cell on any grid: a grid twice as coarse as
// the cell polygons samples them, one study-area entry per cell.
TEST(VectorInputs, TheCentreRuleKeepsOnePolygonPerCellOnACoarseGrid) {
    test::SyntheticInputs in("vector");
    in.write();
    writeCellPolygons(in, in.dir / "stands.gpkg");
    useVectorLayers(in, "stands.gpkg", kOnePolygonPerCell);
    replaceAll(in, fmt::format("cell_size = {}\n", in.cellSize), fmt::format("cell_size = {}\n", 2 * in.cellSize));
    replaceAll(in, fmt::format("size = [{}, {}]", in.cols, in.rows), fmt::format("size = [{}, {}]", in.cols / 2, in.rows / 2));
    const LoadedState loaded = load(in.scenarioPath());
    for (const auto& n : loaded.notes) EXPECT_EQ(n.find("lattice"), std::string::npos) << n;
    EXPECT_EQ(loaded.state.cells.size(), loaded.state.cells.cellCount());
    EXPECT_FALSE(loaded.state.hasStands());
}

// The cells a polygon gives under each rule, against the cells computed here.
TEST(VectorInputs, CentreAndAllTouchedRules) {
    test::SyntheticInputs in("vector");
    Grid grid;
    grid.crsWkt = in.crsWkt();
    grid.geotransform = {0, 10, 0, 100, 0, -10};
    grid.cols = grid.rows = 10;
    const fs::path path = in.dir / "one.gpkg";
    {
        PolygonWriter w(path, "one", grid.crsWkt);
        // x 12.5–32.5, y 47.5–67.5: centres inside are columns 2 and 3 (x 15, 25... 35 is out), rows 4 and 5.
        w.add(12.5, 47.5, 32.5, 67.5, [](OGRFeature& f) { f.SetField("age", 7.0); });
    }
    auto cellsOf = [&](RasterizeRule rule) {
        FeatureRaster r(path, "", rule, grid, "layer 'age'");
        std::set<std::pair<int, int>> cells;
        for (int row = 0; row < grid.rows; ++row)
            for (int col = 0; col < grid.cols; ++col)
                if (r.featureAt(static_cast<std::size_t>(row) * grid.cols + col) != FeatureRaster::kNoFeature)
                    cells.insert({col, row});
        return cells;
    };
    std::set<std::pair<int, int>> centre, touched;
    for (int row = 0; row < grid.rows; ++row)
        for (int col = 0; col < grid.cols; ++col) {
            const double cx = col * 10 + 5, cy = 100 - row * 10 - 5;
            if (cx > 12.5 && cx < 32.5 && cy > 47.5 && cy < 67.5) centre.insert({col, row});
            if (col * 10 < 32.5 && col * 10 + 10 > 12.5 && 100 - row * 10 > 47.5 && 90 - row * 10 < 67.5)
                touched.insert({col, row});
        }
    EXPECT_EQ(cellsOf(RasterizeRule::Centre), centre);
    EXPECT_EQ(cellsOf(RasterizeRule::AllTouched), touched);
    EXPECT_LT(centre.size(), touched.size());
}

TEST(VectorInputs, WhereFeaturesOverlapTheLargerFidHoldsTheCell) {
    test::SyntheticInputs in("vector");
    Grid grid;
    grid.crsWkt = in.crsWkt();
    grid.geotransform = {0, 10, 0, 100, 0, -10};
    grid.cols = grid.rows = 10;
    const fs::path path = in.dir / "overlap.gpkg";
    int64_t first = 0, second = 0;
    {
        PolygonWriter w(path, "overlap", grid.crsWkt);
        first = w.add(0, 50, 60, 100, [](OGRFeature&) {});
        second = w.add(30, 0, 100, 70, [](OGRFeature&) {});
    }
    const FeatureRaster r(path, "overlap", RasterizeRule::Centre, grid, "layer 'age'");
    EXPECT_EQ(r.fid(r.featureAt(0)), first);                      // column 0, row 0: the first only
    EXPECT_EQ(r.fid(r.featureAt(3 * 10 + 4)), std::max(first, second));  // column 4, row 3: both
    EXPECT_EQ(r.fid(r.featureAt(9 * 10 + 9)), second);            // column 9, row 9: the second only
}

TEST(VectorInputs, BadAttributeValueNamesTheFeature) {
    test::SyntheticInputs in("vector");
    in.write();
    const std::size_t bad = in.index(5, 3);  // a forest cell
    const auto fids = writeCellPolygons(in, in.dir / "stands.gpkg", "", [&](OGRFeature& f, std::size_t i) {
        if (i == bad) f.SetField("age", -3.0);
    });
    useVectorLayers(in, "stands.gpkg");
    expectAll(loadError(in.scenarioPath()),
              {(in.dir / "stands.gpkg").string() + ", layer stands, feature " + std::to_string(fids.at(bad)) +
                   ": field age (layer 'age', grid cell (column 5, row 3)): age -3 is not allowed; allowed: 0 to 5000 "
                   "years (or null)"});
}

// On a lattice (the default rule on a grid as coarse as the polygons) the
// message names the feature and the lattice cell's centre, which lies in it.
TEST(VectorInputs, ABadValueReadOnALatticeNamesTheFeatureAndWhereItIs) {
    test::SyntheticInputs in("vector");
    in.write();
    const std::size_t bad = in.index(5, 3);  // a forest cell
    const auto fids = writeCellPolygons(in, in.dir / "stands.gpkg", "", [&](OGRFeature& f, std::size_t i) {
        if (i == bad) f.SetField("age", -3.0);
    });
    useVectorLayers(in, "stands.gpkg", "");
    const std::string error = loadError(in.scenarioPath());
    const std::regex place(", feature " + std::to_string(fids.at(bad)) +
                           R"(: field age \(layer 'age', lattice cell \(column \d+, row \d+; x ([-0-9.e+]+), y ([-0-9.e+]+)\)\): age -3 is not allowed)");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(error, m, place)) << error;
    const double x = std::stod(m[1]), y = std::stod(m[2]);
    EXPECT_GT(x, in.originX + 5 * in.cellSize);
    EXPECT_LT(x, in.originX + 6 * in.cellSize);
    EXPECT_LT(y, in.originY - 3 * in.cellSize);
    EXPECT_GT(y, in.originY - 4 * in.cellSize);
}

TEST(VectorInputs, TextThatIsNotANumberNamesTheFeature) {
    test::SyntheticInputs in("vector");
    in.write();
    const std::size_t bad = in.index(2, 1);
    const auto fids = writeCellPolygons(in, in.dir / "stands.gpkg", "", [&](OGRFeature& f, std::size_t i) {
        f.SetField("species_text", std::to_string(in.species[i]).c_str());
        if (i == bad) f.SetField("species_text", "马尾松");
    });
    useVectorLayers(in, "stands.gpkg");
    replaceAll(in, "field = \"species\"", "field = \"species_text\"");
    expectAll(loadError(in.scenarioPath()),
              {"layer stands, feature " + std::to_string(fids.at(bad)) +
               ": field species_text = '马尾松' is not a number; allowed: numeric codes of the species table"});
}

TEST(VectorInputs, FractionalCodeNamesTheFeature) {
    // Codes in a text field are read as numbers: "1.5" is not a whole code.
    test::SyntheticInputs in("vector");
    in.write();
    const std::size_t bad = in.index(3, 2);  // a forest cell
    const auto fids = writeCellPolygons(in, in.dir / "stands.gpkg", "", [&](OGRFeature& f, std::size_t i) {
        f.SetField("species_text", std::to_string(in.species[i]).c_str());
        if (i == bad) f.SetField("species_text", "1.5");
    });
    useVectorLayers(in, "stands.gpkg");
    replaceAll(in, "field = \"species\"", "field = \"species_text\"");
    expectAll(loadError(in.scenarioPath()),
              {"layer stands, feature " + std::to_string(fids.at(bad)) +
               ": field species_text (layer 'species', grid cell (column 3, row 2)): species code 1.5 is not a whole "
               "number; a class field must hold whole codes or null"});
}

TEST(VectorInputs, MissingFieldNamesTheFieldsThatExist) {
    test::SyntheticInputs in("vector");
    in.write();
    writeCellPolygons(in, in.dir / "stands.gpkg");
    useVectorLayers(in, "stands.gpkg");
    replaceAll(in, "field = \"age\"", "field = \"agee\"");
    expectAll(loadError(in.scenarioPath()),
              {"stands.gpkg, layer stands: layer 'age': no field 'agee' (did you mean 'age'?); fields: land_class, "
               "species, site, region, region_name, age, volume, species_text"});
}

TEST(VectorInputs, UnmappedClassCodeNamesTheFeature) {
    test::SyntheticInputs in("vector");
    in.write();
    const std::size_t bad = in.index(7, 2);
    const auto fids = writeCellPolygons(in, in.dir / "stands.gpkg", "", [&](OGRFeature& f, std::size_t i) {
        if (i == bad) f.SetField("land_class", 9);
    });
    useVectorLayers(in, "stands.gpkg");
    expectAll(loadError(in.scenarioPath()),
              {"layer stands, feature " + std::to_string(fids.at(bad)) +
               ": field land_class (layer 'land_class', grid cell (column 7, row 2)): land class code 9 is not mapped"});
}

TEST(VectorInputs, RegionsFromPolygonsWithANameField) {
    test::SyntheticInputs in("vector");
    in.write();
    const LoadedState fromRasters = load(in.scenarioPath());
    writeCellPolygons(in, in.dir / "stands.gpkg");
    useVectorLayers(in, "stands.gpkg", kOnePolygonPerCell, "region_name");
    const LoadedState fromPolygons = load(in.scenarioPath());
    auto nameOf = [](const CellState& s, std::size_t cell) {
        for (const auto& r : s.regions)
            if (r.id == s.region[cell]) return r.name;
        return std::string("?");
    };
    std::set<std::string> names;
    for (const auto& r : fromPolygons.state.regions) names.insert(r.name);
    EXPECT_EQ(names, (std::set<std::string>{"West zone", "East zone"}));
    // State entries are study cells (the same ones: one land-class layer), not grid cells.
    ASSERT_EQ(fromPolygons.state.cellCount(), fromRasters.state.cellCount());
    for (std::size_t i = 0; i < fromRasters.state.cellCount(); ++i)
        if (fromRasters.state.landClass[i] != LandClass::Outside)
            EXPECT_EQ(nameOf(fromPolygons.state, i), nameOf(fromRasters.state, i)) << "cell " << i;
}

TEST(VectorInputs, RasterLayerGivenAVectorSourceSaysToNameAField) {
    test::SyntheticInputs in("vector");
    in.write();
    writeCellPolygons(in, in.dir / "stands.gpkg");
    replaceAll(in, "path = \"age.tif\"", "path = \"stands.gpkg\"");
    expectAll(loadError(in.scenarioPath()), {"stands.gpkg: layer 'age' is a vector source; give 'field = \"…\"'"});
}

TEST(VectorInputs, UnknownRuleAndLayerAreRefused) {
    test::SyntheticInputs in("vector");
    in.write();
    writeCellPolygons(in, in.dir / "stands.gpkg");
    useVectorLayers(in, "stands.gpkg", "rasterize = \"majority\"");
    expectAll(loadError(in.scenarioPath()), {"'layers.land_class.rasterize' = 'majority' is not a rule; allowed: "
                                             "\"stands\" (the default: a grid coarser than the land class's "
                                             "polygons keeps the stands of a finer lattice, otherwise as \"centre\"), "
                                             "\"centre\""});
    useVectorLayers(in, "stands.gpkg", "vector_layer = \"stand\"");
    expectAll(loadError(in.scenarioPath()), {"no layer 'stand' (did you mean 'stands'?); layers: stands"});
}

TEST(VectorInputs, GridLikeAVectorLayer) {
    test::SyntheticInputs in("vector");
    in.write();
    const LoadedState fromRasters = load(in.scenarioPath());
    writeCellPolygons(in, in.dir / "stands.gpkg");
    useVectorLayers(in, "stands.gpkg");
    // The polygons cover columns 1–11 (column 0 is outside): the grid starts one cell in.
    std::string text = readText(in.scenarioPath());
    text = std::regex_replace(text, std::regex(R"(origin = \[[^\]]*\]\n)"), "like = \"land_class\"\n");
    text = std::regex_replace(text, std::regex(R"(size = \[[^\]]*\]\n)"), "");
    std::ofstream(in.scenarioPath()) << text;
    const LoadedState fromPolygons = load(in.scenarioPath());
    EXPECT_EQ(fromPolygons.state.grid.cols, in.cols - 1);
    EXPECT_EQ(fromPolygons.state.grid.minX(), in.originX + in.cellSize);
    EXPECT_EQ(fromPolygons.state.volume[fromPolygons.state.cells.find(0, 0).value()],
              fromRasters.state.volume[fromRasters.state.cells.find(0, 1).value()]);
}

// Batches and baselines share a loaded state between scenarios with the same
// inputs: one GeoPackage read through another field is another input.
TEST(VectorInputs, AnotherFieldOfTheSameFileIsAnotherInput) {
    test::SyntheticInputs in("vector");
    in.write();
    writeCellPolygons(in, in.dir / "stands.gpkg");
    useVectorLayers(in, "stands.gpkg");
    const Scenario a = loadScenario(in.scenarioPath(), programmeKinds());
    replaceAll(in, "field = \"age\"", "field = \"volume\"");
    const Scenario b = loadScenario(in.scenarioPath(), programmeKinds());
    EXPECT_EQ(a.age.path, b.age.path);
    EXPECT_NE(a.age.inputIdentity(), b.age.inputIdentity());
    EXPECT_EQ(a.volume.inputIdentity(), b.volume.inputIdentity());
}

// Any source OGR reads: the cell polygons as a Shapefile and as FlatGeobuf
// (converted by GDALVectorTranslate) give the GeoPackage's state.
TEST(VectorInputs, ShapefileAndFlatGeobufGiveTheSameState) {
    test::SyntheticInputs in("vector");
    in.write();
    writeCellPolygons(in, in.dir / "stands.gpkg");
    useVectorLayers(in, "stands.gpkg");
    const LoadedState fromGpkg = load(in.scenarioPath());
    GDALDatasetUniquePtr source(GDALDataset::Open((in.dir / "stands.gpkg").c_str(), GDAL_OF_VECTOR));
    for (const auto& [format, file] : {std::pair{"ESRI Shapefile", "stands.shp"}, std::pair{"FlatGeobuf", "stands.fgb"}}) {
        CPLStringList args;
        args.AddString("-f");
        args.AddString(format);
        std::unique_ptr<GDALVectorTranslateOptions, decltype(&GDALVectorTranslateOptionsFree)> options(
            GDALVectorTranslateOptionsNew(args.List(), nullptr), GDALVectorTranslateOptionsFree);
        GDALDatasetH src = GDALDataset::ToHandle(source.get());
        GDALClose(GDALVectorTranslate((in.dir / file).c_str(), nullptr, 1, &src, options.get(), nullptr));
        useVectorLayers(in, file);
        expectSameState(fromGpkg.state, load(in.scenarioPath()).state);
    }
}

// The shipped sub-compartment scenario: each cell's land class is that of the
// polygon containing its centre (found here with OGR, independently of the
// rasteriser), and the forest area of the run's first year is the forest
// polygons' area (Albers is equal-area) within 1 %.
TEST(VectorInputs, ShippedSubCompartmentScenario) {
    const fs::path scenario = test::sourceDir() / "scenarios" / "yunnan-xiaoban.toml";
    const LoadedState loaded = load(scenario);
    const CellState& state = loaded.state;
    initGdal();
    GDALDatasetUniquePtr ds(GDALDataset::Open(
        (test::sourceDir() / "data" / "yunnan-xiaoban" / "subcompartments.gpkg").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayerByName("xiaoban");
    ASSERT_NE(layer, nullptr);
    OGRSpatialReference gridSrs = state.grid.spatialReference();
    std::unique_ptr<OGRCoordinateTransformation> toLayer(
        OGRCreateCoordinateTransformation(&gridSrs, layer->GetSpatialRef()));
    std::size_t checked = 0, forestCells = 0;
    for (int row = 0; row < state.grid.rows; ++row)
        for (int col = 0; col < state.grid.cols; ++col) {
            OGRPoint centre(state.grid.centreX(col), state.grid.centreY(row));
            ASSERT_EQ(centre.transform(toLayer.get()), OGRERR_NONE);
            layer->SetSpatialFilter(&centre);
            int landClass = 0;  // outside every polygon: outside the study area
            for (auto& f : *layer)
                if (f->GetGeometryRef()->Contains(&centre)) landClass = f->GetFieldAsInteger("land_class");
            const LandClass expected = landClass == 0   ? LandClass::Outside
                                       : landClass == 1 ? LandClass::Forest
                                       : landClass == 2 ? LandClass::SparseForest
                                       : landClass == 3 ? LandClass::Shrubland
                                       : landClass == 4 ? LandClass::Barren
                                       : landClass == 9 ? LandClass::Bamboo
                                       : landClass == 10 ? LandClass::SpecialShrubland
                                       : landClass == 11 ? LandClass::UnclosedPlantation
                                                        : LandClass::NonForest;
            const auto entry = state.cells.find(row, col);  // none outside the study area
            ASSERT_EQ(entry ? state.landClass[*entry] : LandClass::Outside, expected)
                << "column " << col << ", row " << row;
            ++checked, forestCells += expected == LandClass::Forest;
        }
    EXPECT_EQ(checked, state.grid.cellCount());
    layer->SetSpatialFilter(nullptr);
    layer->SetAttributeFilter("land_class IN (1, 9, 10)");  // forest area: tree forest, bamboo, special shrubland
    double forestPolygonsHa = 0;
    for (auto& f : *layer) forestPolygonsHa += f->GetGeometryRef()->toPolygon()->get_Area() / 1e4;
    const RunResult r = run(scenario, test::freshDir("xiaoban-out"));
    EXPECT_NEAR(r.years.front().totals.province[kForestAreaHa], forestPolygonsHa, 0.01 * forestPolygonsHa);
    std::set<std::string> regions;
    for (const auto& region : state.regions) regions.insert(region.name);
    EXPECT_EQ(regions, (std::set<std::string>{"Demo zone 04 (synthetic; not a real prefecture)",
                                              "Demo zone 10 (synthetic; not a real prefecture)"}));
    EXPECT_GT(forestCells, 0u);
}

}  // namespace
}  // namespace forestsink
