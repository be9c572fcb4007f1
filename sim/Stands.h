#pragma once
// A grid coarser than the data keeps what lies inside each of its cells
// (issue 19; docs/stand-state.md): the state is first read on the data's own
// cells, then each grid cell gets the stands of the source cells whose
// centres lie in it. Source cells of one land class, species, site class,
// region, forest category, programme bookkeeping and eligibility-raster
// tests, of one age and of near volumes merge into one stand: its area is
// the sum of theirs, its volume per hectare (and age) their area-weighted
// means. Codes are never averaged; only stands of equal codes merge.
//
// Models: LANDIS-II (species–age cohorts per cell) and CBM-CFS3 / libcbm
// (inventory strata, each with its area).
#include "common/ProgressSink.h"
#include "common/ThreadRunner.h"
#include "raster/CentreToCell.h"
#include "raster/Grid.h"
#include "scenarios/Programme.h"
#include "sim/CellState.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace forestsink {

// Source cells merge into one stand when every code is equal, their ages
// differ by at most kStandAgeToleranceYears and their volumes by at most
// kStandVolumeTolerance of the smaller (1 m³/ha at least). Equal ages: ages
// within 5 years grew +2.9 % more on Hubei's 4 km grid, since a mean age
// does not grow as its stands do. Near volumes: growth stops at the curve's
// plateau (species/GrowthTable.h), so the mean of volumes on either side of
// it grows more than they do (+0.8 % at 4x unbounded). Land without trees
// never merges, so a programme planting or converting it takes it a source
// cell at a time. A cell that would hold more than kMaxStandsPerCell stands
// merges again with both tolerances doubled and land without trees merged
// by 16 source cells at most, then 256, and so on, until it fits.
constexpr int kStandAgeToleranceYears = 0;
constexpr double kStandVolumeTolerance = 0.05;
constexpr int kMaxStandsPerCell = 255;  // bounds the state of a grid much coarser than the data

// An eligibility raster's test (its file and range), as a stand's bit names it.
std::string eligibilityTestId(const RasterThreshold& r);

// Whether `grid` is made of stands of `data`'s cells: in the same CRS, cells
// larger than the data's (by more than a millionth) in both directions; in
// another, cells whose sides span √2 data cells or more (measured at the
// grid's middle), so that every cell over the data holds a data cell's centre.
bool gridHoldsStands(const Grid& grid, const Grid& data);

// The cells of `data`'s lattice whose centres lie in `grid`, within the
// data's extent: where the state is read before it becomes stands. In
// another CRS, the data's cells under the grid's extent (its edges carried
// into the data's CRS), a cell wider: some centres there lie outside the grid.
Grid sourceGridOver(const Grid& grid, const Grid& data);

// What building the stands kept, for the run's notes (issue 19 item 4).
struct StandSummary {
    std::size_t cells = 0;            // grid cells of the study area
    std::size_t stands = 0;
    std::size_t sourceCells = 0;      // study cells of the data's grid
    std::size_t multiStandCells = 0;  // grid cells of more than one stand
    std::size_t mostStands = 0;       // of any cell
    // Whole 1e-6 ha, so that sums do not depend on the order of tiles or ranks:
    int64_t mergedMicroHa = 0;              // area of source cells merged with others of another age
    int64_t ageDifferenceMicroHaYears = 0;  // Σ area × |age − its stand's age| (the mean is this / mergedMicroHa)
    int widenedCells = 0;             // cells merged with a wider tolerance than kStandAgeToleranceYears

    // Summed over MPI ranks (each built its band's stands).
    std::vector<int64_t> asCounts() const;
    void addCounts(const std::vector<int64_t>& counts);
};

// The state of `grid` (its rows `band`) built of stands of `source`, the
// state read on sourceGridOver(grid, ...) (its rows over `band`).
// `passes[k]` (by state index of `source`) is eligibility test k on the
// source cells; the stands carry it as bit k.
// `data` is the land-class raster's grid, on which a stand's place is its
// first source cell's.
CellState standsOfSourceCells(const CellState& source, const Grid& grid, const Grid& data, CellState::RowBand band,
                              const std::vector<std::vector<bool>>& passes, const ThreadRunner& runner,
                              StandSummary& summary, ProgressSink* progress = nullptr);

// The rows of toGrid's source (the data's grid over the grid) holding cell
// centres that lie in grid rows [first, first + count).
CellState::RowBand sourceRowsOf(const CentreToCell& toGrid, CellState::RowBand band, const ThreadRunner& runner);

// Keeps of `runs` (columns of source row `sourceRow`) the cells whose centres
// lie in the grid's rows `band`: a rank of a run split into bands then reads
// the source cells of its own grid rows only, and each source cell is read
// once. Only grids in another CRS drop any (the rows of sourceRowsOf in the
// same CRS hold cells of the band alone).
void keepCellsInRows(const CentreToCell& toGrid, int sourceRow, CellState::RowBand band,
                     std::vector<std::pair<int, int>>& runs);

}  // namespace forestsink
