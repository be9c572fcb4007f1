// Memory a run needs and records: draws that cannot fit are refused; run.json holds the state and peak.
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
#include "sim/CellState.h"

namespace forestsink {
namespace {

// Draws on a grid whose two states do not fit are refused, naming the sizes.
TEST(RunMemory, DrawsNeedingTwoStatesThatDoNotFitAreRefused) {
    EXPECT_NO_THROW(requireMemoryForDraws(0, std::size_t{14} << 30, 1));
    EXPECT_NO_THROW(requireMemoryForDraws(20, std::size_t{1} << 30, 2));
    try {
        requireMemoryForDraws(20, 14'295'406'080, 1);
        FAIL() << "draws accepted";
    } catch (const Error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("--draws 20"), std::string::npos) << m;
        EXPECT_NE(m.find("14.30 GB"), std::string::npos) << m;
        EXPECT_NE(m.find("holds only 1 state"), std::string::npos) << m;
    }
}

// run.json records the state's size and the peak memory, which must at least
// hold that state; a plan-only run has the baseline's contribution only.
TEST(RunMemory, CgroupLimitFilesAreReadAsBytesOrNoLimit) {
    EXPECT_EQ(parseCgroupLimit("8589934592\n"), std::optional<std::size_t>(8589934592));
    EXPECT_EQ(parseCgroupLimit("max\n"), std::nullopt);                  // v2: no limit
    EXPECT_EQ(parseCgroupLimit("9223372036854771712"), std::nullopt);   // v1: no limit
    EXPECT_EQ(parseCgroupLimit(""), std::nullopt);                      // no such file
}

TEST(RunMemory, AvailableMemoryIsTheSmallestLimit) {
    MemoryLimits m;
    m.physical = 24e9;
    EXPECT_EQ(m.available(), 24e9);
    EXPECT_EQ(m.binding(), "the machine's physical memory");
    m.cgroup = 16e9;
    EXPECT_EQ(m.available(), 16e9);
    EXPECT_EQ(m.binding(), "the control group's memory limit");
    m.addressSpace = 8e9;
    EXPECT_EQ(m.available(), 8e9);
    EXPECT_EQ(m.binding(), "the address-space limit (ulimit -v)");
}

TEST(RunMemory, RunJsonRecordsStateAndPeakMemory) {
    RunOptions o;
    o.scenario = test::sourceDir() / "scenarios" / "yunnan-plan-2011-2020.toml";
    o.outDir = test::freshDir("memory-run");
    o.threads = 2;
    o.contributions = ContributionsMode::Plan;
    const RunResult r = runScenario(o);
    ASSERT_EQ(r.contributions.size(), 1u);
    std::ifstream in(o.outDir / "run.json");
    const auto j = nlohmann::json::parse(in);
    const auto cells = j["grid"]["cells"].get<std::size_t>();
    const auto study = j["grid"]["study_cells"].get<std::size_t>();
    const auto rows = j["grid"]["rows"].get<std::size_t>();
    // 16 bytes per study cell and none for outside cells, plus the index:
    // at least 16 bytes a row, and less than a byte per grid cell.
    const auto stateBytes = j["memory"]["state_bytes"].get<std::size_t>();
    EXPECT_GE(stateBytes, study * CellState::kBytesPerCell + rows * 16);
    EXPECT_LT(stateBytes, study * CellState::kBytesPerCell + cells);
    EXPECT_GE(j["memory"]["peak_resident_bytes"].get<std::size_t>(), j["memory"]["state_bytes"].get<std::size_t>());
    EXPECT_GE(j["memory"]["peak_resident_bytes"].get<std::size_t>(),
              j["memory"]["peak_resident_bytes_main_run"].get<std::size_t>());
    EXPECT_LE(j["memory"]["peak_resident_bytes"].get<std::size_t>(), physicalMemoryBytes());
    EXPECT_EQ(j["contributions"], "plan");
    EXPECT_GT(j["grid"]["study_cells"].get<std::size_t>(), 0u);
    EXPECT_LT(j["grid"]["study_cells"].get<std::size_t>(), cells);
}

}  // namespace
}  // namespace forestsink
