// Same inputs → byte-identical outputs, whatever the thread count or tile size.
#include "SyntheticInputs.h"

#include <fmt/format.h>

#include "sim/Run.h"

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

fs::path runDemo(int threads, int tileRows) {
    RunOptions o;
    o.scenario = test::sourceDir() / "scenarios" / "yunnan-demo.toml";
    o.outDir = test::freshDir(fmt::format("t{}-tile{}", threads, tileRows));
    o.threads = threads;
    o.tileRows = tileRows;
    runScenario(o);
    return o.outDir;
}

TEST(Determinism, OneAndTwoThreadsAndThreeTileSizesGiveIdenticalBytes) {
    const fs::path reference = runDemo(1, 16);
    const auto files = test::filesUnder(reference);
    ASSERT_EQ(files.size(), 12u);  // 8 rasters, summary, programmes, targets, run.json
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

}  // namespace
}  // namespace forestsink
