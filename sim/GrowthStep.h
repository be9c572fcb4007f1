#pragma once
// The growth part of the yearly step: every stand grows one year along its
// species and site curve (rule in species/GrowthTable.h), with a programme's
// growth gain while it lasts, and ages by one year. Growth on forest-class
// cells is recorded as a flow.
#include "sim/CellState.h"
#include "sim/Flows.h"
#include "common/ThreadRunner.h"
#include "species/GrowthTable.h"

#include <array>
#include <vector>

namespace forestsink {

struct GrowthContext {
    int year = 0;
    std::array<float, 256> gainFactor;     // by treatment: 1 + growth gain (1 for none)
    std::array<float, 256> speciesFactor;  // by species: increment multiplier (Monte Carlo), 1 by default
    std::vector<bool> isForest;         // by land class
    FlowSums* flows = nullptr;          // may be null
    const std::vector<int32_t>* regionIndex = nullptr;

    GrowthContext() {
        gainFactor.fill(1.0f);
        speciesFactor.fill(1.0f);
    }
};

void growOneYear(CellState& state, const GrowthTable& growth, const ThreadRunner& runner,
                 const GrowthContext& context = GrowthContext());

// Grows the stand of state entry i (which carries trees) by one year and ages
// it; returns its volume change, m³/ha, exact in double.
inline double growCell(CellState& state, std::size_t i, const GrowthTable& growth, const GrowthContext& ctx) {
    const uint8_t species = state.species[i];
    const float gain = (static_cast<uint16_t>(ctx.year) <= state.until[i] ? ctx.gainFactor[state.treatment[i]] : 1.0f) *
                       ctx.speciesFactor[species];
    const float before = state.volume[i];
    state.volume[i] = GrowthTable::grow(before, growth.step(species, state.site[i], state.age[i]),
                                        static_cast<float>(state.plantedStocking[i]) * 0.01f, gain);
    if (state.age[i] < UINT16_MAX) ++state.age[i];
    return static_cast<double>(state.volume[i]) - static_cast<double>(before);
}

}  // namespace forestsink
