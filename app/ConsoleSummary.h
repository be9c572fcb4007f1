#pragma once
// What a run prints: a line a year, and at the end the province totals, the
// targets and what each programme buys.
#include "app/Console.h"
#include "scenarios/Scenario.h"
#include "sim/RunResult.h"

#include <filesystem>

namespace forestsink {

void printYearLine(const Console& console, const YearRecord& record);

void printRunSummary(const Console& console, const Scenario& scenario, const RunResult& result);

}  // namespace forestsink
