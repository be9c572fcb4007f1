#include "raster/CentreToCell.h"

#include "common/Error.h"

#include <fmt/format.h>
#include <gdal_alg.h>
#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace forestsink {

namespace {

// GDAL's approximate transformer interpolates a row between exact points
// while the interpolation stays within this many grid cells of PROJ's exact
// position (1 m on 1 km cells): a centre nearer a cell edge than that may go
// to the neighbouring cell. Each centre still goes to one cell, so no area
// is lost or counted twice. A thousandth of a cell costs about 8.5 ns a
// centre on this machine (30 m Albers cells into 1 km UTM cells), a
// hundred-thousandth 26 ns.
constexpr double kApproxMaxError = 1e-3;

}  // namespace

// One thread's transformers (GDAL's transformers are not shared between threads).
struct CentreToCell::Transformers {
    void* exact = nullptr;   // source pixel/line ↔ grid pixel/line
    void* approx = nullptr;  // the same, interpolated along a row
    std::vector<double> x, y, z;  // a row's centres
    std::vector<int> ok;

    Transformers(const Grid& source, const Grid& grid) {
        OGRSpatialReference from = source.spatialReference(), to = grid.spatialReference();
        exact = GDALCreateGenImgProjTransformer4(OGRSpatialReference::ToHandle(&from), source.geotransform.data(),
                                                 OGRSpatialReference::ToHandle(&to), grid.geotransform.data(), nullptr);
        if (!exact)
            throw Error(fmt::format("cannot carry the cells of {} into the grid's CRS ({}): {}", source.describe(),
                                    grid.describe(), CPLGetLastErrorMsg()));
        approx = GDALCreateApproxTransformer(GDALGenImgProjTransform, exact, kApproxMaxError);
    }
    ~Transformers() {
        if (approx) GDALDestroyApproxTransformer(approx);
        if (exact) GDALDestroyGenImgProjTransformer(exact);
    }
    Transformers(const Transformers&) = delete;
    Transformers& operator=(const Transformers&) = delete;

    // One point, exactly; false where PROJ cannot carry it.
    bool one(bool gridToSource, double& px, double& py) {
        double pz = 0;
        int done = 0;
        GDALGenImgProjTransform(exact, gridToSource, 1, &px, &py, &pz, &done);
        return done != 0;
    }
};

struct CentreToCell::PerThread {
    tbb::enumerable_thread_specific<std::unique_ptr<Transformers>> local;
};

CentreToCell::CentreToCell(const Grid& source, const Grid& grid)
    : source_(source), grid_(grid), perThread_(std::make_unique<PerThread>()) {
    const OGRSpatialReference a = source.spatialReference(), b = grid.spatialReference();
    sameCrs_ = a.IsSame(&b) != 0;
    if (!sameCrs_) {
        transformers();  // a CRS PROJ cannot carry fails here, on the caller's thread
        return;
    }
    // The grid row or column whose cell holds a source cell's centre (-1 outside).
    rowOfSourceRow_.resize(static_cast<std::size_t>(source.rows));
    for (int r = 0; r < source.rows; ++r) {
        const double k = std::floor((grid.maxY() - source.centreY(r)) / grid.cellHeight());
        rowOfSourceRow_[r] = k >= 0 && k < grid.rows ? static_cast<int32_t>(k) : -1;
    }
    colOfSourceCol_.resize(static_cast<std::size_t>(source.cols));
    for (int c = 0; c < source.cols; ++c) {
        const double k = std::floor((source.centreX(c) - grid.minX()) / grid.cellWidth());
        colOfSourceCol_[c] = k >= 0 && k < grid.cols ? static_cast<int32_t>(k) : -1;
    }
}

CentreToCell::~CentreToCell() = default;

CentreToCell::Transformers& CentreToCell::transformers() const {
    auto& mine = perThread_->local.local();
    if (!mine) mine = std::make_unique<Transformers>(source_, grid_);
    return *mine;
}

