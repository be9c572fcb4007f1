#include "SubCompartments.h"

#include "common/CsvFile.h"
#include "common/Error.h"
#include "raster/Gdal.h"
#include "raster/Grid.h"

#include <cpl_conv.h>
#include <fmt/format.h>
#include <gdal_alg.h>
#include <ogrsf_frmts.h>

#include <array>
#include <cmath>
#include <map>
#include <vector>

namespace forestsink::demo {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxStandCells = 4;  // 4 km² at most: a large sub-compartment, a few hundred in the window

std::vector<double> readWindow(const fs::path& path, const Window& w) {
    auto ds = openRaster(path, "demo layer");
    std::vector<double> v(static_cast<std::size_t>(w.cols) * w.rows);
    GDALRasterBand* band = ds->GetRasterBand(1);
    if (w.col < 0 || w.row < 0 || w.col + w.cols > ds->GetRasterXSize() || w.row + w.rows > ds->GetRasterYSize() ||
        band->RasterIO(GF_Read, w.col, w.row, w.cols, w.rows, v.data(), w.cols, w.rows, GDT_Float64, 0, 0,
                       nullptr) != CE_None)
        throw Error(fmt::format("{}: cannot read the window {},{} {}×{}", path.string(), w.col, w.row, w.cols, w.rows));
    return v;
}

struct Layers {
    std::vector<double> landClass, species, site, category, region, age, volume;
};

// Stand ids 1…N: cells in row-major order each start a stand unless taken,
// which grows breadth-first (up, left, right, down) over cells with the same
// key until it holds kMaxStandCells.
std::vector<int32_t> standIds(const Layers& l, int cols, int rows, int* count) {
    auto key = [&](std::size_t i) {
        return std::array{l.landClass[i], l.species[i], l.site[i], l.category[i], l.region[i]};
    };
    std::vector<int32_t> id(l.landClass.size(), 0);
    int next = 0;
    for (std::size_t start = 0; start < id.size(); ++start) {
        if (id[start] != 0 || l.landClass[start] == 0) continue;
        id[start] = ++next;
        std::vector<std::size_t> stand = {start};
        for (std::size_t k = 0; k < stand.size() && stand.size() < kMaxStandCells; ++k) {
            const int c = static_cast<int>(stand[k] % cols), r = static_cast<int>(stand[k] / cols);
            for (auto [dc, dr] : {std::pair{0, -1}, std::pair{-1, 0}, std::pair{1, 0}, std::pair{0, 1}}) {
                const int nc = c + dc, nr = r + dr;
                if (nc < 0 || nr < 0 || nc >= cols || nr >= rows) continue;
                const std::size_t n = static_cast<std::size_t>(nr) * cols + nc;
                if (id[n] != 0 || key(n) != key(start) || stand.size() >= kMaxStandCells) continue;
                id[n] = next;
                stand.push_back(n);
            }
        }
    }
    *count = next;
    return id;
}

}  // namespace

