#pragma once
// Monte Carlo draws of a scenario. Each draw samples the [uncertainty]
// multipliers from its own seeded stream (draw i of seed S is the same on any
// machine and thread count), runs the whole period on a copy of the state
// loaded once, and keeps the province and region totals of every year.
#include "scenarios/Scenario.h"
#include "sim/Simulation.h"
#include "sim/Targets.h"

#include <array>
#include <vector>

namespace forestsink {

class ProgressSink;

struct DrawInputs {
    Scenario scenario;
    SpeciesTable species;
    std::array<float, 256> growthFactor;  // by species index
    double ageFactor = 1;                  // input stand ages times this (Simulation::scaleInputAges)
};

DrawInputs makeDraw(const Scenario& base, const SpeciesTable& species, int draw);

struct DrawResult {
    std::vector<YearRecord> years;  // totals only
    std::vector<bool> reached;      // by target
};

// Draws run in parallel, one per thread, each on its own copy of `initial`.
// `progress`, if given, starts a stage and advances by draws.
std::vector<DrawResult> runDraws(const Scenario& scenario, const SpeciesTable& species, const CellState& initial,
                                 const ThreadRunner& runner, int draws, ProgressSink* progress = nullptr);
// The draws numbered `which` only (a share of the draws, as an MPI rank runs
// them), in that order: draw i is the same whoever runs it. `bands`: in a
// run split into bands of rows (sim/RowBands.h), the ranks, each with its
// band of `initial`; they run every draw together, one draw at a time.
std::vector<DrawResult> runDraws(const Scenario& scenario, const SpeciesTable& species, const CellState& initial,
                                 const ThreadRunner& runner, const std::vector<int>& which,
                                 ProgressSink* progress = nullptr, const ProcessGroup& bands = singleProcess());

// Share of draws that reach each target by its year.
std::vector<double> targetProbabilities(const std::vector<DrawResult>& draws, std::size_t targets);

}  // namespace forestsink
