#pragma once
// Forest stock by forest type: the volume on the forest classes, summed by
// the stand's species group (its forest type, 优势树种组) and region, for
// calibration against an inventory's totals by forest type and region.
// Summed like the accounting's stock (each row's per-hectare values times the
// row's area, rows in order), so the groups of a region add up to its
// forest stock.
#include "sim/CellState.h"

#include <vector>

namespace forestsink {

struct StockByForestType {
    std::vector<std::vector<double>> byRegion;  // [index in CellState::regions][species group], m³
    std::vector<double> province;               // [species group], m³: the regions' sums, in region order
};

// `isForest`: by land class, the scenario's forest classes.
StockByForestType forestStockByType(const CellState& state, const LandClassFlags& isForest, std::size_t groupCount);

}  // namespace forestsink