void CentreToCell::row(int sourceRow, std::vector<int32_t>& gridRows, std::vector<int32_t>& gridCols) const {
    const std::size_t n = static_cast<std::size_t>(source_.cols);
    gridRows.resize(n), gridCols.resize(n);
    if (sameCrs_) {
        std::fill(gridRows.begin(), gridRows.end(), rowOfSourceRow_[sourceRow]);
        std::copy(colOfSourceCol_.begin(), colOfSourceCol_.end(), gridCols.begin());
        return;
    }
    Transformers& t = transformers();
    t.x.resize(n), t.y.resize(n), t.z.assign(n, 0.0), t.ok.assign(n, 0);
    for (std::size_t c = 0; c < n; ++c) t.x[c] = static_cast<double>(c) + 0.5, t.y[c] = sourceRow + 0.5;
    // The whole row in one call: the interpolation depends on the row alone.
    GDALApproxTransform(t.approx, FALSE, static_cast<int>(n), t.x.data(), t.y.data(), t.z.data(), t.ok.data());
    for (std::size_t c = 0; c < n; ++c) {
        const double px = t.x[c], py = t.y[c];
        const bool ok = t.ok[c] != 0 && std::isfinite(px) && std::isfinite(py);
        const double col = std::floor(px), row = std::floor(py);
        const bool inside = ok && col >= 0 && col < grid_.cols && row >= 0 && row < grid_.rows;
        gridCols[c] = inside ? static_cast<int32_t>(col) : -1;
        gridRows[c] = inside ? static_cast<int32_t>(row) : -1;
    }
}

std::pair<double, double> CentreToCell::gridCellInSourceCells() const {
    if (sameCrs_) return {grid_.cellWidth() / source_.cellWidth(), grid_.cellHeight() / source_.cellHeight()};
    Transformers& t = transformers();
    const double c = grid_.cols / 2, r = grid_.rows / 2;
    double x[3] = {c, c + 1, c}, y[3] = {r, r, r + 1};
    for (int k = 0; k < 3; ++k)
        if (!t.one(true, x[k], y[k]))
            throw Error(fmt::format("the middle of the grid ({}) cannot be carried into the CRS of {}",
                                    grid_.describe(), source_.describe()));
    return {std::hypot(x[1] - x[0], y[1] - y[0]), std::hypot(x[2] - x[0], y[2] - y[0])};
}

CentreToCell::Window CentreToCell::sourceWindow() const {
    Transformers& t = transformers();
    constexpr int kSteps = 256;  // points along each edge of the grid
    double minX = INFINITY, minY = INFINITY, maxX = -INFINITY, maxY = -INFINITY;
    auto add = [&](double gx, double gy) {
        if (!t.one(true, gx, gy) || !std::isfinite(gx) || !std::isfinite(gy)) return;
        minX = std::min(minX, gx), maxX = std::max(maxX, gx), minY = std::min(minY, gy), maxY = std::max(maxY, gy);
    };
    for (int k = 0; k <= kSteps; ++k) {
        const double fx = grid_.cols * static_cast<double>(k) / kSteps, fy = grid_.rows * static_cast<double>(k) / kSteps;
        add(fx, 0), add(fx, grid_.rows), add(0, fy), add(grid_.cols, fy);
    }
    if (!(minX <= maxX))
        throw Error(fmt::format("the grid ({}) cannot be carried into the CRS of {}", grid_.describe(),
                                source_.describe()));
    auto clip = [](double v, int n) { return static_cast<int>(std::clamp(v, 0.0, static_cast<double>(n))); };
    Window w;
    w.firstCol = clip(std::floor(minX) - 1, source_.cols);
    w.firstRow = clip(std::floor(minY) - 1, source_.rows);
    w.cols = clip(std::ceil(maxX) + 1, source_.cols) - w.firstCol;
    w.rows = clip(std::ceil(maxY) + 1, source_.rows) - w.firstRow;
    return w;
}

}  // namespace forestsink
