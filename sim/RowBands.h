#pragma once
// A run split into bands of grid rows, one per MPI rank (issue 13): each rank
// holds the state of its band only, and the engine's sums and allocations are
// combined over the ranks (common/ProcessGroup.h) so that every answer is the
// one process's.
#include "sim/CellState.h"

#include <vector>

namespace forestsink {

// `parts` bands of consecutive rows, balanced by study cells (not rows): band
// k ends at the first row where the cells so far reach (k + 1) / parts of all.
// Every row is in exactly one band; a band may be empty.
std::vector<CellState::RowBand> bandsByStudyCells(const StudyCells& cells, int parts);
// The same from the study cells of each row.
std::vector<CellState::RowBand> bandsByRowCells(const std::vector<int64_t>& cellsOfRow, int parts);

// The state of `band`'s rows only, copied from a state of the whole grid.
CellState cutBand(const CellState& whole, CellState::RowBand band);

}  // namespace forestsink
