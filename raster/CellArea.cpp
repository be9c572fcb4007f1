#include "raster/CellArea.h"

#include "common/Error.h"
#include "raster/Gdal.h"

#include <fmt/format.h>
#include <geodesic.h>
#include <proj.h>

#include <cmath>
#include <algorithm>
#include <memory>

namespace forestsink {
namespace {

struct ContextDeleter { void operator()(PJ_CONTEXT* c) const { proj_context_destroy(c); } };
struct PjDeleter { void operator()(PJ* p) const { proj_destroy(p); } };
using ContextPtr = std::unique_ptr<PJ_CONTEXT, ContextDeleter>;
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

constexpr double kM2PerHa = 1e4;

PjPtr createCrs(PJ_CONTEXT* ctx, const Grid& grid) {
    PjPtr crs(proj_create(ctx, grid.crsWkt.c_str()));
    if (!crs) throw Error(fmt::format("PROJ cannot read the grid CRS ({})", grid.describe()));
    return crs;
}

std::vector<double> geographicRowAreas(PJ_CONTEXT* ctx, const Grid& grid) {
    PjPtr crs = createCrs(ctx, grid);
    PjPtr ellipsoid(proj_get_ellipsoid(ctx, crs.get()));
    if (!ellipsoid) throw Error("PROJ finds no ellipsoid in the grid CRS " + grid.describe());
    double a = 0, b = 0, invFlattening = 0;
    int invComputed = 0;
    proj_ellipsoid_get_parameters(ctx, ellipsoid.get(), &a, &b, &invComputed, &invFlattening);
    // Equal-area cylinder on the grid's ellipsoid: a quadrangle of the grid is a
    // rectangle there.
    const std::string def = fmt::format("+proj=cea +a={:.17g} +b={:.17g} +lon_0=0 +lat_ts=0", a, b);
    PjPtr cea(proj_create(ctx, def.c_str()));
    if (!cea) throw Error("PROJ cannot create " + def);

    auto project = [&](double lonDeg, double latDeg) {
        PJ_COORD c = proj_coord(proj_torad(lonDeg), proj_torad(latDeg), 0, 0);
        return proj_trans(cea.get(), PJ_FWD, c).xy;
    };
    // Geotransform in degrees, longitude first (traditional GIS order).
    const double lon0 = grid.geotransform[0];
    const double lon1 = lon0 + grid.geotransform[1];
    const double width = std::abs(project(lon1, 0).x - project(lon0, 0).x);
    std::vector<double> areas(grid.rows);
    for (int row = 0; row < grid.rows; ++row) {
        const double latTop = grid.geotransform[3] + row * grid.geotransform[5];
        const double latBottom = latTop + grid.geotransform[5];
        if (std::abs(latTop) > 90.0 + 1e-9 || std::abs(latBottom) > 90.0 + 1e-9)
            throw Error(fmt::format("grid row {} reaches latitude {:g}°, beyond ±90°", row,
                                    std::abs(latTop) > 90 ? latTop : latBottom));
        const double height = std::abs(project(lon0, latTop).y - project(lon0, latBottom).y);
        areas[row] = width * height / kM2PerHa;
    }
    return areas;
}

PjPtr lonLatTransform(PJ_CONTEXT* ctx, PJ* crs, const Grid& grid) {
    PjPtr geodetic(proj_crs_get_geodetic_crs(ctx, crs));
    PjPtr toGeo(proj_create_crs_to_crs_from_pj(ctx, crs, geodetic.get(), nullptr, nullptr));
    if (!toGeo) throw Error("PROJ cannot relate the grid CRS to its geographic CRS: " + grid.describe());
    // Easting, northing in; longitude, latitude out, whatever the CRSs' official axis order.
    PjPtr normalised(proj_normalize_for_visualization(ctx, toGeo.get()));
    if (!normalised) throw Error("PROJ cannot normalise the axis order of the grid CRS: " + grid.describe());
    return normalised;
}

// PROJ's areal scale factor is 1 at the grid's corners and centre.
bool isEqualArea(PJ_CONTEXT* ctx, PJ* crs, PJ* toLonLat, const Grid& grid) {
    const double xs[] = {grid.minX(), grid.maxX(), (grid.minX() + grid.maxX()) / 2};
    const double ys[] = {grid.minY(), grid.maxY(), (grid.minY() + grid.maxY()) / 2};
    // In the CRS's official axis order PROJ's factors are meaningless for a
    // northing-first CRS (EPSG:4542 gives −2e14); normalised, they are right.
    PjPtr normalisedCrs(proj_normalize_for_visualization(ctx, crs));
    if (!normalisedCrs) return false;
    for (double x : xs) {
        for (double y : ys) {
            PJ_COORD lonlat = proj_trans(toLonLat, PJ_FWD, proj_coord(x, y, 0, 0));
            PJ_COORD lp = proj_coord(proj_torad(lonlat.lp.lam), proj_torad(lonlat.lp.phi), 0, 0);
            PJ_FACTORS f = proj_factors(normalisedCrs.get(), lp);
            if (!std::isfinite(f.areal_scale) || std::abs(f.areal_scale - 1.0) > 1e-6) return false;
        }
    }
    return true;
}

// The true ellipsoidal area of single cells.
class ExactCellArea {
public:
    ExactCellArea(PJ_CONTEXT* ctx, PJ* crs, const Grid& grid) : grid_(grid), toLonLat_(lonLatTransform(ctx, crs, grid)) {
        PjPtr ellipsoid(proj_get_ellipsoid(ctx, crs));
        if (!ellipsoid) throw Error("PROJ finds no ellipsoid in the grid CRS " + grid.describe());
        double a = 0, b = 0, invFlattening = 0;
        int invComputed = 0;
        proj_ellipsoid_get_parameters(ctx, ellipsoid.get(), &a, &b, &invComputed, &invFlattening);
        geod_init(&geodesic_, a, invFlattening > 0 ? 1.0 / invFlattening : 0.0);
    }

