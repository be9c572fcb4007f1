// A run split into bands over real MPI ranks (issue 13 item 2): run with
// `mpirun -np N test_mpi_bands`. Each rank reads its band of the 1 km Yunnan
// plan's and the Hubei plan's inputs, simulates it with the MPI collectives, and also the
// whole run alone; every year's totals, flows and programme tallies, and its
// band's final cells, must be the whole run's to the bit. Exit 0 when every
// rank agrees, 1 otherwise (each rank names what differs).
#include "sim/programmes/ProgrammeKinds.h"
#include "SyntheticInputs.h"
#include "mpi/MpiProcessGroup.h"
#include "sim/RowBands.h"
#include "sim/Simulation.h"
#include "sim/StateLoader.h"

#include <fmt/format.h>

#include <cstring>
#include <iostream>

namespace forestsink {
namespace {

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// What differs between the whole run's year and a band's, or "".
std::string yearDifference(const YearRecord& a, const YearRecord& b) {
    const int year = a.totals.year;
    for (int k = 0; k < kMetricCount; ++k)
        if (!sameBits(a.totals.province[k], b.totals.province[k])) return fmt::format("{}: total {}", year, k);
    for (std::size_t r = 0; r < a.flows.size(); ++r)
        for (int k = 0; k < kFlowCount; ++k)
            if (!sameBits(a.flows[r][k], b.flows[r][k])) return fmt::format("{}: flow {} of region {}", year, k, r);
    for (std::size_t p = 0; p < a.programmes.size(); ++p)
        if (a.programmes[p].areaM2ByRegion != b.programmes[p].areaM2ByRegion ||
            a.programmes[p].taken != b.programmes[p].taken || a.programmes[p].eligible != b.programmes[p].eligible)
            return fmt::format("{}: programme {}", year, a.programmes[p].programme);
    return "";
}

int checkScenario(const char* file, const ProcessGroup& ranks) {
    const Scenario s = loadScenario(test::sourceDir() / "scenarios" / file, programmeKinds());
    const SpeciesTable species = SpeciesTable::load(s.speciesTable);
    const CellState initial = loadState(s, species, ThreadRunner(1, 64)).state;
    Simulation whole(s, species, initial, ThreadRunner(1, 64));
    const std::vector<YearRecord> expected = runAllYears(whole, s);
    // The band as this rank reads it: only its rows of the inputs.
    CellState mine = loadState(s, species, ThreadRunner(2, 13), nullptr, ranks).state;
    const CellState::RowBand band = mine.band;
    Simulation part(s, species, std::move(mine), ThreadRunner(2, 13), {}, ranks);
    const std::vector<YearRecord> got = runAllYears(part, s);
    int failures = 0;
    auto fail = [&](const std::string& what) {
        std::cerr << "rank " << ranks.rank() << " of " << ranks.size() << ", " << file << ": " << what << "\n";
        ++failures;
    };
    if (got.size() != expected.size()) fail("not the same number of years");
    for (std::size_t y = 0; y < std::min(got.size(), expected.size()); ++y)
        if (const std::string d = yearDifference(expected[y], got[y]); !d.empty()) fail(d);
    const CellState& w = whole.state();
    const CellState& b = part.state();
    std::size_t cellsDiffering = 0;
    for (int row = band.first; row < band.first + band.count; ++row)
        b.cells.forEachInRow(row, [&](std::size_t i, int col) {
            const std::size_t j = *w.cells.find(row, col);
            cellsDiffering += b.landClass[i] != w.landClass[j] || b.species[i] != w.species[j] ||
                              b.age[i] != w.age[j] || !sameBits(b.volume[i], w.volume[j]) ||
                              b.treatment[i] != w.treatment[j];
        });
    if (cellsDiffering) fail(fmt::format("{} cells of the band end differently", cellsDiffering));
    return failures;
}

}  // namespace
}  // namespace forestsink

int main(int argc, char** argv) {
    using namespace forestsink;
    const std::unique_ptr<ProcessGroup> ranks = joinMpiJob(argc, argv);
    if (!ranks) {
        std::cerr << "test_mpi_bands: run it under mpirun\n";
        return 2;
    }
    std::vector<int64_t> failures{0};
    try {
        for (const char* file : {"yunnan-plan-2011-2020.toml", "hubei-plan-2011-2015.toml"})
            failures[0] += checkScenario(file, *ranks);
    } catch (const std::exception& e) {
        std::cerr << "rank " << ranks->rank() << ": " << e.what() << "\n";
        ranks->abortAll(1);
    }
    ranks->sumOnAll(failures);
    if (ranks->isFirst())
        std::cout << "test_mpi_bands: " << ranks->size() << " ranks, " << failures[0] << " difference(s)\n";
    return failures[0] == 0 ? 0 : 1;
}
