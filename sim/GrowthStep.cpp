#include "sim/GrowthStep.h"

namespace forestsink {

void growOneYear(CellState& state, const GrowthTable& growth, const ThreadRunner& runner,
                 const GrowthContext& ctx) {
    const StudyCells& cells = state.cells;
    runner.forEachTile(state.grid.rows, [&](int firstRow, int rowCount) {
        std::vector<double> rowGrowth(state.regions.size());
        for (int row = firstRow; row < firstRow + rowCount; ++row) {
            std::fill(rowGrowth.begin(), rowGrowth.end(), 0.0);
            cells.forEachInRow(row, [&](std::size_t i, int col) {
                if (state.species[i] == kNoSpecies) return;
                const double change = growCell(state, i, growth, ctx);
                if (ctx.flows && ctx.isForest[static_cast<int>(state.landClass[i])])
                    rowGrowth[(*ctx.regionIndex)[state.region[i]]] += change * state.weightInRow(i, row, col);
            });
            if (ctx.flows)  // per-cell sums are m³/ha; the row's area makes them m³
                for (std::size_t r = 0; r < rowGrowth.size(); ++r)
                    ctx.flows->add(row, r, kGrowthM3, rowGrowth[r] * state.rowScale(row));
        }
    });
}

}  // namespace forestsink
