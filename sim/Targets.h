#pragma once
// Targets against a run's years: the value required, the value at the target
// year, whether and when it is first reached, and the gap.
#include "scenarios/Scenario.h"
#include "sim/Simulation.h"

#include <optional>
#include <vector>

namespace forestsink {

// A target's outcome.
struct TargetOutcome {
    const TargetSpec* target = nullptr;
    double required = 0;   // the value to reach (an increase made absolute)
    double simulated = 0;  // at the target year
    bool reached = false;
    std::optional<int> firstYearReached;
    double gap = 0;  // required − simulated; ≤ 0 when reached
    int regionIndex = -1;  // the target's region in the run's regions; -1 for the whole study area
};

double metricOf(const Totals& province, TargetMetric metric);

// The index in `regions` of a target's region (-1 for the whole study area);
// an Error naming the target and the regions on the grid when it is not one of them.
int targetRegionIndex(const TargetSpec& target, const std::vector<Region>& regions);

// The target's metric in a year: of its region, or of the whole study area.
double targetValueIn(const YearTotals& totals, const TargetSpec& target, int regionIndex);

// Targets are evaluated on the province totals, or on their region's
// (`regions` in the order of the years' byRegion totals).
std::vector<TargetOutcome> evaluateTargets(const Scenario& scenario, const std::vector<YearRecord>& years,
                                           const std::vector<Region>& regions = {});

}  // namespace forestsink
