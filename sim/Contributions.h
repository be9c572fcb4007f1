#pragma once
// What each programme buys: the plan against the plan without that programme
// (same inputs, same seed), and the whole plan against its baseline scenario.
#include "common/ProcessGroup.h"
#include "common/ProgressSink.h"
#include "common/ThreadRunner.h"
#include "scenarios/Scenario.h"
#include "sim/CellState.h"
#include "sim/Simulation.h"
#include "species/SpeciesTable.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace forestsink {

struct Contribution {
    std::string name, kind;
    std::vector<double> additionalStockM3, additionalCo2eT, cumulativeCostYuan;  // by year index
};

// `with` against `without`, year by year (stock and CO2e of the province);
// the costs are cumulative costs by year index.
Contribution contributionOf(std::string name, std::string kind, const std::vector<YearRecord>& with,
                            const std::vector<YearRecord>& without, std::vector<double> cumulativeCostYuan);

// Everything a run with a baseline measures.
struct ContributionRuns {
    std::vector<YearRecord> baselineYears;
    std::vector<Region> baselineRegions;
    std::vector<Contribution> contributions;  // the first is "all programmes"; then one per programme when asked
};

// The plan without programme i, year by year, for each i run: by programme index.
using RunsWithout = std::map<std::size_t, std::vector<YearRecord>>;

struct ContributionPlan {
    bool eachProgramme = true;  // also the plan without each programme, one run each
    // Runs without a programme may run side by side, one thread each (a
    // state per thread fits in memory); otherwise one after the other.
    bool parallelRuns = false;
    // The programmes whose run without them this process makes (all when
    // unset); `runsElsewhere`, when set, adds the others' (other MPI ranks).
    std::optional<std::vector<std::size_t>> withoutHere;
    std::function<void(RunsWithout&)> runsElsewhere;
    // In a run split into bands of rows (sim/RowBands.h): the ranks, which
    // run every simulation together, one after the other, each on its band.
    const ProcessGroup* bands = &singleProcess();
};

// The plan without each programme of `which`: independent runs from
// `initialFor(plan)`, side by side (one thread each) when `parallel`;
// `bands` as in ContributionPlan (never side by side then).
RunsWithout runWithoutProgrammes(const Scenario& plan, const std::vector<std::size_t>& which,
                                 const SpeciesTable& species,
                                 const std::function<CellState(const Scenario&)>& initialFor,
                                 const ThreadRunner& runner, bool parallel, ProgressSink* progress = nullptr,
                                 const ProcessGroup& bands = singleProcess());

// Runs the baseline and, when asked, the plan without each programme.
// `initialFor(s)` gives the initial state of scenario s (a copy, or the
// inputs read again). `progress`, if given, advances by runs (the stage is the caller's).
ContributionRuns measureContributions(const Scenario& plan, const std::vector<YearRecord>& planYears,
                                      const Scenario& baseline, const SpeciesTable& species,
                                      const std::function<CellState(const Scenario&)>& initialFor,
                                      const ThreadRunner& runner, const ContributionPlan& how,
                                      ProgressSink* progress = nullptr);

}  // namespace forestsink
