#include "sim/MemoryNeed.h"

#include "common/Error.h"
#include "raster/Gdal.h"
#include "scenarios/Scenario.h"
#include "sim/Allocator.h"
#include "sim/CellState.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

namespace forestsink {
namespace {

// The process before any state: code, GDAL, PROJ and TBB (GDAL's block cache
// is counted apart).
constexpr std::size_t kProgramBytes = std::size_t{200} << 20;

// The input reader holds, per thread, a tile of every layer as doubles:
// six layers × 8 bytes a cell.
constexpr std::size_t kTileBytesPerCell = 6 * sizeof(double);

double gb(std::size_t bytes) { return static_cast<double>(bytes) / 1e9; }

}  // namespace

MemoryNeed estimateMemoryNeed(const Grid& grid, const Scenario& scenario, int threads, int tileRows, int draws,
                              std::optional<StudyCellCount> study, int bandRows) {
    MemoryNeed m;
    m.cells = grid.cellCount();
    const StudyCellCount s = study.value_or(StudyCellCount{m.cells, true});
    m.studyCells = s.cells;
    m.studyCellsBound = s.upperBound;
    m.threads = std::max(1, threads);
    // The state holds study cells only; its index costs a few bytes a row.
    m.stateBytes = m.studyCells * CellState::kBytesPerCell + static_cast<std::size_t>(std::max(grid.rows, 0)) * 64;
    m.states = draws > 0 ? 2 : 1;  // draws keep the initial state beside each draw's own
    if (!scenario.programmes.empty()) {
        // Candidates are study cells; distance to forest takes 2 bytes a study
        // cell of the band (its share of the rows), its forest mask 1 bit a
        // grid cell, and the transform two 4-byte carries a column per tile.
        const double bandShare = bandRows < 0 || grid.rows <= 0 ? 1.0 : static_cast<double>(bandRows) / grid.rows;
        const std::size_t bandCells = static_cast<std::size_t>(bandShare * static_cast<double>(m.cells));
        const std::size_t bandStudyCells = static_cast<std::size_t>(bandShare * static_cast<double>(m.studyCells));
        m.workBytes = bandStudyCells * sizeof(uint16_t) + m.cells / 8 +
                      bandCells / static_cast<std::size_t>(std::max(tileRows, 1)) * 2 * sizeof(int32_t);
        // Every study cell a candidate, in lists of up to twice their length.
        m.candidateBytes = std::min(2 * m.studyCells * sizeof(AllocationScratch::Cached), kDefaultCandidateCacheBytes);
    }
    const std::size_t rows = static_cast<std::size_t>(std::min(std::max(tileRows, 1), std::max(grid.rows, 1)));
    m.tileBytes = static_cast<std::size_t>(m.threads) * rows * static_cast<std::size_t>(std::max(grid.cols, 0)) *
                  kTileBytesPerCell;
    // GDAL's block cache fills up to its limit (5 % of the memory this
    // process may use, raster/Gdal.h) or to the size of the inputs.
    m.fixedBytes = kProgramBytes + std::min(gdalBlockCacheBytes(), m.cells * kTileBytesPerCell);
    // While loading, each vector source (file, layer, rule) holds its features
    // burned onto the grid: one 4-byte feature index a cell.
    std::set<std::tuple<std::string, std::string, RasterizeRule>> vectorSources;
    for (const LayerSpec* l : scenario.layers())
        if (l->vector) vectorSources.insert({l->path.string(), l->vector->layer, burnRule(l->vector->rule)});
    m.loadingBytes = vectorSources.size() * m.cells * sizeof(int32_t);
    return m;
}

void requireMemory(const MemoryNeed& need, const MemoryLimits& limits) {
    const std::size_t available = limits.available();
    if (need.least() <= available) return;
    // What each option would save, for the advice.
    const std::size_t perThreadTiles = need.tileBytes / static_cast<std::size_t>(need.threads);
    std::string advice = fmt::format("a coarser grid (twice the cell size needs a quarter: {:.2f} GB)",
                                     gb(need.least() - (need.least() - need.fixedBytes) * 3 / 4));
    if (need.threads > 1)
        advice += fmt::format("; fewer --threads (each holds {:.2f} GB of tile buffers)", gb(perThreadTiles));
    if (need.states > 1)
        advice += fmt::format("; fewer --draws, or none ({:.2f} GB less without)", gb(need.stateBytes));
    advice += "; --contributions none (no baseline runs after the main run)";
    throw Error(fmt::format(
        "the run needs about {:.2f} GB of memory but {:.2f} GB are available (set by {}): {}{} cells × {} bytes "
        "of state{}{} = {:.2f} GB, programme buffers {:.2f} GB, tile buffers {:.2f} GB ({} threads), the program "
        "and GDAL's cache {:.2f} GB{}. To make it fit: {}",
        gb(need.least()), gb(available), limits.binding(), need.studyCellsBound ? "up to " : "", need.studyCells,
        CellState::kBytesPerCell,
        need.studyCellsBound ? " (the grid's cells inside the land-class file; the study area is not read yet)"
                             : " (the study area's cells)",
        need.states > 1 ? fmt::format(" × {} states (draws keep the initial one)", need.states) : std::string(),
        gb(need.states * need.stateBytes), gb(need.workBytes), gb(need.tileBytes), need.threads, gb(need.fixedBytes),
        need.loadingBytes == 0
            ? std::string()
            : fmt::format("; while loading, the vector layers burned onto the grid {:.2f} GB (freed before the "
                          "simulation's buffers)",
                          gb(need.loadingBytes)),
        advice));
}

std::size_t candidateCacheBytes(const MemoryNeed& need, const MemoryLimits& limits) {
    // The cache lives while the run simulates; the load's vector buffers are freed by then.
    const std::size_t available = limits.available();
    if (need.least() >= available) return 0;
    return std::min(available - need.simulating(), kDefaultCandidateCacheBytes);
}

}  // namespace forestsink
