#pragma once
// Where the figures of a report come from: the Monte Carlo draws (how many,
// the seed, what varied and how), and whether the inputs are the shipped
// synthetic demo data (their rasters say so in their SOURCE metadata).
#include "scenarios/Scenario.h"

#include <string>

namespace forestsink {

// The "Draws" section of report.html; empty without draws.
std::string drawsSection(const Scenario& scenario, std::size_t draws);

// Whether any input layer is forestsink's synthetic demo data.
bool usesSyntheticDemoData(const Scenario& scenario);

}  // namespace forestsink
