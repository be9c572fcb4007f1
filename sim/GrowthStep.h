#pragma once
// The growth part of the yearly step: every stand grows one year along its
// species and site curve (rule in species/GrowthTable.h) and ages by one year.
#include "sim/CellState.h"
#include "sim/ThreadRunner.h"
#include "species/GrowthTable.h"

namespace forestsink {

void growOneYear(CellState& state, const GrowthTable& growth, const ThreadRunner& runner);

}  // namespace forestsink
