#include "sim/GrowthStep.h"

namespace forestsink {

void growOneYear(CellState& state, const GrowthTable& growth, const ThreadRunner& runner,
                 const GrowthContext& ctx) {
    const auto year = static_cast<uint16_t>(ctx.year);
    const StudyCells& cells = state.cells;
    runner.forEachTile(state.grid.rows, [&](int firstRow, int rowCount) {
        const uint8_t* species = state.species.data();
        const uint8_t* site = state.site.data();
        const uint8_t* treatment = state.treatment.data();
        const uint16_t* until = state.until.data();
        const uint8_t* stocking = state.plantedStocking.data();
        uint16_t* age = state.age.data();
        float* volume = state.volume.data();
        std::vector<double> rowGrowth(state.regions.size());
        for (int row = firstRow; row < firstRow + rowCount; ++row) {
            std::fill(rowGrowth.begin(), rowGrowth.end(), 0.0);
            cells.forEachInRow(row, [&](std::size_t i, int col) {
                if (species[i] == kNoSpecies) return;
                const float gain =
                    (year <= until[i] ? ctx.gainFactor[treatment[i]] : 1.0f) * ctx.speciesFactor[species[i]];
                const float before = volume[i];
                volume[i] = GrowthTable::grow(before, growth.step(species[i], site[i], age[i]),
                                              static_cast<float>(stocking[i]) * 0.01f, gain);
                if (age[i] < UINT16_MAX) ++age[i];
                if (ctx.flows && ctx.isForest[static_cast<int>(state.landClass[i])])
                    rowGrowth[(*ctx.regionIndex)[state.region[i]]] +=
                        (static_cast<double>(volume[i]) - static_cast<double>(before)) *  // exact in double
                        state.cellAreaHa.weightInRow(row, col);
            });
            if (ctx.flows)  // per-cell sums are m³/ha; the row's area makes them m³
                for (std::size_t r = 0; r < rowGrowth.size(); ++r)
                    ctx.flows->add(row, r, kGrowthM3, rowGrowth[r] * state.cellAreaHa.rowScale(row));
        }
    });
}

}  // namespace forestsink
