// The rasters of a run split into bands of rows (issue 13 item 3), without
// MPI: each band's state writes its band files, then each layer's COG is
// assembled by one "rank" from all of them. The COGs and styles must be those
// the whole state writes, byte for byte — sequestration included, which reads
// each band's own carbon snapshot of the year before.
#include "sim/programmes/ProgrammeKinds.h"
#include "SyntheticInputs.h"
#include "report/OutputFolder.h"
#include "report/ReportRasters.h"
#include "sim/RowBands.h"
#include "sim/Simulation.h"
#include "sim/StateLoader.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

namespace forestsink {
namespace {

std::string bytesOf(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(BandRasters, ReportRastersWrittenByBandsAreTheWholeStatesByteForByte) {
    const Scenario s = loadScenario(test::sourceDir() / "scenarios" / "hubei-plan-2011-2015.toml", programmeKinds());
    const SpeciesTable species = SpeciesTable::load(s.speciesTable);
    const ThreadRunner runner(2, 64);
    Simulation sim(s, species, loadState(s, species, runner).state, runner);
    sim.start();
    const CellState before = sim.state();  // the year before: the sequestration layer reads its carbon
    const int year = s.startYear + 1;
    sim.step(year);
    const BiomassParameters& bio = sim.biomass();

    const auto dir = test::freshDir("band_rasters");
    OutputFolder whole(dir / "whole");
    const auto snapshot = whole.scratchPath("carbon.tif");
    writeCarbonSnapshot(snapshot, before, bio);
    const std::vector<std::string> files =
        writeReportRasters(whole, year, s, species, sim.state(), bio, snapshot, runner);
    ASSERT_EQ(files.size(), 14u);  // seven layers, each a COG and a style

    for (int parts : {2, 3}) {
        OutputFolder banded(dir / fmt::format("bands{}", parts));
        RasterBands bands{banded.scratchPath("bands"), bandsByStudyCells(sim.state().cells, parts)};
        std::filesystem::create_directories(bands.dir);
        for (int r = 0; r < parts; ++r) {
            const auto band = bands.rows[static_cast<std::size_t>(r)];
            ASSERT_GT(band.count, 0);
            const auto bandSnapshot = banded.scratchPath(fmt::format("carbon.band{}.tif", r));
            writeCarbonSnapshot(bandSnapshot, cutBand(before, band), bio);
            writeBandRasters(bands.dir, r, year, s, species, cutBand(sim.state(), band), bio, bandSnapshot, runner);
        }
        for (int r = 0; r < parts; ++r)
            EXPECT_EQ(assembleReportRasters(banded, year, s, species, sim.state().grid, bands, true, r, parts, runner),
                      files);
        for (const std::string& f : files) {
            const std::string want = bytesOf(whole.stagingPath(f)), got = bytesOf(banded.stagingPath(f));
            EXPECT_FALSE(want.empty()) << f;
            EXPECT_TRUE(want == got) << f << " in " << parts << " bands: " << got.size() << " bytes against "
                                     << want.size();
        }
        for (int r = 0; r < parts; ++r) removeBandRasters(bands.dir, r, year, s, species);
        EXPECT_TRUE(std::filesystem::is_empty(bands.dir)) << "band files left after removeBandRasters";
    }
}

}  // namespace
}  // namespace forestsink
