#include "SyntheticInputs.h"

#include "raster/Gdal.h"
#include "raster/Grid.h"

#include <fmt/format.h>
#include <fmt/os.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace forestsink::test {

namespace fs = std::filesystem;

fs::path sourceDir() { return FORESTSINK_SOURCE_DIR; }

fs::path freshDir(const std::string& name) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const fs::path dir = fs::path(FORESTSINK_TEST_TMP) /
                         (info ? fmt::format("{}.{}", info->test_suite_name(), info->name()) : std::string("x")) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

SyntheticInputs::SyntheticInputs(const std::string& name) : dir(freshDir(name)) {
    const std::size_t n = static_cast<std::size_t>(cols) * rows;
    landClass.assign(n, 1);
    species.assign(n, 1);
    site.assign(n, 2);
    region.assign(n, 1);
    age.assign(n, 20);
    volume.assign(n, 80);
    for (int row = 0; row < rows; ++row)
        for (int col = 0; col < cols; ++col) {
            const std::size_t i = index(col, row);
            region[i] = col < cols / 2 ? 1 : 2;
            species[i] = 1 + (col + row) % 11;      // every shipped species
            site[i] = 1 + row % 3;
            age[i] = static_cast<float>(1 + (col * 7 + row * 3) % 60);
            volume[i] = static_cast<float>(10 + (col * 13 + row * 5) % 150);
            if (col == 0) landClass[i] = 0;          // outside the study area
            else if (row == rows - 1) landClass[i] = 4;  // barren
            else if (row == rows - 2) landClass[i] = 2;  // sparse forest
            else if (col == cols - 1) landClass[i] = 5;  // farmland
        }
    for (std::size_t i = 0; i < n; ++i)
        if (landClass[i] != 1 && landClass[i] != 2) species[i] = 0, age[i] = 0, volume[i] = 0;
}

std::string SyntheticInputs::crsWkt() const {
    OGRSpatialReference srs;
    srs.SetFromUserInput("+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +ellps=GRS80 +units=m +no_defs");
    char* wkt = nullptr;
    srs.exportToWkt(&wkt);
    std::string out = wkt;
    CPLFree(wkt);
    return out;
}

fs::path SyntheticInputs::write() const {
    initGdal();
    Grid grid;
    grid.crsWkt = crsWkt();
    grid.geotransform = {originX, cellSize, 0, originY, 0, -cellSize};
    grid.cols = cols;
    grid.rows = rows;
    auto write = [&](const char* file, GDALDataType type, const auto& values, double nodata, bool crs = true) {
        std::vector<double> data(values.begin(), values.end());
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
        GDALDatasetUniquePtr ds(driver->Create((dir / file).c_str(), cols, rows, 1, type, nullptr));
        std::array<double, 6> gt = grid.geotransform;
        ds->SetGeoTransform(gt.data());
        if (crs) {
            OGRSpatialReference srs = grid.spatialReference();
            ds->SetSpatialRef(&srs);
        }
        ds->GetRasterBand(1)->SetNoDataValue(nodata);
        if (ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, cols, rows, data.data(), cols, rows, GDT_Float64, 0, 0,
                                           nullptr) != CE_None)
            throw std::runtime_error("test data write failed");
    };
    write("land_class.tif", GDT_Byte, landClass, 0);
    write("species.tif", GDT_Byte, species, 255);
    write("site_class.tif", GDT_Byte, site, 0);
    write("region.tif", GDT_UInt16, region, 0);
    write("age.tif", GDT_Float32, age, -9999);
    write("volume.tif", GDT_Float32, volume, -9999, withCrs);
    {
        auto f = fmt::output_file((dir / "regions.csv").string());
        f.print("id,name\n1,West zone\n2,East zone\n");
    }
    auto f = fmt::output_file(scenarioPath().string());
    f.print(R"(name = "synthetic test province"
start_year = 2007
end_year = 2012
report_years = [2007, 2012]
seed = 7
species_table = "{}"
{}
[grid]
layer = "land_class"

[layers.land_class]
path = "land_class.tif"
codes = {{ forest = [1], sparse_forest = [2], shrubland = [3], barren = [4], non_forest = [5, 6, 7, 8] }}

[layers.species]
path = "species.tif"
[layers.age]
path = "age.tif"
[layers.volume]
path = "volume.tif"
[layers.site_class]
path = "site_class.tif"
codes = {{ good = [1], medium = [2], poor = [3] }}
[layers.region]
path = "region.tif"
names = "regions.csv"
)",
            (sourceDir() / "species" / "yunnan-species.csv").string(), extraScenarioLines);
    return scenarioPath();
}

std::vector<double> readRaster(const fs::path& path, int* cols, int* rows) {
    auto ds = openRaster(path, "test raster");
    const int c = ds->GetRasterXSize(), r = ds->GetRasterYSize();
    std::vector<double> out(static_cast<std::size_t>(c) * r);
    if (ds->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, c, r, out.data(), c, r, GDT_Float64, 0, 0, nullptr) != CE_None)
        throw std::runtime_error("read failed: " + path.string());
    if (cols) *cols = c;
    if (rows) *rows = r;
    return out;
}

std::vector<std::string> filesUnder(const fs::path& dir) {
    std::vector<std::string> out;
    if (!fs::exists(dir)) return out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) out.push_back(fs::relative(e.path(), dir).string());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace forestsink::test
