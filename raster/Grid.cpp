#include "raster/Grid.h"

#include "common/Error.h"
#include "raster/Gdal.h"

#include <fmt/format.h>

#include <cmath>

namespace forestsink {

OGRSpatialReference Grid::spatialReference() const {
    OGRSpatialReference srs;
    srs.importFromWkt(crsWkt.c_str());
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

bool Grid::isGeographic() const { return spatialReference().IsGeographic(); }

bool Grid::sameAs(const Grid& other) const {
    if (cols != other.cols || rows != other.rows) return false;
    const double tol = 1e-9 * std::max(std::abs(geotransform[1]), std::abs(geotransform[5]));
    for (int i = 0; i < 6; ++i)
        if (std::abs(geotransform[i] - other.geotransform[i]) > tol * (i == 0 || i == 3 ? cols + rows : 1))
            return false;
    const OGRSpatialReference a = spatialReference();
    const OGRSpatialReference b = other.spatialReference();
    return a.IsSame(&b) != 0;
}

std::string Grid::describe() const {
    const std::string unit = isGeographic() ? "°" : " m";
    return fmt::format("{} × {} cells of {:g}{} × {:g}{}, CRS {}", cols, rows, cellWidth(), unit,
                       cellHeight(), unit, crsName(spatialReference()));
}

Grid gridOfDataset(GDALDataset& ds, const std::filesystem::path& path, const std::string& what) {
    Grid grid;
    const OGRSpatialReference* srs = ds.GetSpatialRef();
    if (!srs || srs->IsEmpty())
        throw Error(fmt::format("{}: {} has no coordinate reference system; assign one (for example "
                                "with gdal_edit.py -a_srs) so it can be placed on the grid",
                                path.string(), what));
    char* wkt = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", nullptr};
    srs->exportToWkt(&wkt, options);
    grid.crsWkt = wkt ? wkt : "";
    CPLFree(wkt);
    if (ds.GetGeoTransform(grid.geotransform.data()) != CE_None)
        throw Error(fmt::format("{}: {} has no geotransform (georeferencing); it cannot be placed on the grid",
                                path.string(), what));
    if (grid.geotransform[2] != 0.0 || grid.geotransform[4] != 0.0 || grid.geotransform[5] >= 0.0)
        throw Error(fmt::format("{}: {} is rotated or not north-up (geotransform {}, {}, {}, {}, {}, {}); "
                                "only north-up rasters can define the grid",
                                path.string(), what, grid.geotransform[0], grid.geotransform[1],
                                grid.geotransform[2], grid.geotransform[3], grid.geotransform[4],
                                grid.geotransform[5]));
    grid.cols = ds.GetRasterXSize();
    grid.rows = ds.GetRasterYSize();
    return grid;
}

void applyGrid(GDALDataset& ds, const Grid& grid) {
    OGRSpatialReference srs = grid.spatialReference();
    ds.SetSpatialRef(&srs);
    std::array<double, 6> gt = grid.geotransform;
    ds.SetGeoTransform(gt.data());
}

}  // namespace forestsink
