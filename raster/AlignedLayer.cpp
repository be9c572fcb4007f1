#include "raster/AlignedLayer.h"

#include "common/Error.h"
#include "raster/Gdal.h"

#include <fmt/format.h>
#include <cpl_string.h>
#include <gdal_utils.h>

#include <algorithm>
#include <cmath>
#include <limits>
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

std::string extentText(double minX, double minY, double maxX, double maxY, const OGRSpatialReference& srs) {
    return fmt::format("x {:.10g}–{:.10g}, y {:.10g}–{:.10g} in {}", minX, maxX, minY, maxY, crsName(srs));
}

// The extent of `g` in another CRS (its bounding box there, edges densified).
std::string extentIn(const Grid& g, const OGRSpatialReference& to) {
    const OGRSpatialReference from = g.spatialReference();
    std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&from, &to));
    double minX = 0, minY = 0, maxX = 0, maxY = 0;
    if (!t || !t->TransformBounds(g.minX(), g.minY(), g.maxX(), g.maxY(), &minX, &minY, &maxX, &maxY, 21))
        return "(not representable in " + crsName(to) + ")";
    return extentText(minX, minY, maxX, maxY, to);
}

std::string extentInBoth(const Grid& g, const Grid& other) {
    return fmt::format("{} ({})", extentText(g.minX(), g.minY(), g.maxX(), g.maxY(), g.spatialReference()),
                       extentIn(g, other.spatialReference()));
}

// Single-precision bounds, as a test on values read as Float32 compares them.
double asFloat(double v) { return static_cast<double>(static_cast<float>(v)); }

// A VRT over band 1 of `source` that reads 1 where its value lies in
// [min, max] and 0 elsewhere (nodata too: a complex source skips nodata
// pixels, which keep the band's 0). The lookup table interpolates between
// its points, so each bound sits next to the closest double outside it: no
// value between them exists in the file.
GDALDatasetUniquePtr passTestOf(GDALDataset& source, const std::filesystem::path& path, LayerSource::PassRange r) {
    // A bound left open (±1e300, beyond float) is the finite end of the line:
    // the table holds every value beyond its last point at that point's value.
    constexpr double lowest = std::numeric_limits<double>::lowest(), highest = std::numeric_limits<double>::max();
    const double min = std::max(asFloat(r.min), lowest), max = std::min(asFloat(r.max), highest);
    const double below = std::nextafter(min, -std::numeric_limits<double>::infinity());
    const double above = std::nextafter(max, std::numeric_limits<double>::infinity());
    std::string lut;
    if (min > lowest) lut += fmt::format("{:.17g}:0,", below);
    lut += fmt::format("{:.17g}:1", min);
    if (max != min) lut += fmt::format(",{:.17g}:1", max);
    if (max < highest) lut += fmt::format(",{:.17g}:0", above);
    double gt[6] = {0, 1, 0, 0, 0, 1};
    source.GetGeoTransform(gt);
    int hasNodata = 0;
    const double nodata = source.GetRasterBand(1)->GetNoDataValue(&hasNodata);
    auto escaped = [](const std::string& text) {
        char* e = CPLEscapeString(text.c_str(), -1, CPLES_XML);
        std::string out = e;
        CPLFree(e);
        return out;
    };
    const char* wkt = source.GetProjectionRef();
    const std::string xml = fmt::format(
        "<VRTDataset rasterXSize=\"{}\" rasterYSize=\"{}\"><SRS>{}</SRS>"
        "<GeoTransform>{:.17g},{:.17g},{:.17g},{:.17g},{:.17g},{:.17g}</GeoTransform>"
        "<VRTRasterBand dataType=\"Float32\" band=\"1\"><ComplexSource>"
        "<SourceFilename relativeToVRT=\"0\">{}</SourceFilename><SourceBand>1</SourceBand>{}<LUT>{}</LUT>"
        "</ComplexSource></VRTRasterBand></VRTDataset>",
        source.GetRasterXSize(), source.GetRasterYSize(), escaped(wkt ? wkt : ""), gt[0], gt[1], gt[2], gt[3], gt[4],
        gt[5], escaped(path.string()), hasNodata ? fmt::format("<NODATA>{:.17g}</NODATA>", nodata) : "", lut);
    CPLErrorReset();
    GDALDatasetUniquePtr vrt(GDALDataset::Open(xml.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!vrt)
        throw Error(fmt::format("{}: cannot test its cells against {:g}–{:g} ({})", path.string(), r.min, r.max,
                                lastGdalError()));
    return vrt;
}

}  // namespace

