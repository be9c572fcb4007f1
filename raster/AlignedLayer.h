#pragma once
// An input layer read on the reference grid. A layer already on the grid is
// read as it is; one whose CRS, resolution or extent differ is aligned with
// GDAL's warper (nearest neighbour for categorical layers, average for
// continuous ones and for the share of a range test) and `alignmentNote()`
// says what was done.
//
// The layer also answers in the file's own terms, for messages: which grid
// cells lie inside the file's extent (their centres fall on the file's
// pixels), and which of the file's pixels, with its original value, lies under
// a grid cell.
//
// A layer may also come from a vector source: its features, burned onto the
// grid once (FeatureRaster), give each cell their attribute; messages then
// name the feature.
//
// GDAL datasets are not thread-safe: each thread opens its own AlignedLayer
// (a vector layer's shared FeatureField is plain memory, read by all).
#include "raster/FeatureRaster.h"
#include "raster/Grid.h"

#include <gdal_priv.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace forestsink {

// Min and Max: the least and the greatest value of the source cells under a
// grid cell (whether a coarse cell mixes classes).
enum class Resampling { Nearest, Average, Min, Max };

struct LayerSource {
    std::string name;               // "volume", "land_class", … (for messages)
    std::filesystem::path path;
    Resampling resampling = Resampling::Nearest;
    // A vector layer: its attribute on the grid (path is then the vector source).
    std::shared_ptr<const FeatureField> vector;
    // A range test run on the file's own cells: the layer then reads as the
    // share (0–1) of each grid cell's area whose cells lie in [min, max]
    // (nodata and land outside the file do not pass), so that codes are
    // tested, never averaged, whatever the grid (issue 19 item 1). On the
    // file's own grid the share is 0 or 1. Rasters only.
    struct PassRange {
        double min = 0, max = 0;
    };
    std::optional<PassRange> passing;
};

// One pixel of the file itself, in its own CRS.
struct SourcePixel {
    int col = 0, row = 0;  // the file's column and row
    double x = 0, y = 0;   // the pixel's centre in the file's CRS
    double value = 0;      // its value as stored in the file
};

class AlignedLayer {
public:
    AlignedLayer(const LayerSource& source, const Grid& grid);

    // Reads `rowCount` full rows starting at `firstRow`, converted to `type`.
    void readRows(int firstRow, int rowCount, GDALDataType type, void* buffer);

    const LayerSource& source() const { return source_; }
    const Grid& grid() const { return grid_; }
    // The type the layer's cells are stored in (a vector attribute and a
    // range test's share are read as Float64).
    GDALDataType dataType() const {
        return source_.vector || source_.passing ? GDT_Float64 : band_->GetRasterDataType();
    }
    std::optional<double> nodata() const { return nodata_; }
    bool warped() const { return warped_ != nullptr; }
    // Empty when the layer was already on the grid.
    const std::string& alignmentNote() const { return note_; }
    // The vector attribute the layer reads, or null for a raster.
    const FeatureField* vector() const { return source_.vector.get(); }

    // Whether the grid cell's centre lies inside the file's extent.
    bool covers(int row, int col) const {
        if (!warped_) return true;
        const auto& [first, last] = coveredCols_[row];
        return col >= first && col <= last;
    }
    // Grid cells whose centre lies inside the file's extent: the most a
    // study area read from this layer can hold.
    std::size_t coveredCells() const;
    // The file's pixel under the grid cell's centre or, when `isBad` is given,
    // the first pixel under the cell for which it holds (an average of several
    // pixels is reported by the bad one). None outside the file's extent.
    std::optional<SourcePixel> sourcePixel(int row, int col, const std::function<bool(double)>& isBad = {}) const;
    // "x …–…, y …–… in <file CRS> (x …–…, y …–… in <grid CRS>)" for messages.
    std::string extentInBothCrs() const;
    // The grid's extent the same way, in the grid's CRS and then the file's.
    std::string gridExtentInBothCrs() const;

private:
    void mapFootprint(const Grid& layerGrid);
    void readBand(int firstRow, int rowCount, GDALDataType type, void* buffer);
    void readPassTest(int firstRow, int rowCount, GDALDataType type, void* buffer);
    double readPixel(int col, int row) const;

    LayerSource source_;
    Grid grid_;
    GDALDatasetUniquePtr dataset_;
    GDALDatasetUniquePtr passTest_;  // with `passing`: the test on the file's cells (a VRT lookup table), 1 or 0
    GDALDatasetUniquePtr warped_;
    GDALRasterBand* band_ = nullptr;
    std::optional<double> nodata_;
    std::string note_;
    Grid layerGrid_;
    std::unique_ptr<OGRCoordinateTransformation> gridToFile_;
    std::vector<std::pair<int, int>> coveredCols_;  // per grid row: first and last covered column
};

}  // namespace forestsink