    double ha(int row, int col) {
        // The boundary, clockwise from the upper-left corner, kPerSide points a side:
        // a side that is straight on the grid is a slightly curved line on the ellipsoid.
        const double x0 = grid_.geotransform[0] + col * grid_.geotransform[1], dx = grid_.geotransform[1];
        const double y0 = grid_.geotransform[3] + row * grid_.geotransform[5], dy = grid_.geotransform[5];
        for (int i = 0; i < kPerSide; ++i) {
            const double t = static_cast<double>(i) / kPerSide;
            set(i, x0 + t * dx, y0);
            set(kPerSide + i, x0 + dx, y0 + t * dy);
            set(2 * kPerSide + i, x0 + (1 - t) * dx, y0 + dy);
            set(3 * kPerSide + i, x0, y0 + (1 - t) * dy);
        }
        proj_trans_generic(toLonLat_.get(), PJ_FWD, x_, sizeof(double), kPoints, y_, sizeof(double), kPoints,
                           nullptr, 0, 0, nullptr, 0, 0);
        for (int i = 0; i < kPoints; ++i)
            if (!std::isfinite(x_[i]) || !std::isfinite(y_[i]) || x_[i] == HUGE_VAL)
                throw Error(fmt::format("cell (column {}, row {}) of the grid is outside the area where its CRS is "
                                        "defined (PROJ finds no longitude and latitude for it): {}",
                                        col, row, grid_.describe()));
        double area = 0;
        geod_polygonarea(&geodesic_, y_, x_, kPoints, &area, nullptr);  // latitudes, longitudes
        return std::abs(area) / kM2PerHa;
    }

private:
    static constexpr int kPerSide = 4, kPoints = 4 * kPerSide;
    void set(int i, double x, double y) { x_[i] = x, y_[i] = y; }

