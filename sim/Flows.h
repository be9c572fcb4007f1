#pragma once
// The year's flows of forest stock (volume on the forest classes), by row and
// region, for the ledger: stock(t) = stock(t−1) + growth − harvest − loss + reclass.
#include "sim/RowSums.h"

namespace forestsink {

enum Flow : int {
    kGrowthM3,   // growth of stands on forest-class cells
    kHarvestM3,  // removals from forest-class cells (harvest, clearing before replanting)
    kLossM3,     // volume lost to disturbances on forest-class cells
    kReclassM3,  // volume of cells entering the forest classes minus that of cells leaving them
    kFlowCount
};

using FlowSums = RowSums;

}  // namespace forestsink
