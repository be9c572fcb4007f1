#pragma once
// Builds the initial cell state from a scenario's input layers: resolves the
// reference grid, aligns each layer to it, maps codes, and checks every value.
// A bad value stops the load with an Error naming the file, the cell, the value
// and what is allowed.
#include "scenarios/Scenario.h"
#include "sim/CellState.h"
#include "common/ProcessGroup.h"
#include "common/ThreadRunner.h"
#include "species/SpeciesTable.h"

#include <string>
#include <vector>

namespace forestsink {

class ProgressSink;

Grid resolveGrid(const Scenario& scenario);

struct LoadedState {
    CellState state;
    std::vector<std::string> notes;  // what was done to the inputs (alignment, unassigned cells)
    // The readers' time mapping the state's fresh pages before their first
    // write (common/Prefault.h), summed over the threads and divided by their
    // number: the part of reading that is the machine's memory, not the
    // files (on a virtual machine whose host hands pages back lazily, up to
    // half of it).
    double freshMemorySeconds = 0;
};

// The tests a state of `s` carries as bits of its stands (sorted, each once):
// none unless its grid is coarser than the land-class raster (sim/Stands.h).
std::vector<std::string> standEligibilityTests(const Scenario& s);
// The grid cells whose state is read for `s`: its grid's, or on a grid of
// stands the data's cells under it (held while the stands are built).
std::size_t cellsRead(const Scenario& s);
// What a state loaded for `s` depends on beyond its layers' files and its
// species table: the grid, and the stands' eligibility tests. Scenarios of
// equal identities (and inputs) may share one loaded state.
std::string loadedStateIdentity(const Scenario& s);

// `progress`, if given, advances by rows read. `ranks`: in a run split into
// bands (sim/RowBands.h), each rank reads and holds its band's rows only;
// the regions, notes and checks are those of the whole grid.
LoadedState loadState(const Scenario& scenario, const SpeciesTable& species, const ThreadRunner& runner,
                      ProgressSink* progress = nullptr, const ProcessGroup& ranks = singleProcess());

}  // namespace forestsink
