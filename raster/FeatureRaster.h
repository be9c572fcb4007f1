#pragma once
// A layer of a vector source (GeoPackage, Shapefile, FlatGeobuf, anything OGR
// reads) burned onto the reference grid with GDAL's rasteriser. Each cell
// holds the index of the feature that covers it, so that every value read
// through it can name its feature (FID) in a message.
//
// Rules: a cell takes the feature that contains the cell's centre (GDAL's
// rasteriser default; `Stands` burns so too, its lattice is the loader's,
// raster/PolygonLattice.h); with `AllTouched`, every cell a feature's outline
// touches. Features are burned in FID order, so where polygons
// overlap, the one with the larger FID holds the cell.
//
// Made once per (file, layer, rule) and then read by every thread: it holds
// plain memory (4 bytes a cell), no GDAL handle is read concurrently.
#include "raster/Grid.h"

#include <gdal_priv.h>

#include <cstdint>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace forestsink {

// `Stands` (the default): on a grid coarser than the land class's polygons,
// cells keep the stands of a finer lattice (raster/PolygonLattice.h);
// otherwise, and for every layer but the land class, as `Centre`.
enum class RasterizeRule { Stands, Centre, AllTouched };

// Which attribute of which layer of a vector source, and how it meets the grid.
struct VectorSelection {
    std::string layer;  // the source's layer; empty when it has only one
    std::string field;  // the attribute read
    RasterizeRule rule = RasterizeRule::Stands;
};

std::string ruleName(RasterizeRule rule);  // "stands", "centre", "all_touched"
// How a rule burns polygons onto the grid it is given: `Stands` as `Centre`.
RasterizeRule burnRule(RasterizeRule rule);

// Whether GDAL opens the file as a vector source and not as a raster.
bool isVectorSource(const std::filesystem::path& path);

class FeatureRaster {
public:
    static constexpr int32_t kNoFeature = -1;

    // Opens the source's layer (`layerName`, or its only one) and burns its
    // features onto `grid`. `what` names the scenario layer for messages.
    FeatureRaster(const std::filesystem::path& path, const std::string& layerName, RasterizeRule rule,
                  const Grid& grid, const std::string& what);
    // The source's layer's extent, in its own CRS, as a one-cell grid (for grid.like).
    static Grid extentOf(const std::filesystem::path& path, const std::string& layerName, const std::string& what);
    // Each feature's area (FID order) in `grid`'s CRS, in its units squared
    // (0 for points and lines): how large the polygons are against its cells.
    static std::vector<double> areasIn(const std::filesystem::path& path, const std::string& layerName,
                                       const Grid& grid, const std::string& what);

    int32_t featureAt(std::size_t cell) const { return cells_[cell]; }
    int64_t fid(int32_t feature) const { return fids_[feature]; }
    std::size_t featureCount() const { return fids_.size(); }
    std::size_t featuresOnGrid() const { return onGrid_; }
    std::size_t cellsCovered() const { return cellsCovered_; }
    // The features' area summed, in the grid's CRS's units squared (overlaps counted twice).
    double featureArea() const { return area_; }
    const std::filesystem::path& path() const { return path_; }
    const std::string& layerName() const { return layerName_; }
    RasterizeRule rule() const { return rule_; }
    // The layer's extent in its own CRS, as a one-cell grid.
    const Grid& extent() const { return extent_; }
    // "file.gpkg, layer xiaoban" for messages.
    std::string where() const;
    // What rasterising did: features, those holding cells, cells covered, the rule.
    std::string describe() const;

    // One attribute of every feature, by feature index: numbers (NaN where
    // null), or for a text field when `namesAllowed`, ids 1…N of the distinct
    // names (in byte order). Throws Error naming the field and the fields that
    // exist when it is missing, and the feature when a value is not a number.
    struct Values {
        std::vector<double> values;
        std::vector<std::string> names;  // names[id - 1], for a text field
    };
    Values read(const std::string& field, bool namesAllowed, const std::string& allowed, const std::string& what) const;

private:
    std::filesystem::path path_;
    std::string layerName_;
    RasterizeRule rule_;
    GDALDatasetUniquePtr dataset_;  // read on the loading thread only
    OGRLayer* layer_ = nullptr;
    std::vector<int64_t> fids_;   // by feature index (FID order)
    std::vector<int32_t> cells_;  // per grid cell: feature index or kNoFeature
    std::size_t onGrid_ = 0, cellsCovered_ = 0;
    double area_ = 0, cellArea_ = 0;  // in the grid's CRS units squared
    Grid extent_;
};

// One attribute read through a FeatureRaster: what a vector layer gives each cell.
struct FeatureField {
    std::shared_ptr<const FeatureRaster> features;
    std::string field;
    FeatureRaster::Values values;
    // The value of a cell: its feature's attribute, NaN where no feature lies.
    double at(std::size_t cell) const {
        const int32_t f = features->featureAt(cell);
        return f == FeatureRaster::kNoFeature ? std::numeric_limits<double>::quiet_NaN() : values.values[f];
    }
};

}  // namespace forestsink
