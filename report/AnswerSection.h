#pragma once
// The top of report.html: the answer to the planner in one short paragraph,
// then a table with a row per target — reached or not, when first reached,
// the gap, the probability (with draws), what the programmes cost up to the
// target year and per t CO2e they add, and whether the baseline alone
// reaches the target.
#include "scenarios/Scenario.h"
#include "sim/RunResult.h"

#include <string>

namespace forestsink {

std::string answerSection(const Scenario& scenario, const RunResult& result);

}  // namespace forestsink