AlignedLayer::AlignedLayer(const LayerSource& source, const Grid& grid) : source_(source), grid_(grid) {
    if (source.vector) {
        nodata_ = std::numeric_limits<double>::quiet_NaN();  // no feature, or a null attribute
        layerGrid_ = source.vector->features->extent();
        return;
    }
    dataset_ = openRaster(source.path, "layer '" + source.name + "'");
    const Grid layerGrid = gridOfDataset(*dataset_, source.path, "layer '" + source.name + "'");
    layerGrid_ = layerGrid;
    GDALDataset* readFrom = dataset_.get();
    if (!layerGrid.sameAs(grid)) {
        const char* method = source.resampling == Resampling::Average || source.passing ? "average"
                             : source.resampling == Resampling::Min                        ? "min"
                             : source.resampling == Resampling::Max                        ? "max"
                                                                                           : "near";
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
        if (source.passing) passTest_ = passTestOf(*dataset_, source.path, *source.passing);
        GDALDatasetH src = GDALDataset::ToHandle(passTest_ ? passTest_.get() : dataset_.get());
        int usageError = 0;
        CPLErrorReset();
        warped_.reset(GDALDataset::FromHandle(GDALWarp("", nullptr, 1, &src, options.get(), &usageError)));
        if (!warped_)
            throw Error(fmt::format("{}: layer '{}' cannot be aligned to the grid ({})", source.path.string(),
                                    source.name, lastGdalError()));
        readFrom = warped_.get();
        mapFootprint(layerGrid);
        note_ = source.passing
                    ? fmt::format("layer '{}' ({}): {}; tested against {:g}–{:g} on its own cells, and each grid "
                                  "cell given the share of its area that passes (GDAL's warper, average resampling)",
                                  source.name, source.path.string(), describeDifference(layerGrid, grid),
                                  source.passing->min, source.passing->max)
                    : fmt::format("layer '{}' ({}): {}; aligned to the grid with GDAL's warper, {} resampling",
                                  source.name, source.path.string(), describeDifference(layerGrid, grid),
                                  source.resampling == Resampling::Nearest ? "nearest-neighbour" : "average");
    }
    band_ = readFrom->GetRasterBand(1);
    int hasNodata = 0;
    const double nd = band_->GetNoDataValue(&hasNodata);
    if (hasNodata && !source.passing) nodata_ = nd;  // a share has none
}

void AlignedLayer::readRows(int firstRow, int rowCount, GDALDataType type, void* buffer) {
    if (source_.vector) {
        const std::size_t first = static_cast<std::size_t>(firstRow) * grid_.cols;
        std::vector<double> values(static_cast<std::size_t>(rowCount) * grid_.cols);
        for (std::size_t i = 0; i < values.size(); ++i) values[i] = source_.vector->at(first + i);
        GDALCopyWords64(values.data(), GDT_Float64, sizeof(double), buffer, type, GDALGetDataTypeSizeBytes(type),
                        static_cast<GPtrDiff_t>(values.size()));
        return;
    }
    if (source_.passing && !passTest_) {  // on the file's own grid: the test, cell by cell
        readPassTest(firstRow, rowCount, type, buffer);
        return;
    }
    readBand(firstRow, rowCount, type, buffer);
}

