// Same inputs → byte-identical outputs, whatever the thread count or tile size.
#include "SyntheticInputs.h"

#include <fmt/format.h>

#include "app/RunCommand.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

namespace forestsink {
namespace {

namespace fs = std::filesystem;

std::string bytesOf(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

fs::path runDemo(int threads, int tileRows, const char* scenario = "yunnan-demo.toml") {
    RunOptions o;
    o.scenario = test::sourceDir() / "scenarios" / scenario;
    o.outDir = test::freshDir(fmt::format("{}-t{}-tile{}", scenario, threads, tileRows));
    o.threads = threads;
    o.tileRows = tileRows;
    runScenario(o);
    return o.outDir;
}

TEST(Determinism, OneAndTwoThreadsAndThreeTileSizesGiveIdenticalBytes) {
    const fs::path reference = runDemo(1, 16);
    const auto files = test::filesUnder(reference);
    // Rasters and styles, VRTs and their styles, tables, project, report, chart, maps, and the marker of an output set.
    ASSERT_EQ(files.size(), (4 * 6 + 3) * 2 + 7 * 2 + 4 + 7u + 1);
    for (const auto& [threads, tileRows] : {std::pair{2, 100}, std::pair{2, 7}, std::pair{2, 911}}) {
        const fs::path other = runDemo(threads, tileRows);
        EXPECT_EQ(test::filesUnder(other), files);
        for (const auto& f : files) {
            if (f == "run.json") continue;  // records threads, tiles and timings
            EXPECT_TRUE(bytesOf(reference / f) == bytesOf(other / f))
                << f << " differs between 1 thread × 16-row tiles and " << threads << " threads × " << tileRows
                << "-row tiles";
        }
    }
}

// Harvest quotas, random disturbances and regional quotas on 1, 2, 3 and 8
// threads and four tile sizes: tests/properties (properties_threads), on the
// Hubei plan, which is cheaper than the Yunnan baseline that was run here.

TEST(Determinism, AnotherSeedDrawsOtherDisturbances) {
    RunOptions o;
    o.scenario = test::sourceDir() / "scenarios" / "yunnan-baseline.toml";
    o.outDir = test::freshDir("seed");
    o.threads = 2;
    o.seed = 99;
    runScenario(o);
    const fs::path reference = runDemo(2, 64, "yunnan-baseline.toml");
    EXPECT_FALSE(bytesOf(reference / "summary.csv") == bytesOf(o.outDir / "summary.csv"));
}

}  // namespace
}  // namespace forestsink
