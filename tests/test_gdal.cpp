// GDAL as the threads of a run share it.
#include "raster/Gdal.h"

#include <gdal_priv.h>
#include <gtest/gtest.h>

namespace forestsink {
namespace {

// GDAL 3.6's COG and GTiff drivers build their creation-option list on the
// first request and replace the stored item then, freeing the string a
// concurrent CreateCopy may be reading. initGdal builds them first: the
// item stored in the driver is then the one a request returns, not replaced
// by it.
TEST(Gdal, TheCogAndGTiffDriversListTheirCreationOptionsBeforeAnyThreadWrites) {
    initGdal();
    for (const char* name : {"COG", "GTiff"}) {
        SCOPED_TRACE(name);
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(name);
        ASSERT_NE(driver, nullptr);
        const char* stored = driver->GDALMajorObject::GetMetadataItem(GDAL_DMD_CREATIONOPTIONLIST, "");
        const char* requested = driver->GetMetadataItem(GDAL_DMD_CREATIONOPTIONLIST);
        ASSERT_NE(requested, nullptr);
        EXPECT_EQ(stored, requested);  // the same string: the request replaced nothing
        EXPECT_NE(std::string(requested).find("COMPRESS"), std::string::npos);
    }
}

}  // namespace
}  // namespace forestsink