void AlignedLayer::readBand(int firstRow, int rowCount, GDALDataType type, void* buffer) {
    CPLErrorReset();
    if (band_->RasterIO(GF_Read, 0, firstRow, grid_.cols, rowCount, buffer, grid_.cols, rowCount, type, 0, 0,
                        nullptr) != CE_None)
        throw Error(fmt::format("{}: reading rows {}–{} of layer '{}' failed: {}", source_.path.string(),
                                firstRow, firstRow + rowCount - 1, source_.name, lastGdalError()));
}

void AlignedLayer::readPassTest(int firstRow, int rowCount, GDALDataType type, void* buffer) {
    std::vector<float> values(static_cast<std::size_t>(rowCount) * grid_.cols);
    readBand(firstRow, rowCount, GDT_Float32, values.data());
    int hasNodata = 0;
    const double nd = band_->GetNoDataValue(&hasNodata);
    const float nodata = static_cast<float>(nd), min = static_cast<float>(source_.passing->min),
                max = static_cast<float>(source_.passing->max);
    for (float& v : values) v = (hasNodata && v == nodata) || !(v >= min && v <= max) ? 0.0f : 1.0f;
    GDALCopyWords64(values.data(), GDT_Float32, sizeof(float), buffer, type, GDALGetDataTypeSizeBytes(type),
                    static_cast<GPtrDiff_t>(values.size()));
}

}  // namespace forestsink

