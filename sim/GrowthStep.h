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
    LandClassFlags isForest{};          // by land class
    FlowSums* flows = nullptr;          // may be null
    const std::vector<int32_t>* regionIndex = nullptr;

    GrowthContext() {
        gainFactor.fill(1.0f);
        speciesFactor.fill(1.0f);
    }
    // Whether any stand may grow by a factor other than 1 this year.
    bool hasGains() const {
        for (float f : gainFactor)
            if (f != 1.0f) return true;
        for (float f : speciesFactor)
            if (f != 1.0f) return true;
        return false;
    }
};

void growOneYear(CellState& state, const GrowthTable& growth, const ThreadRunner& runner,
                 const GrowthContext& context = GrowthContext());

// The arrays growth reads and writes, as plain pointers: a hot loop keeps
// them in registers (through CellState's vectors it may reload them).
struct GrowingStands {
    const uint8_t* species;
    const uint8_t* site;
    const uint8_t* treatment;
    const uint16_t* until;
    const uint8_t* plantedStocking;
    uint16_t* age;
    float* volume;
    explicit GrowingStands(CellState& s)
        : species(s.species.data()), site(s.site.data()), treatment(s.treatment.data()), until(s.until.data()),
          plantedStocking(s.plantedStocking.data()), age(s.age.data()), volume(s.volume.data()) {}
};

// Grows the stand of state entry i (which carries trees) by one year and ages
// it; returns its volume change, m³/ha, exact in double.
// kGains = false: the year has no growth gain and every species factor is 1
// (GrowthContext::hasGains), so the factor is 1 and is not looked up (x × 1
// is x exactly: the same volume). A stand past age 0 (the table's newStand is
// 0) adds 0 × its planting stocking, exactly 0, so the stocking is read only
// for a new stand.
template <bool kGains = true>
inline double growCell(const GrowingStands& s, std::size_t i, const GrowthTable& growth, const GrowthContext& ctx) {
    const uint8_t species = s.species[i];
    const float before = s.volume[i];
    const GrowthTable::Step& step = growth.step(species, s.site[i], s.age[i]);
    const float stocking = step.newStand != 0.0f ? static_cast<float>(s.plantedStocking[i]) * 0.01f : 0.0f;
    if constexpr (kGains) {
        const float gain = (static_cast<uint16_t>(ctx.year) <= s.until[i] ? ctx.gainFactor[s.treatment[i]] : 1.0f) *
                           ctx.speciesFactor[species];
        s.volume[i] = GrowthTable::grow(before, step, stocking, gain);
    } else {
        s.volume[i] = GrowthTable::grow(before, step, stocking);
    }
    if (s.age[i] < UINT16_MAX) ++s.age[i];
    return static_cast<double>(s.volume[i]) - static_cast<double>(before);
}
inline double growCell(CellState& state, std::size_t i, const GrowthTable& growth, const GrowthContext& ctx) {
    return growCell(GrowingStands(state), i, growth, ctx);
}

}  // namespace forestsink
