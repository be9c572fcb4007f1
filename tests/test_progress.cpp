// Console progress: a bar on a terminal, plain lines in logs, nothing when quiet.
#include "SyntheticInputs.h"
#include "common/Error.h"
#include "raster/ComputedRaster.h"
#include "raster/Gdal.h"
#include "raster/GeoTiffWriter.h"
#include "raster/DistanceTransform.h"
#include "common/MemoryUse.h"
#include "app/Progress.h"
#include "app/RunCommand.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace forestsink {
namespace {

// What a progress display in `mode` prints for one stage of 4 units, 2 of
// them reported under the detail "2012".
std::string progressOutput(Progress::Mode mode) {
    std::ostringstream out;
    {
        Progress p(mode, out);
        p.stage("simulate", 4);
        p.detail("2012");
        p.advance(2);
        p.endStage();
    }
    return out.str();
}

TEST(Progress, PlainLinesNameTheStageAndEnd) {
    const std::string text = progressOutput(Progress::Mode::Lines);
    EXPECT_NE(text.find("progress: simulate 0 %"), std::string::npos) << text;
    EXPECT_NE(text.find("progress: simulate 2012 100 %"), std::string::npos) << text;
    EXPECT_EQ(text.find('\r'), std::string::npos) << "no terminal control in plain lines";
}

TEST(Progress, BarRedrawsInPlaceWithAnEta) {
    const std::string text = progressOutput(Progress::Mode::Bar);
    EXPECT_NE(text.find("\r\033[K"), std::string::npos);
    EXPECT_NE(text.find("100 %"), std::string::npos) << text;
    EXPECT_NE(text.find("ETA"), std::string::npos) << text;
}

TEST(Progress, OffPrintsNothing) { EXPECT_TRUE(progressOutput(Progress::Mode::Off).empty()); }

}  // namespace
}  // namespace forestsink
