// The committed Yunnan demo data: calibrated to the plan's 2007 figures,
// checked here from the rasters themselves, and exactly what the generator
// makes from its seed.
#include "SyntheticInputs.h"

#include <fmt/format.h>

#include "raster/Gdal.h"
#include "species/SpeciesTable.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <ogrsf_frmts.h>
#include <map>
#include <set>

namespace forestsink {
namespace {

namespace fs = std::filesystem;

const fs::path kDemo = test::sourceDir() / "data" / "yunnan-1km";
const char* const kLayers[] = {"land_class.tif", "species.tif", "age.tif", "volume.tif",
                               "site_class.tif", "region.tif",  "elevation.tif", "forest_category.tif"};

struct Figures {
    double forestHa = 0, barrenHa = 0, sparseHa = 0, shrubHa = 0, stockM3 = 0, lowYieldHa = 0, youngMiddleHa = 0;
    // Forest area = tree forest + bamboo + special shrubland (codes 1, 9, 10); un-closed plantations: 11.
    double treeForestHa = 0, bambooHa = 0, specialShrubHa = 0, unclosedHa = 0, landHa = 0;
    std::map<int, double> regionHa;
};

Figures figuresOf(const fs::path& dir, double cellHa) {
    const SpeciesTable species = SpeciesTable::load(test::sourceDir() / "species" / "yunnan-species.csv");
    const auto lc = test::readRaster(dir / "land_class.tif");
    const auto sp = test::readRaster(dir / "species.tif");
    const auto age = test::readRaster(dir / "age.tif");
    const auto vol = test::readRaster(dir / "volume.tif");
    const auto site = test::readRaster(dir / "site_class.tif");
    const auto region = test::readRaster(dir / "region.tif");
    Figures f;
    std::map<std::pair<int, int>, std::pair<double, int>> mean;  // (species, site) → (sum V, cells)
    for (std::size_t i = 0; i < lc.size(); ++i) {
        if (lc[i] == 0) continue;
        f.regionHa[static_cast<int>(region[i])] += cellHa;
        f.landHa += cellHa;
        if (lc[i] == 9) f.bambooHa += cellHa;
        if (lc[i] == 10) f.specialShrubHa += cellHa;
        if (lc[i] == 11) f.unclosedHa += cellHa;
        if (lc[i] == 1 || lc[i] == 9 || lc[i] == 10) f.forestHa += cellHa;
        if (lc[i] == 2) f.sparseHa += cellHa;
        if (lc[i] == 3) f.shrubHa += cellHa;
        if (lc[i] == 4) f.barrenHa += cellHa;
        if (lc[i] != 1) continue;
        f.treeForestHa += cellHa;
        f.stockM3 += vol[i] * cellHa;
        auto& m = mean[{static_cast<int>(sp[i]), static_cast<int>(site[i])}];
        m.first += vol[i], m.second += 1;
        const SpeciesGroup& g = species.group(*species.indexOfCode(static_cast<long>(sp[i])));
        if (age[i] <= g.ageClassMax[1]) f.youngMiddleHa += cellHa;  // young and middle-aged classes
    }
    for (std::size_t i = 0; i < lc.size(); ++i) {
        if (lc[i] != 1) continue;
        const auto& m = mean[{static_cast<int>(sp[i]), static_cast<int>(site[i])}];
        // LY/T 1690: stock below 0.7 of the mean of its type and site class.
        if (vol[i] < 0.7 * m.first / m.second) f.lowYieldHa += cellHa;
    }
    return f;
}

TEST(DemoData, MatchesThe2007FiguresOfTheYunnanPlan) {
    const Figures f = figuresOf(kDemo, 100.0);
    EXPECT_NEAR(f.forestHa, 18.18e6, 18.18e6 * 0.005);
    EXPECT_NEAR(f.stockM3, 1.554e9, 1.554e9 * 0.005);
    EXPECT_NEAR(f.barrenHa, 2.67e6, 2.67e6 * 0.005);
    // The forest area's parts (estimates, YunnanModel.cpp) and the un-closed plantations.
    EXPECT_NEAR(f.bambooHa, 0.33e6, 0.33e6 * 0.005);
    EXPECT_NEAR(f.specialShrubHa, 2.20e6, 2.20e6 * 0.005);
    EXPECT_DOUBLE_EQ(f.treeForestHa + f.bambooHa + f.specialShrubHa, f.forestHa);
    EXPECT_NEAR(f.unclosedHa, 0.845e6, 0.845e6 * 0.005);
    // Other shrubland 2.08 Mha, so that the plan's coverage comes out by both
    // definitions: 52.9 % by the pre-2003 standard (forest area + other
    // shrubland), 18.18 / 38.3 = 47.5 % by the current one.
    EXPECT_NEAR(f.shrubHa, 2.08e6, 2.08e6 * 0.005);
    EXPECT_NEAR(100 * (f.forestHa + f.shrubHa) / f.landHa, 52.9, 0.05);
    EXPECT_NEAR(100 * f.forestHa / f.landHa, 47.5, 0.05);
    // Forestry land 24.76 Mha = forest + sparse + other shrub + un-closed + barren.
    EXPECT_NEAR(f.forestHa + f.sparseHa + f.shrubHa + f.unclosedHa + f.barrenHa, 24.76e6, 24.76e6 * 0.005);
    EXPECT_GT(f.sparseHa, 0);
    // Enough low-yield stands for the plan's 4.0 Mha of improvement and young
    // and middle-aged stands for its 4.0 Mha of tending.
    EXPECT_GE(f.lowYieldHa, 4.0e6);
    EXPECT_GE(f.youngMiddleHa, 4.0e6);
    // 16 demo zones, none empty.
    EXPECT_EQ(f.regionHa.size(), 16u);
    for (const auto& [id, ha] : f.regionHa) EXPECT_GT(ha, 0.5e6) << "zone " << id;
}

// Every stand has a forest category; its origin follows its species type
// (data/README.md); public-welfare forest is about half the forest area.
TEST(DemoData, EveryStandHasAForestCategoryWhoseOriginFollowsItsSpecies) {
    const auto lc = test::readRaster(kDemo / "land_class.tif");
    const auto sp = test::readRaster(kDemo / "species.tif");
    const auto category = test::readRaster(kDemo / "forest_category.tif");
    const std::set<int> plantationSpecies = {2, 4, 5, 6, 11};  // Simao pine, Chinese fir, eucalyptus, Alnus, rubber
    double forest = 0, publicWelfare = 0;
    for (std::size_t i = 0; i < lc.size(); ++i) {
        const bool trees = lc[i] == 1 || lc[i] == 2;
        if (!trees) {
            ASSERT_EQ(category[i], 0) << "cell " << i;
            continue;
        }
        ASSERT_GE(category[i], 1) << "cell " << i;
        ASSERT_LE(category[i], 4) << "cell " << i;
        const bool planted = category[i] >= 3;
        ASSERT_EQ(planted, plantationSpecies.count(static_cast<int>(sp[i])) > 0) << "cell " << i;
        if (lc[i] != 1) continue;
        forest += 1;
        if (category[i] == 1 || category[i] == 3) publicWelfare += 1;
    }
    EXPECT_GT(publicWelfare / forest, 0.40);
    EXPECT_LT(publicWelfare / forest, 0.60);
}

TEST(DemoData, CommittedLayersAreExactlyWhatTheGeneratorMakes) {
    const fs::path out = test::freshDir("regenerated");
    const std::string cmd = fmt::format("{} --province yunnan --resolution 1000 --seed 2007 --out {} > /dev/null",
                                        MAKE_DEMO_EXE, out.string());
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    for (const char* layer : kLayers) {
        int c1 = 0, r1 = 0, c2 = 0, r2 = 0;
        const auto committed = test::readRaster(kDemo / layer, &c1, &r1);
        const auto fresh = test::readRaster(out / layer, &c2, &r2);
        EXPECT_EQ(c1, c2);
        EXPECT_EQ(r1, r2);
        EXPECT_TRUE(committed == fresh) << layer << " differs from the generator's output";
    }
}

TEST(DemoData, GeneratorCalibratesAtAnotherResolutionAndAnotherSeed) {
    const fs::path out = test::freshDir("5km");
    const std::string cmd = fmt::format("{} --province yunnan --resolution 5000 --seed 99 --out {} > /dev/null",
                                        MAKE_DEMO_EXE, out.string());
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    const Figures f = figuresOf(out, 2500.0);
    EXPECT_NEAR(f.forestHa, 18.18e6, 18.18e6 * 0.005);
    EXPECT_NEAR(f.bambooHa, 0.33e6, 0.33e6 * 0.05);  // 132 cells of 2,500 ha
    EXPECT_NEAR(f.specialShrubHa, 2.20e6, 2.20e6 * 0.02);
    EXPECT_NEAR(f.stockM3, 1.554e9, 1.554e9 * 0.005);
    EXPECT_NEAR(f.barrenHa, 2.67e6, 2.67e6 * 0.005);
    const Figures committed = figuresOf(kDemo, 100.0);
    EXPECT_NE(f.lowYieldHa, committed.lowYieldHa);  // another seed, another landscape
}

// The sub-compartments are made from the committed layers: regenerated byte for
// byte, and each polygon's land class and age are those of the cells under it.
TEST(DemoData, SubCompartmentsAreWhatTheGeneratorMakesFromTheLayers) {
    const fs::path committed = test::sourceDir() / "data" / "yunnan-xiaoban" / "subcompartments.gpkg";
    const fs::path fresh = test::freshDir("xiaoban") / "subcompartments.gpkg";
    const std::string cmd = fmt::format("{} --subcompartments {} --from {} > /dev/null", MAKE_DEMO_EXE, fresh.string(),
                                        kDemo.string());
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    auto bytes = [](const fs::path& p) {
        std::ifstream f(p, std::ios::binary);
        return std::string((std::istreambuf_iterator<char>(f)), {});
    };
    EXPECT_TRUE(bytes(committed) == bytes(fresh)) << "the committed GeoPackage differs from the generator's output";

    int cols = 0, rows = 0;
    const auto landClass = test::readRaster(kDemo / "land_class.tif", &cols, &rows);
    const auto age = test::readRaster(kDemo / "age.tif");
    auto raster = openRaster(kDemo / "land_class.tif", "demo");
    double gt[6];
    raster->GetGeoTransform(gt);
    GDALDatasetUniquePtr ds(GDALDataset::Open(committed.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    std::size_t features = 0;
    for (auto& f : *ds->GetLayerByName("xiaoban")) {
        ++features;
        const OGRGeometry* g = f->GetGeometryRef();
        OGREnvelope e;
        g->getEnvelope(&e);
        double ageSum = 0;
        int cells = 0;
        for (int row = static_cast<int>((gt[3] - e.MaxY) / 1000); row < (gt[3] - e.MinY) / 1000; ++row)
            for (int col = static_cast<int>((e.MinX - gt[0]) / 1000); col < (e.MaxX - gt[0]) / 1000; ++col) {
                OGRPoint centre(gt[0] + (col + 0.5) * 1000, gt[3] - (row + 0.5) * 1000);
                if (!g->Contains(&centre)) continue;
                const std::size_t i = static_cast<std::size_t>(row) * cols + col;
                EXPECT_EQ(landClass[i], f->GetFieldAsInteger("land_class")) << "feature " << f->GetFID();
                ageSum += age[i], ++cells;
            }
        EXPECT_EQ(cells * 100.0, f->GetFieldAsDouble("area_ha")) << "feature " << f->GetFID();
        EXPECT_NEAR(g->toPolygon()->get_Area() / 1e4, f->GetFieldAsDouble("area_ha"), 1e-6);
        EXPECT_EQ(std::lround(ageSum / cells), f->GetFieldAsInteger("age")) << "feature " << f->GetFID();
    }
    EXPECT_GE(features, 200u);
}

}  // namespace
}  // namespace forestsink