namespace forestsink {

// The file's extent, its edges cut into 64 pieces, carried into the grid's CRS:
// for each grid row, the columns whose centres lie between the outline's
// leftmost and rightmost crossings of the row's centre line.
void AlignedLayer::mapFootprint(const Grid& layerGrid) {
    const OGRSpatialReference fileSrs = layerGrid.spatialReference(), gridSrs = grid_.spatialReference();
    std::unique_ptr<OGRCoordinateTransformation> toGrid(OGRCreateCoordinateTransformation(&fileSrs, &gridSrs));
    gridToFile_.reset(OGRCreateCoordinateTransformation(&gridSrs, &fileSrs));
    coveredCols_.assign(grid_.rows, {0, -1});
    if (!toGrid || !gridToFile_) return;
    constexpr int kPerSide = 64;
    std::vector<double> xs, ys;
    const double x0 = layerGrid.minX(), x1 = layerGrid.maxX(), y0 = layerGrid.minY(), y1 = layerGrid.maxY();
    for (int i = 0; i < kPerSide; ++i) {
        const double t = static_cast<double>(i) / kPerSide;
        xs.push_back(x0 + t * (x1 - x0)), ys.push_back(y1);
        xs.push_back(x1), ys.push_back(y1 - t * (y1 - y0));
        xs.push_back(x1 - t * (x1 - x0)), ys.push_back(y0);
        xs.push_back(x0), ys.push_back(y0 + t * (y1 - y0));
    }
    // Back in boundary order: top, right, bottom, left.
    std::vector<double> bx, by;
    for (int side = 0; side < 4; ++side)
        for (int i = 0; i < kPerSide; ++i) bx.push_back(xs[i * 4 + side]), by.push_back(ys[i * 4 + side]);
    std::vector<int> ok(bx.size());
    toGrid->Transform(bx.size(), bx.data(), by.data(), nullptr, ok.data());
    std::vector<std::pair<double, double>> outline;
    for (std::size_t i = 0; i < bx.size(); ++i)
        if (ok[i] && std::isfinite(bx[i]) && std::isfinite(by[i])) outline.emplace_back(bx[i], by[i]);
    if (outline.size() < 3) return;
    for (int row = 0; row < grid_.rows; ++row) {
        const double y = grid_.centreY(row);
        double left = INFINITY, right = -INFINITY;
        for (std::size_t i = 0; i < outline.size(); ++i) {
            const auto [ax, ay] = outline[i];
            const auto [cx, cy] = outline[(i + 1) % outline.size()];
            if ((ay <= y) == (cy <= y)) continue;  // the edge does not cross the row's centre line
            const double x = ax + (y - ay) / (cy - ay) * (cx - ax);
            left = std::min(left, x), right = std::max(right, x);
        }
        if (!(left <= right)) continue;
        const double first = std::ceil((left - grid_.minX()) / grid_.cellWidth() - 0.5);
        const double last = std::floor((right - grid_.minX()) / grid_.cellWidth() - 0.5);
        coveredCols_[row] = {static_cast<int>(std::clamp(first, 0.0, static_cast<double>(grid_.cols))),
                             static_cast<int>(std::clamp(last, -1.0, static_cast<double>(grid_.cols - 1)))};
    }
}

std::size_t AlignedLayer::coveredCells() const {
    if (!warped_) return grid_.cellCount();
    std::size_t n = 0;
    for (const auto& [first, last] : coveredCols_)
        if (last >= first) n += static_cast<std::size_t>(last - first + 1);
    return n;
}

std::string AlignedLayer::extentInBothCrs() const { return extentInBoth(layerGrid_, grid_); }
std::string AlignedLayer::gridExtentInBothCrs() const { return extentInBoth(grid_, layerGrid_); }

double AlignedLayer::readPixel(int col, int row) const {
    double v = 0;
    GDALRasterBand* band = dataset_->GetRasterBand(1);
    if (band->RasterIO(GF_Read, col, row, 1, 1, &v, 1, 1, GDT_Float64, 0, 0, nullptr) != CE_None) return NAN;
    return v;
}

std::optional<SourcePixel> AlignedLayer::sourcePixel(int row, int col, const std::function<bool(double)>& isBad) const {
    if (source_.vector) return std::nullopt;  // a feature, not a pixel: see vector()
    const auto& gt = layerGrid_.geotransform;
    auto pixelOf = [&](double x, double y) -> std::optional<std::pair<int, int>> {
        if (gridToFile_ && !gridToFile_->Transform(1, &x, &y)) return std::nullopt;
        const double c = std::floor((x - gt[0]) / gt[1]), r = std::floor((y - gt[3]) / gt[5]);
        if (!(c >= 0 && r >= 0 && c < layerGrid_.cols && r < layerGrid_.rows)) return std::nullopt;
        return std::pair{static_cast<int>(c), static_cast<int>(r)};
    };
    auto pixel = [&](int c, int r) {
        return SourcePixel{c, r, gt[0] + (c + 0.5) * gt[1], gt[3] + (r + 0.5) * gt[5], readPixel(c, r)};
    };
    if (isBad && warped_) {
        // The file's pixels under the cell: the box around its corners' pixels
        // (corners taken a hair inside, so a shared edge does not bring in a neighbour).
        int c0 = layerGrid_.cols, c1 = -1, r0 = layerGrid_.rows, r1 = -1;
        for (double fx : {1e-3, 1 - 1e-3})
            for (double fy : {1e-3, 1 - 1e-3}) {
                double x = grid_.minX() + (col + fx) * grid_.cellWidth(), y = grid_.maxY() - (row + fy) * grid_.cellHeight();
                if (gridToFile_ && !gridToFile_->Transform(1, &x, &y)) continue;
                const int c = static_cast<int>(std::clamp(std::floor((x - gt[0]) / gt[1]), 0.0, layerGrid_.cols - 1.0));
                const int r = static_cast<int>(std::clamp(std::floor((y - gt[3]) / gt[5]), 0.0, layerGrid_.rows - 1.0));
                c0 = std::min(c0, c), c1 = std::max(c1, c), r0 = std::min(r0, r), r1 = std::max(r1, r);
            }
        for (int r = r0; r <= r1; ++r)
            for (int c = c0; c <= c1; ++c)
                if (isBad(readPixel(c, r))) return pixel(c, r);
    }
    const auto at = pixelOf(grid_.centreX(col), grid_.centreY(row));
    if (!at) return std::nullopt;
    return pixel(at->first, at->second);
}

}  // namespace forestsink
