#include "app/GridCommand.h"

#include "common/Error.h"
#include "raster/CellArea.h"
#include "raster/Gdal.h"
#include "raster/Grid.h"

#include <fmt/format.h>

#include <cmath>
#include <vector>

namespace forestsink {
namespace {

// An authority code when PROJ knows one, else the WKT as a TOML literal string.
std::string crsText(const Grid& g) {
    OGRSpatialReference srs = g.spatialReference();
    if (!srs.GetAuthorityName(nullptr)) srs.AutoIdentifyEPSG();
    const char* name = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    if (name && code) return fmt::format("\"{}:{}\"", name, code);
    return "'''" + g.crsWkt + "'''";
}

std::string tomlString(const std::string& s) {
    std::string out = "\"";
    for (char c : s) out += c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c);
    return out + "\"";
}

struct DataArea {
    std::size_t pixels = 0;
    double ha = 0;
};

// The file's pixels that hold data (not nodata), and their true area.
DataArea dataArea(GDALDataset& ds, const Grid& g) {
    const CellAreas areas = cellAreasOf(g);
    GDALRasterBand* band = ds.GetRasterBand(1);
    int hasNodata = 0;
    const double nodata = band->GetNoDataValue(&hasNodata);
    std::vector<double> row(g.cols);
    DataArea d;
    for (int r = 0; r < g.rows; ++r) {
        if (band->RasterIO(GF_Read, 0, r, g.cols, 1, row.data(), g.cols, 1, GDT_Float64, 0, 0, nullptr) != CE_None)
            throw Error(fmt::format("reading row {} failed: {}", r, lastGdalError()));
        for (int c = 0; c < g.cols; ++c) {
            const double v = row[c];
            if (std::isnan(v) || (hasNodata && v == nodata)) continue;
            ++d.pixels, d.ha += areas.at(r, c);
        }
    }
    return d;
}

double gridAreaHa(const Grid& g) {
    const CellAreas areas = cellAreasOf(g);
    double ha = 0;
    for (int r = 0; r < g.rows; ++r)
        for (int c = 0; c < g.cols; ++c) ha += areas.at(r, c);
    return ha;
}

}  // namespace

void printGridBlock(const std::filesystem::path& file, const std::string& crs, double cellSize, std::ostream& out) {
    auto ds = openRaster(file, "raster");
    const Grid layer = gridOfDataset(*ds, file, "raster");
    Grid grid = layer;
    std::string crsLine = crsText(layer);
    if (!crs.empty() || cellSize > 0) {
        const std::string wkt = crs.empty() ? layer.crsWkt : crsWktOf(crs, "--crs");
        Grid probe;
        probe.crsWkt = wkt;
        if (cellSize <= 0 && probe.isGeographic() != layer.isGeographic())
            throw Error(fmt::format("{}: the file's cells are in {} and the CRS {} is in {}; give --cell-size",
                                    file.string(), layer.isGeographic() ? "degrees" : "metres", crs,
                                    probe.isGeographic() ? "degrees" : "metres"));
        const double size = cellSize > 0 ? cellSize : layer.cellWidth();
        grid = gridCovering(layer, wkt, size, size);
        if (!crs.empty()) crsLine = tomlString(crs);
    }
    const DataArea data = dataArea(*ds, layer);
    const double gridHa = gridAreaHa(grid);
    const double meanCellHa = gridHa / static_cast<double>(grid.cellCount());
    out << fmt::format("# {}: data on {} of its {} pixels, {:.1f} ha\n", file.string(), data.pixels,
                       layer.cellCount(), data.ha);
    out << fmt::format("# grid: {} = {} cells, {:.1f} ha; the data cover about {:.0f} of its cells\n", grid.describe(),
                       grid.cellCount(), gridHa, data.ha / meanCellHa);
    if (grid.sameAs(layer))
        out << "# (the file's own grid: `layer = \"<its layer name>\"` says the same without a warp)\n";
    out << "[grid]\n";
    out << "crs = " << crsLine << "\n";
    out << fmt::format("origin = [{:.17g}, {:.17g}]\n", grid.minX(), grid.maxY());
    out << fmt::format("cell_size = [{:.17g}, {:.17g}]\n", grid.cellWidth(), grid.cellHeight());
    out << fmt::format("size = [{}, {}]\n", grid.cols, grid.rows);
}

}  // namespace forestsink
