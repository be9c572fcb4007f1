#include "sim/GrowthStep.h"

namespace forestsink {

void growOneYear(CellState& state, const GrowthTable& growth, const ThreadRunner& runner) {
    const int cols = state.grid.cols;
    runner.forEachTile(state.grid.rows, [&](int firstRow, int rowCount) {
        const std::size_t begin = static_cast<std::size_t>(firstRow) * cols;
        const std::size_t end = begin + static_cast<std::size_t>(rowCount) * cols;
        const uint8_t* species = state.species.data();
        const uint8_t* site = state.site.data();
        uint16_t* age = state.age.data();
        float* volume = state.volume.data();
        for (std::size_t i = begin; i < end; ++i) {
            if (species[i] == kNoSpecies) continue;
            volume[i] = GrowthTable::grow(volume[i], growth.step(species[i], site[i], age[i]));
            if (age[i] < UINT16_MAX) ++age[i];
        }
    });
}

}  // namespace forestsink
