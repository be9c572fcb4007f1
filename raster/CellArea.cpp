#include "raster/CellArea.h"

#include "common/Error.h"
#include "raster/Gdal.h"

#include <fmt/format.h>
#include <proj.h>

#include <cmath>
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

std::vector<double> projectedRowAreas(PJ_CONTEXT* ctx, const Grid& grid) {
    PjPtr crs = createCrs(ctx, grid);
    PjPtr geodetic(proj_crs_get_geodetic_crs(ctx, crs.get()));
    PjPtr toGeo(proj_create_crs_to_crs_from_pj(ctx, crs.get(), geodetic.get(), nullptr, nullptr));
    if (!toGeo) throw Error("PROJ cannot relate the grid CRS to its geographic CRS: " + grid.describe());
    PjPtr normalised(proj_normalize_for_visualization(ctx, toGeo.get()));  // lon, lat order

    const double xs[] = {grid.minX(), grid.maxX(), (grid.minX() + grid.maxX()) / 2};
    const double ys[] = {grid.minY(), grid.maxY(), (grid.minY() + grid.maxY()) / 2};
    for (double x : xs) {
        for (double y : ys) {
            PJ_COORD lonlat = proj_trans(normalised.get(), PJ_FWD, proj_coord(x, y, 0, 0));
            PJ_COORD lp = proj_coord(proj_torad(lonlat.lp.lam), proj_torad(lonlat.lp.phi), 0, 0);
            PJ_FACTORS f = proj_factors(crs.get(), lp);
            if (!std::isfinite(f.areal_scale) ||
                std::abs(f.areal_scale - 1.0) > 1e-6)
                throw Error(fmt::format(
                    "grid CRS is not equal-area (areal scale {:.6f} at x={:.0f}, y={:.0f}): {}; use an "
                    "equal-area projection such as Albers (+proj=aea) or a geographic CRS for the grid",
                    f.areal_scale, x, y, grid.describe()));
        }
    }
    const double unit = grid.spatialReference().GetLinearUnits();  // metres per CRS unit
    const double area = std::abs(grid.geotransform[1] * grid.geotransform[5]) * unit * unit / kM2PerHa;
    return std::vector<double>(grid.rows, area);
}

}  // namespace

std::vector<double> cellAreaPerRowHa(const Grid& grid) {
    ContextPtr ctx(proj_context_create());
    return grid.isGeographic() ? geographicRowAreas(ctx.get(), grid) : projectedRowAreas(ctx.get(), grid);
}

}  // namespace forestsink
