// Benchmarks of the yearly step on an in-memory grid (no I/O): growth and
// accounting, at 1 and 2 threads, and the memory-bandwidth probes they are
// compared with. Items are study cells (the state's entries), so items/s =
// study cells × years per second. Run: build/tests/bench_step (see README,
// "Benchmarks").
#include "scenarios/Scenario.h"
#include "sim/Accounting.h"
#include "sim/GrowthStep.h"
#include "sim/Simulation.h"

#include <benchmark/benchmark.h>

#include <filesystem>

namespace forestsink {
namespace {

constexpr int kCols = 4000, kRows = 2000;  // 8 million cells, about a 1 km province × 20

const SpeciesTable& species() {
    static const SpeciesTable t = SpeciesTable::load(std::filesystem::path(FORESTSINK_SOURCE_DIR) / "species" /
                                                     "yunnan-species.csv");
    return t;
}

// Cell r's random draw, the same for a cell whatever the layout.
uint32_t drawOf(std::size_t cell) {
    const uint64_t h = (cell + 12345) * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(h >> 33);
}

// About the demo's mix: 47 % forest, 5 % sparse, 38 % treeless, and 10 % of
// the grid outside the study area (no state).
CellState makeState() {
    CellState s;
    Grid g;
    g.cols = kCols;
    g.rows = kRows;
    StudyCells cells(kCols);
    std::vector<uint8_t> mask(kCols);
    for (int row = 0; row < kRows; ++row) {
        for (int col = 0; col < kCols; ++col) mask[col] = drawOf(static_cast<std::size_t>(row) * kCols + col) % 100 < 90;
        cells.addRow(mask.data());
    }
    cells.finish();
    s.allocate(g, std::move(cells));
    s.cellAreaHa.assign(kRows, 100.0);
    s.regions = {{1, "a"}, {2, "b"}, {3, "c"}, {4, "d"}};
    for (int row = 0; row < kRows; ++row)
        s.cells.forEachInRow(row, [&](std::size_t i, int col) {
            const uint32_t r = drawOf(s.cells.gridCell(row, col));
            const int kind = r % 100;
            s.landClass[i] = kind < 47 ? LandClass::Forest : kind < 52 ? LandClass::SparseForest : LandClass::NonForest;
            s.region[i] = static_cast<uint16_t>(1 + row * 4 / kRows);
            if (kind < 52) {
                s.species[i] = static_cast<uint8_t>((r >> 8) % species().size());
                s.site[i] = static_cast<uint8_t>((r >> 12) % 3);
                s.age[i] = static_cast<uint16_t>(1 + (r >> 16) % 120);
                s.volume[i] = static_cast<float>((r >> 4) % 300);
            }
        });
    return s;
}

void BM_Growth(benchmark::State& st) {
    CellState s = makeState();
    const GrowthTable table(species());
    const ThreadRunner runner(static_cast<int>(st.range(0)), 64);
    for (auto _ : st) growOneYear(s, table, runner);
    st.SetItemsProcessed(st.iterations() * static_cast<int64_t>(s.cellCount()));
    st.counters["state_bytes_per_cell"] = CellState::kBytesPerCell;
}

void BM_Accounting(benchmark::State& st) {
    const CellState s = makeState();
    const BiomassParameters bio(species());
    const AccountingRules forest = forestOnlyRules();
    const ThreadRunner runner(static_cast<int>(st.range(0)), 64);
    for (auto _ : st) benchmark::DoNotOptimize(accountYear(2010, s, bio, forest, runner));
    st.SetItemsProcessed(st.iterations() * static_cast<int64_t>(s.cellCount()));
}

// One simulated year of a run without programmes: the engine's step, its one
// pass over the state (growth, class transitions, accounting) and the ledger.
void BM_YearlyStep(benchmark::State& st) {
    static Scenario scenario;
    scenario.forestClasses = {LandClass::Forest};
    scenario.startYear = 2007;
    scenario.endYear = 9999;
    const ThreadRunner runner(static_cast<int>(st.range(0)), 64);
    CellState s = makeState();
    const std::size_t cells = s.cellCount();
    Simulation simulation(scenario, species(), std::move(s), runner);
    simulation.start();
    int year = 2008;
    for (auto _ : st) benchmark::DoNotOptimize(simulation.step(year++));
    st.SetItemsProcessed(st.iterations() * static_cast<int64_t>(cells));
}

// The memory-bandwidth probe, in the step's own units: one pass that reads
// every byte of the state (16 per study cell) and writes age and volume back, with
// no model work. A step as fast as this is bound by memory, not by arithmetic;
// the benchmark script divides the step's rate by this one.
void BM_StateSweep(benchmark::State& st) {
    CellState s = makeState();
    const ThreadRunner runner(static_cast<int>(st.range(0)), 64);
    for (auto _ : st) {
        runner.forEachTile(s.grid.rows, [&](int firstRow, int rowCount) {
            const std::size_t begin = s.cells.rowBegin(firstRow);
            const std::size_t end = s.cells.rowEnd(firstRow + rowCount - 1);
            for (std::size_t i = begin; i < end; ++i) {
                const uint32_t mix = static_cast<uint32_t>(s.landClass[i]) ^ s.species[i] ^ s.site[i] ^ s.region[i] ^
                                     s.treatment[i] ^ s.until[i] ^ s.flags[i] ^ s.plantedStocking[i];
                s.age[i] = static_cast<uint16_t>(s.age[i] + (mix & 1));
                s.volume[i] += static_cast<float>(mix & 3);
            }
        });
        benchmark::ClobberMemory();
    }
    st.SetItemsProcessed(st.iterations() * static_cast<int64_t>(s.cellCount()));
    st.SetBytesProcessed(st.iterations() * static_cast<int64_t>(s.cellCount()) *
                         static_cast<int64_t>(CellState::kBytesPerCell + sizeof(uint16_t) + sizeof(float)));
}

// A plain memory-bandwidth probe (STREAM triad a = b + q·c on 3 × 512 MB).
void BM_StreamTriad(benchmark::State& st) {
    constexpr std::size_t n = std::size_t{1} << 27;
    std::vector<float> a(n, 0.0f), b(n, 1.0f), c(n, 2.0f);
    const ThreadRunner runner(static_cast<int>(st.range(0)), 1);
    constexpr int kRows = 1024;
    const std::size_t perRow = n / kRows;
    for (auto _ : st) {
        runner.forEachTile(kRows, [&](int first, int count) {
            for (std::size_t i = first * perRow; i < (first + count) * perRow; ++i) a[i] = b[i] + 3.0f * c[i];
        });
        benchmark::ClobberMemory();
    }
    st.SetBytesProcessed(st.iterations() * static_cast<int64_t>(3 * n * sizeof(float)));
}

BENCHMARK(BM_StateSweep)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StreamTriad)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Growth)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Accounting)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_YearlyStep)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace forestsink

BENCHMARK_MAIN();
