#include "raster/Proximity.h"

#include "common/Error.h"
#include "raster/Gdal.h"

#include <cpl_string.h>
#include <gdal_alg.h>
#include <gdal_priv.h>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace forestsink {
namespace {

// A one-band raster of whole-row blocks that stores what GDAL writes (float
// distances in cells) as uint16 eighths in a caller's vector, and reads them
// back as floats (the proximity algorithm reads its first pass back).
class EighthsBand final : public GDALRasterBand {
public:
    EighthsBand(GDALDataset* ds, std::vector<uint16_t>& out) : out_(out) {
        poDS = ds;
        nBand = 1;
        nRasterXSize = ds->GetRasterXSize();
        nRasterYSize = ds->GetRasterYSize();
        eDataType = GDT_Float32;
        eAccess = GA_Update;
        nBlockXSize = nRasterXSize;
        nBlockYSize = 1;
    }

protected:
    CPLErr IReadBlock(int, int row, void* data) override {
        const uint16_t* in = &out_[static_cast<std::size_t>(row) * nRasterXSize];
        auto* f = static_cast<float*>(data);
        for (int c = 0; c < nRasterXSize; ++c) f[c] = in[c] / 8.0f;
        return CE_None;
    }
    CPLErr IWriteBlock(int, int row, void* data) override {
        uint16_t* o = &out_[static_cast<std::size_t>(row) * nRasterXSize];
        const auto* f = static_cast<const float*>(data);
        for (int c = 0; c < nRasterXSize; ++c)  // round to nearest eighth; distances are never negative
            o[c] = static_cast<uint16_t>(std::min(f[c] * 8.0f + 0.5f, 65535.0f));
        return CE_None;
    }

private:
    std::vector<uint16_t>& out_;
};

class EighthsDataset final : public GDALDataset {
public:
    EighthsDataset(int cols, int rows, std::vector<uint16_t>& out) {
        nRasterXSize = cols;
        nRasterYSize = rows;
        eAccess = GA_Update;
        SetBand(1, new EighthsBand(this, out));  // GDAL owns its bands
    }
};

}  // namespace

std::vector<uint16_t> proximityInEighths(const uint8_t* classes, int cols, int rows, uint8_t target) {
    initGdal();
    // The classes, read in place through a MEM dataset on the caller's array.
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDatasetUniquePtr src(mem->Create("", cols, rows, 0, GDT_Byte, nullptr));
    CPLStringList bandOptions;
    bandOptions.SetNameValue("DATAPOINTER", fmt::format("{}", static_cast<const void*>(classes)).c_str());
    if (src->AddBand(GDT_Byte, bandOptions.List()) != CE_None)
        throw Error("distance to forest: wrapping the classes failed: " + lastGdalError());

    std::vector<uint16_t> eighths(static_cast<std::size_t>(cols) * rows, 65535);
    EighthsDataset dst(cols, rows, eighths);
    CPLStringList options;
    options.SetNameValue("VALUES", std::to_string(target).c_str());
    options.SetNameValue("DISTUNITS", "PIXEL");
    options.SetNameValue("MAXDIST", fmt::format("{}", kMaxProximityCells).c_str());
    options.SetNameValue("NODATA", fmt::format("{}", kMaxProximityCells).c_str());
    if (GDALComputeProximity(src->GetRasterBand(1), dst.GetRasterBand(1), options.List(), nullptr, nullptr) != CE_None)
        throw Error("distance to forest: GDAL's proximity failed: " + lastGdalError());
    dst.FlushCache(false);
    return eighths;
}

}  // namespace forestsink