    const Grid& grid_;
    PjPtr toLonLat_;
    geod_geodesic geodesic_{};
    double x_[kPoints]{}, y_[kPoints]{};
};

// 0, step, 2·step, … and always the last index.
std::vector<int> knotsEvery(int step, int n) {
    std::vector<int> k;
    for (int i = 0; i < n - 1; i += step) k.push_back(i);
    k.push_back(n - 1);
    return k;
}

// The largest relative error of the lattice at the centres of (a sample of) its quads.
double latticeError(const CellAreas& areas, ExactCellArea& exact, const std::vector<int>& knotRows,
                    const std::vector<int>& knotCols) {
    constexpr std::size_t kSamples = 12;
    double worst = 0;
    const std::size_t rowQuads = std::max<std::size_t>(1, knotRows.size() - 1);
    const std::size_t colQuads = std::max<std::size_t>(1, knotCols.size() - 1);
    for (std::size_t a = 0; a < std::min(kSamples, rowQuads); ++a) {
        const std::size_t qr = a * rowQuads / std::min(kSamples, rowQuads);
        const int row = knotRows.size() > 1 ? (knotRows[qr] + knotRows[qr + 1]) / 2 : 0;
        for (std::size_t b = 0; b < std::min(kSamples, colQuads); ++b) {
            const std::size_t qc = b * colQuads / std::min(kSamples, colQuads);
            const int col = knotCols.size() > 1 ? (knotCols[qc] + knotCols[qc + 1]) / 2 : 0;
            const double e = exact.ha(row, col);
            worst = std::max(worst, std::abs(areas.at(row, col) - e) / e);
        }
    }
    return worst;
}

// Exact areas at knots a few kilometres apart, closer where the interpolation needs it.
CellAreas latticeAreas(PJ_CONTEXT* ctx, PJ* crs, const Grid& grid) {
    ExactCellArea exact(ctx, crs, grid);
    constexpr double kKnotSpacingM = 4000, kTolerance = 1e-7;
    const double unit = grid.spatialReference().GetLinearUnits();  // metres per CRS unit
    int rowStep = std::max(1, static_cast<int>(kKnotSpacingM / (grid.cellHeight() * unit)));
    int colStep = std::max(1, static_cast<int>(kKnotSpacingM / (grid.cellWidth() * unit)));
    for (;;) {
        const std::vector<int> knotRows = knotsEvery(rowStep, grid.rows), knotCols = knotsEvery(colStep, grid.cols);
        std::vector<double> values;
        values.reserve(knotRows.size() * knotCols.size());
        for (int r : knotRows)
            for (int c : knotCols) values.push_back(exact.ha(r, c));
        CellAreas areas = CellAreas::lattice(grid.rows, grid.cols, knotRows, knotCols, std::move(values));
        if ((rowStep == 1 && colStep == 1) || latticeError(areas, exact, knotRows, knotCols) <= kTolerance)
            return areas;
        rowStep = std::max(1, rowStep / 2), colStep = std::max(1, colStep / 2);
    }
}

CellAreas projectedAreas(PJ_CONTEXT* ctx, const Grid& grid) {
    PjPtr crs = createCrs(ctx, grid);
    PjPtr toLonLat = lonLatTransform(ctx, crs.get(), grid);
    if (!isEqualArea(ctx, crs.get(), toLonLat.get(), grid)) return latticeAreas(ctx, crs.get(), grid);
    const double unit = grid.spatialReference().GetLinearUnits();  // metres per CRS unit
    const double area = std::abs(grid.geotransform[1] * grid.geotransform[5]) * unit * unit / kM2PerHa;
    return std::vector<double>(grid.rows, area);
}

}  // namespace

CellAreas cellAreasOf(const Grid& grid) {
    ContextPtr ctx(proj_context_create());
    if (grid.isGeographic()) return geographicRowAreas(ctx.get(), grid);
    return projectedAreas(ctx.get(), grid);
}

}  // namespace forestsink
