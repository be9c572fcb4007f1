#include "sim/StockByForestType.h"

#include "sim/RowSums.h"

namespace forestsink {

StockByForestType forestStockByType(const CellState& state, const LandClassFlags& isForest, std::size_t groupCount) {
    const std::vector<int32_t> regionIndex = regionIndexTable(state.regions);
    StockByForestType stock;
    stock.byRegion.assign(state.regions.size(), std::vector<double>(groupCount, 0.0));
    std::vector<std::vector<double>> row(state.regions.size(), std::vector<double>(groupCount, 0.0));
    for (int r = state.band.first; r < state.band.first + state.band.count; ++r) {
        for (auto& sums : row) std::fill(sums.begin(), sums.end(), 0.0);
        state.cells.forEachInRow(r, [&](std::size_t i, int col) {
            const uint8_t s = state.species[i];
            if (s == kNoSpecies || !isForest[static_cast<int>(state.landClass[i])]) return;
            row[regionIndex[state.region[i]]][s] += state.volume[i] * state.weightInRow(i, r, col);
        });
        for (std::size_t k = 0; k < row.size(); ++k)
            for (std::size_t g = 0; g < groupCount; ++g) stock.byRegion[k][g] += row[k][g] * state.rowScale(r);
    }
    stock.province.assign(groupCount, 0.0);
    for (const auto& region : stock.byRegion)
        for (std::size_t g = 0; g < groupCount; ++g) stock.province[g] += region[g];
    return stock;
}

}  // namespace forestsink
