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
};

double metricOf(const Totals& province, TargetMetric metric);
std::vector<TargetOutcome> evaluateTargets(const Scenario& scenario, const std::vector<YearRecord>& years);

}  // namespace forestsink
