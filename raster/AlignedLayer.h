#pragma once
// An input layer read on the reference grid. A layer already on the grid is
// read as it is; one whose CRS, resolution or extent differ is aligned with
// GDAL's warper (nearest neighbour for categorical layers, average for
// continuous ones) and `alignmentNote()` says what was done.
//
// GDAL datasets are not thread-safe: each thread opens its own AlignedLayer.
#include "raster/Grid.h"

#include <gdal_priv.h>

#include <filesystem>
#include <optional>
#include <string>

namespace forestsink {

enum class Resampling { Nearest, Average };

struct LayerSource {
    std::string name;               // "volume", "land_class", … (for messages)
    std::filesystem::path path;
    Resampling resampling = Resampling::Nearest;
};

class AlignedLayer {
public:
    AlignedLayer(const LayerSource& source, const Grid& grid);

    // Reads `rowCount` full rows starting at `firstRow`, converted to `type`.
    void readRows(int firstRow, int rowCount, GDALDataType type, void* buffer);

    const LayerSource& source() const { return source_; }
    std::optional<double> nodata() const { return nodata_; }
    bool warped() const { return warped_ != nullptr; }
    // Empty when the layer was already on the grid.
    const std::string& alignmentNote() const { return note_; }

private:
    LayerSource source_;
    Grid grid_;
    GDALDatasetUniquePtr dataset_;
    GDALDatasetUniquePtr warped_;
    GDALRasterBand* band_ = nullptr;
    std::optional<double> nodata_;
    std::string note_;
};

}  // namespace forestsink