void writeSubCompartments(const fs::path& dir, const Window& w, const fs::path& out) {
    initGdal();
    Layers l;
    l.landClass = readWindow(dir / "land_class.tif", w);
    l.species = readWindow(dir / "species.tif", w);
    l.site = readWindow(dir / "site_class.tif", w);
    l.category = readWindow(dir / "forest_category.tif", w);
    l.region = readWindow(dir / "region.tif", w);
    l.age = readWindow(dir / "age.tif", w);
    l.volume = readWindow(dir / "volume.tif", w);
    std::map<long, std::string> zoneName;
    const CsvFile regions(dir / "regions.csv", {"id", "name"}, "region names");
    for (const auto& r : regions.records()) zoneName[regions.integer(r, "id", 1, 65534)] = regions.text(r, "name");

    int count = 0;
    std::vector<int32_t> ids = standIds(l, w.cols, w.rows, &count);
    // Per stand: its cells' sums, for the means, and its first cell, for the classes.
    std::vector<double> ageSum(count + 1, 0), volumeSum(count + 1, 0);
    std::vector<int> cells(count + 1, 0);
    std::vector<std::size_t> first(count + 1, 0);
    for (std::size_t i = ids.size(); i-- > 0;)
        if (ids[i]) ageSum[ids[i]] += l.age[i], volumeSum[ids[i]] += l.volume[i], ++cells[ids[i]], first[ids[i]] = i;

    // The stand ids as a raster on the window, polygonised into the GeoPackage.
    auto source = openRaster(dir / "land_class.tif", "demo layer");
    Grid grid = gridOfDataset(*source, dir / "land_class.tif", "demo layer");
    grid.geotransform[0] += w.col * grid.cellWidth();
    grid.geotransform[3] -= w.row * grid.cellHeight();
    grid.cols = w.cols, grid.rows = w.rows;
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDatasetUniquePtr raster(mem->Create("", w.cols, w.rows, 1, GDT_Int32, nullptr));
    applyGrid(*raster, grid);
    GDALRasterBand* band = raster->GetRasterBand(1);
    band->SetNoDataValue(0);
    if (band->RasterIO(GF_Write, 0, 0, w.cols, w.rows, ids.data(), w.cols, w.rows, GDT_Int32, 0, 0, nullptr) != CE_None)
        throw Error("stand ids: " + lastGdalError());

    // A fixed date in the file's metadata, so that the file does not change from run to run.
    CPLSetConfigOption("OGR_CURRENT_DATE", "2007-12-31T00:00:00Z");
    fs::create_directories(out.parent_path());
    fs::remove(out);
    GDALDriver* gpkg = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDatasetUniquePtr ds(gpkg->Create(out.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw Error(fmt::format("{}: cannot create ({})", out.string(), lastGdalError()));
    OGRSpatialReference srs = grid.spatialReference();
    OGRLayer* layer = ds->CreateLayer("xiaoban", &srs, wkbPolygon, nullptr);
    const std::vector<std::pair<const char*, OGRFieldType>> fields = {
        {"stand", OFTInteger}, {"xiaoban_no", OFTString}, {"land_class", OFTInteger}, {"species", OFTInteger},
        {"age", OFTInteger}, {"volume_ha", OFTReal}, {"site_class", OFTInteger}, {"forest_cat", OFTInteger},
        {"zone", OFTString}, {"area_ha", OFTReal}};
    for (const auto& [name, type] : fields) {
        OGRFieldDefn f(name, type);
        if (layer->CreateField(&f) != OGRERR_NONE)
            throw Error(fmt::format("{}: cannot create field {} ({})", out.string(), name, lastGdalError()));
    }
    ds->StartTransaction();
    if (GDALPolygonize(band, band->GetMaskBand(), layer, 0, nullptr, nullptr, nullptr) != CE_None)
        throw Error(fmt::format("{}: polygonising the stands failed ({})", out.string(), lastGdalError()));
    std::vector<GIntBig> fids;
    for (auto& f : *layer) fids.push_back(f->GetFID());
    for (GIntBig fid : fids) {
        std::unique_ptr<OGRFeature> f(layer->GetFeature(fid));
        const int s = f->GetFieldAsInteger("stand");
        const std::size_t i = first[s];
        const bool trees = l.landClass[i] == 1 || l.landClass[i] == 2;
        f->SetField("xiaoban_no", fmt::format("{:04d}", s).c_str());
        f->SetField("land_class", static_cast<int>(l.landClass[i]));
        if (trees) {
            f->SetField("species", static_cast<int>(l.species[i]));
            f->SetField("site_class", static_cast<int>(l.site[i]));
            f->SetField("forest_cat", static_cast<int>(l.category[i]));
        }
        // Inventories give whole years and volume to 0.1 m³/ha.
        f->SetField("age", static_cast<int>(std::lround(ageSum[s] / cells[s])));
        f->SetField("volume_ha", std::round(volumeSum[s] / cells[s] * 10) / 10);
        f->SetField("zone", zoneName.count(static_cast<long>(l.region[i])) ? zoneName[static_cast<long>(l.region[i])].c_str()
                                                                            : "");
        f->SetField("area_ha", cells[s] * grid.cellWidth() * grid.cellHeight() / 1e4);
        if (layer->SetFeature(f.get()) != OGRERR_NONE)
            throw Error(fmt::format("{}: writing sub-compartment {} failed ({})", out.string(), s, lastGdalError()));
    }
    if (ds->CommitTransaction() != OGRERR_NONE)
        throw Error(fmt::format("{}: committing the sub-compartments failed ({})", out.string(), lastGdalError()));
    ds.reset();
    CPLSetConfigOption("OGR_CURRENT_DATE", nullptr);
    fmt::print("{}: {} sub-compartments in layer xiaoban ({} × {} cells of {:g} m from column {}, row {} of {})\n",
               out.string(), fids.size(), w.cols, w.rows, grid.cellWidth(), w.col, w.row, dir.string());
}

}  // namespace forestsink::demo
