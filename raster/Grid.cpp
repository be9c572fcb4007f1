#include "raster/Grid.h"

#include "common/Error.h"
#include "raster/Gdal.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>

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

Grid gridCovering(const Grid& layer, const std::string& crsWkt, double cellWidth, double cellHeight) {
    Grid grid;
    grid.crsWkt = crsWkt;
    const OGRSpatialReference from = layer.spatialReference(), to = grid.spatialReference();
    std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&from, &to));
    double minX = 0, minY = 0, maxX = 0, maxY = 0;
    if (!t || !t->TransformBounds(layer.minX(), layer.minY(), layer.maxX(), layer.maxY(), &minX, &minY, &maxX, &maxY,
                                  21))
        throw Error(fmt::format("the extent of {} cannot be carried into CRS {}", layer.describe(), crsName(to)));
    const double x0 = std::floor(minX / cellWidth) * cellWidth, y0 = std::ceil(maxY / cellHeight) * cellHeight;
    grid.geotransform = {x0, cellWidth, 0, y0, 0, -cellHeight};
    grid.cols = static_cast<int>(std::ceil((maxX - x0) / cellWidth - 1e-9));
    grid.rows = static_cast<int>(std::ceil((y0 - minY) / cellHeight - 1e-9));
    return grid;
}

std::string crsWktOf(const std::string& userCrs, const std::string& what) {
    initGdal();
    OGRSpatialReference srs;
    if (srs.SetFromUserInput(userCrs.c_str()) != OGRERR_NONE || srs.IsEmpty())
        throw Error(fmt::format("{} '{}' is not a CRS that GDAL/PROJ can read; give an EPSG code (\"EPSG:32647\" for "
                                "UTM 47N, \"EPSG:4542\" for CGCS2000 3° Gauss–Krüger CM 99°E, \"EPSG:4490\" for "
                                "CGCS2000 longitude/latitude), a full PROJ string (\"+proj=aea +lat_1=25 +lat_2=47 "
                                "+lat_0=0 +lon_0=105 +x_0=0 +y_0=0 +ellps=krass +units=m\") or WKT",
                                what, userCrs));
    char* wkt = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", nullptr};
    srs.exportToWkt(&wkt, options);
    std::string out = wkt ? wkt : "";
    CPLFree(wkt);
    return out;
}

std::string crsDisplayName(const OGRSpatialReference& srs) {
    const char* name = srs.GetName();
    if (name && *name && std::string(name) != "unknown") return name;
    std::string projection = srs.IsGeographic() ? "geographic" : "";
    if (const char* p = srs.GetAttrValue("PROJECTION")) projection = p;
    std::replace(projection.begin(), projection.end(), '_', ' ');
    const char* ellipsoid = srs.GetAttrValue("SPHEROID");
    return fmt::format("forestsink grid: {}{}", projection.empty() ? "custom CRS" : projection,
                       ellipsoid ? fmt::format(" on {}", ellipsoid) : std::string());
}

void applyGrid(GDALDataset& ds, const Grid& grid) {
    OGRSpatialReference srs = grid.spatialReference();
    // An unnamed CRS (from a PROJ string) is listed as "unknown" by QGIS: name it.
    if (srs.IsProjected()) srs.SetProjCS(crsDisplayName(srs).c_str());
    ds.SetSpatialRef(&srs);
    std::array<double, 6> gt = grid.geotransform;
    ds.SetGeoTransform(gt.data());
}

}  // namespace forestsink
