#include "raster/AlignedLayer.h"

#include "common/Error.h"
#include "raster/Gdal.h"

#include <fmt/format.h>
#include <cpl_string.h>
#include <gdal_utils.h>

#include <memory>
#include <vector>

namespace forestsink {
namespace {

struct WarpOptionsDeleter {
    void operator()(GDALWarpAppOptions* o) const { GDALWarpAppOptionsFree(o); }
};

std::string describeDifference(const Grid& layer, const Grid& grid) {
    std::vector<std::string> parts;
    const OGRSpatialReference a = layer.spatialReference();
    const OGRSpatialReference b = grid.spatialReference();
    if (!a.IsSame(&b)) parts.push_back(fmt::format("CRS {} → {}", crsName(a), crsName(b)));
    if (layer.cellWidth() != grid.cellWidth() || layer.cellHeight() != grid.cellHeight())
        parts.push_back(fmt::format("cell {:g} × {:g} → {:g} × {:g}", layer.cellWidth(), layer.cellHeight(),
                                    grid.cellWidth(), grid.cellHeight()));
    if (parts.empty()) parts.push_back("extent or origin differ");
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
    return out;
}

}  // namespace

AlignedLayer::AlignedLayer(const LayerSource& source, const Grid& grid)
    : source_(source), grid_(grid), dataset_(openRaster(source.path, "layer '" + source.name + "'")) {
    const Grid layerGrid = gridOfDataset(*dataset_, source.path, "layer '" + source.name + "'");
    GDALDataset* readFrom = dataset_.get();
    if (!layerGrid.sameAs(grid)) {
        const char* method = source.resampling == Resampling::Nearest ? "near" : "average";
        std::vector<std::string> args = {
            "-of", "VRT", "-t_srs", grid.crsWkt,
            "-te", fmt::format("{:.17g}", grid.minX()), fmt::format("{:.17g}", grid.minY()),
            fmt::format("{:.17g}", grid.maxX()), fmt::format("{:.17g}", grid.maxY()),
            "-ts", std::to_string(grid.cols), std::to_string(grid.rows), "-r", method,
            // Exact transformation of every cell (no linear approximation), so a class
            // layer lands on the grid without edge cells taking a neighbour's value.
            "-et", "0"};
        CPLStringList argv;
        for (const auto& a : args) argv.AddString(a.c_str());
        std::unique_ptr<GDALWarpAppOptions, WarpOptionsDeleter> options(GDALWarpAppOptionsNew(argv.List(), nullptr));
        GDALDatasetH src = GDALDataset::ToHandle(dataset_.get());
        int usageError = 0;
        CPLErrorReset();
        warped_.reset(GDALDataset::FromHandle(GDALWarp("", nullptr, 1, &src, options.get(), &usageError)));
        if (!warped_)
            throw Error(fmt::format("{}: layer '{}' cannot be aligned to the grid ({})", source.path.string(),
                                    source.name, lastGdalError()));
        readFrom = warped_.get();
        note_ = fmt::format("layer '{}' ({}): {}; aligned to the grid with GDAL's warper, {} resampling",
                            source.name, source.path.string(), describeDifference(layerGrid, grid),
                            source.resampling == Resampling::Nearest ? "nearest-neighbour" : "average");
    }
    band_ = readFrom->GetRasterBand(1);
    int hasNodata = 0;
    const double nd = band_->GetNoDataValue(&hasNodata);
    if (hasNodata) nodata_ = nd;
}

void AlignedLayer::readRows(int firstRow, int rowCount, GDALDataType type, void* buffer) {
    CPLErrorReset();
    if (band_->RasterIO(GF_Read, 0, firstRow, grid_.cols, rowCount, buffer, grid_.cols, rowCount, type, 0, 0,
                        nullptr) != CE_None)
        throw Error(fmt::format("{}: reading rows {}–{} of layer '{}' failed: {}", source_.path.string(),
                                firstRow, firstRow + rowCount - 1, source_.name, lastGdalError()));
}

}  // namespace forestsink
