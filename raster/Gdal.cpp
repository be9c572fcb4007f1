#include "raster/Gdal.h"

#include "common/Error.h"
#include "common/InputFile.h"
#include "common/MemoryUse.h"

#include <cpl_error.h>
#include <fmt/format.h>

#include <mutex>

namespace forestsink {

void initGdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        // Keep GDAL quiet on stderr; callers read CPLGetLastErrorMsg() and
        // turn it into one clear Error.
        CPLSetErrorHandler(CPLQuietErrorHandler);
        if (!CPLGetConfigOption("GDAL_CACHEMAX", nullptr))
            GDALSetCacheMax64(static_cast<GIntBig>(0.05 * static_cast<double>(availableMemoryBytes())));
        // GDAL 3.6's COG and GTiff drivers build their list of creation options
        // on first request and then replace the item, freeing the old string,
        // while another thread's CreateCopy may be validating options against
        // it (AddressSanitizer caught it: two COGs written at once; GDAL fixed
        // it in 3.11, OSGeo/gdal#12390). Built here, once, before any thread writes.
        for (const char* name : {"COG", "GTiff"})
            if (GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(name))
                driver->GetMetadataItem(GDAL_DMD_CREATIONOPTIONLIST);
    });
}

std::size_t gdalBlockCacheBytes() {
    initGdal();
    return static_cast<std::size_t>(GDALGetCacheMax64());
}

std::string lastGdalError() {
    const char* msg = CPLGetLastErrorMsg();
    return msg ? std::string(msg) : std::string();
}

GDALDatasetUniquePtr openRaster(const std::filesystem::path& path, const std::string& what) {
    initGdal();
    requireInputFile(path, what + " file");  // before GDAL: a FIFO would block it forever
    CPLErrorReset();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!ds)
        throw Error(fmt::format("{}: cannot read {} as a raster ({})", path.string(), what,
                                lastGdalError().empty() ? "unknown format" : lastGdalError()));
    if (ds->GetRasterCount() < 1)
        throw Error(fmt::format("{}: {} has no raster band", path.string(), what));
    return ds;
}

std::string crsName(const OGRSpatialReference& srs) {
    const char* auth = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    if (auth && code) return fmt::format("{}:{}", auth, code);
    const char* name = srs.GetName();
    if (name && std::string(name) != "unknown" && std::string(name) != "unnamed") return name;
    // No name worth showing (a CRS made from a PROJ string): show that string.
    char* proj4 = nullptr;
    std::string out = "unnamed";
    if (srs.exportToProj4(&proj4) == OGRERR_NONE && proj4) out = proj4;
    CPLFree(proj4);
    return out;
}

}  // namespace forestsink
