#pragma once
// The per-region table of report.html: each region's area, forest, stock and
// CO2e at the start and the end, and what the programmes did there.
#include "scenarios/Scenario.h"
#include "sim/RunResult.h"

#include <string>

namespace forestsink {

std::string regionsSection(const Scenario& scenario, const RunResult& result);

}  // namespace forestsink
