#pragma once
// The year's flows of forest stock (volume on the forest classes), by row and
// region, for the ledger: stock(t) = stock(t−1) + growth − harvest − loss
// − construction + reclass;
// and the carbon flows of soil and wood products.
#include "sim/RowSums.h"

namespace forestsink {

enum Flow : int {
    kGrowthM3,   // growth of stands on forest-class cells
    kHarvestM3,  // removals from forest-class cells (harvest, clearing before replanting)
    kLossM3,     // volume lost to disturbances on forest-class cells
    kReclassM3,  // volume of cells entering the forest classes minus that of cells leaving them
    // Carbon flows of the pools that lag behind the cells (t C; sim/SlowPools.h):
    // soil(t) = soil(t−1) + soil change; hwp(t) = hwp(t−1) + inflow − decay.
    kSoilChangeC,  // soil organic carbon gained (+) or lost (−) on its way to a new equilibrium
    kHwpInflowC,   // carbon of the year's harvest entering wood products
    kHwpDecayC,    // carbon of wood products decaying (emitted) in the year
    // Area, not stock: un-closed plantations that failed their survival check
    // this year and returned to land suitable for forest (ha): the shortfall to replant.
    kPlantationFailedHa,
    // Natural succession ([succession], sim/Succession.h), areas (ha): sparse
    // forest that became tree forest, other shrubland that became sparse forest.
    kNaturalToForestHa,
    kNaturalToSparseHa,
    // Land taken by construction programmes (sim/programmes/Construction.h):
    // its area (ha, any class), the forest stock removed with it (m³, a loss
    // of the stock ledger) and the tree carbon of every stand removed (t C).
    kConstructionHa,
    kConstructionM3,
    kConstructionCarbonT,
    kFlowCount
};

using FlowSums = RowSums;

}  // namespace forestsink
