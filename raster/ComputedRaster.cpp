#include "raster/ComputedRaster.h"

#include <ogr_spatialref.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <string>

namespace forestsink {
namespace {

constexpr int kBlock = 256;

class ComputedBand final : public GDALRasterBand {
public:
    ComputedBand(GDALDataset* ds, GDALDataType type, const BandInfo& info, BlockFill fill)
        : info_(info), fill_(std::move(fill)) {
        poDS = ds;
        nBand = 1;
        nRasterXSize = ds->GetRasterXSize();
        nRasterYSize = ds->GetRasterYSize();
        eDataType = type;
        eAccess = GA_ReadOnly;
        nBlockXSize = std::min(kBlock, nRasterXSize);
        nBlockYSize = std::min(kBlock, nRasterYSize);
        GDALRasterBand::SetDescription(info_.description.c_str());
    }
    double GetNoDataValue(int* ok) override {
        if (ok) *ok = TRUE;
        return info_.nodata;
    }
    const char* GetUnitType() override { return info_.units.c_str(); }

protected:
    CPLErr IReadBlock(int blockX, int blockY, void* data) override {
        const int col = blockX * nBlockXSize, row = blockY * nBlockYSize;
        const int cols = std::min(nBlockXSize, nRasterXSize - col), rows = std::min(nBlockYSize, nRasterYSize - row);
        try {
            fill_(col, row, cols, rows, data);
        } catch (const std::exception& e) {  // never let an exception cross GDAL's C frames
            CPLError(CE_Failure, CPLE_AppDefined, "%s", e.what());
            return CE_Failure;
        }
        if (cols == nBlockXSize) return CE_None;
        // A partial block on the right edge was filled compactly: spread its
        // rows to the block's stride.
        const int bytes = GDALGetDataTypeSizeBytes(eDataType);
        auto* p = static_cast<GByte*>(data);
        for (int r = rows - 1; r > 0; --r)
            std::memmove(p + static_cast<std::size_t>(r) * nBlockXSize * bytes,
                         p + static_cast<std::size_t>(r) * cols * bytes, static_cast<std::size_t>(cols) * bytes);
        return CE_None;
    }

private:
    BandInfo info_;
    BlockFill fill_;
};

class ComputedDataset final : public GDALDataset {
public:
    ComputedDataset(const Grid& grid, GDALDataType type, const BandInfo& info, BlockFill fill) : grid_(grid) {
        nRasterXSize = grid.cols;
        nRasterYSize = grid.rows;
        eAccess = GA_ReadOnly;
        srs_.importFromWkt(grid.crsWkt.c_str());
        srs_.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        if (srs_.IsProjected()) srs_.SetProjCS(crsDisplayName(srs_).c_str());  // named, as applyGrid does
        SetBand(1, new ComputedBand(this, type, info, std::move(fill)));  // GDAL owns its bands
        for (const auto& [key, value] : info.metadata) GDALDataset::SetMetadataItem(key.c_str(), value.c_str());
    }
    CPLErr GetGeoTransform(double* gt) override {
        std::copy(grid_.geotransform.begin(), grid_.geotransform.end(), gt);
        return CE_None;
    }
    const OGRSpatialReference* GetSpatialRef() const override { return srs_.IsEmpty() ? nullptr : &srs_; }

private:
    Grid grid_;
    OGRSpatialReference srs_;
};

}  // namespace

std::unique_ptr<GDALDataset> makeComputedRaster(const Grid& grid, GDALDataType type, const BandInfo& info,
                                                BlockFill fill) {
    return std::make_unique<ComputedDataset>(grid, type, info, std::move(fill));
}

}  // namespace forestsink
