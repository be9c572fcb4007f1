#pragma once
// One cell a programme takes in a year: what a kind's effect reads, the
// changes it may make, and the flows and tallies those changes record.
#include "scenarios/Programme.h"
#include "sim/Accounting.h"
#include "sim/CellState.h"
#include "sim/Flows.h"
#include "species/GrowthTable.h"

#include <cmath>
#include <cstdint>

namespace forestsink {

struct CompiledProgramme;

struct Treatment {
    CellState& state;
    std::size_t cell;     // index in the grid
    int row;
    std::size_t region;   // region index (for flows and tallies)
    double areaHa;        // the cell's area
    int year;
    bool wasForest;       // the cell's class counted as forest before the treatment
    const CompiledProgramme& programme;
    const ProgrammeSpec& spec;
    const AccountingRules& rules;
    const GrowthTable& growth;
    FlowSums& flows;
    int64_t& removedMilliM3;  // this thread's tally of volume removed or lost in the region (m³ × 1000)
    float stockingPct;        // the programme's planting stocking, percent of the curve
    uint8_t index;            // the programme's index (stored in CellState::treatment)
    const BiomassParameters* biomass = nullptr;  // for the carbon of a removed stand (construction)

    // A new stand: age 0, no volume yet, reaching the programme's stocking.
    // It is a plantation; it keeps the land's management category, and new
    // stands on treeless land are public-welfare forest (the plans' planting
    // is ecological) [E].
    void plant(int speciesIndex) {
        state.species[cell] = static_cast<uint8_t>(speciesIndex);
        state.age[cell] = 0;
        state.volume[cell] = 0.0f;
        state.plantedStocking[cell] = static_cast<uint8_t>(stockingPct);
        if (!state.hasForestCategories) return;
        const uint8_t f = state.flags[cell];
        const bool commercial = hasCategory(f) && (categoryOf(f) == ForestCategory::NaturalCommercial ||
                                                   categoryOf(f) == ForestCategory::PlantationCommercial);
        state.flags[cell] = withCategory(f, commercial ? ForestCategory::PlantationCommercial
                                                       : ForestCategory::PlantationPublicWelfare);
    }
    // Records `m3PerHa` taken from the stand as harvest or loss (the caller changes the volume).
    void removeVolume(float m3PerHa, Flow flow) {
        removedMilliM3 += std::llround(static_cast<double>(m3PerHa) * areaHa * 1000.0);
        if (wasForest) flows.add(row, region, flow, static_cast<double>(m3PerHa) * areaHa);
    }
    // Records `m3` (already times the area) entering (+) or leaving (−) the forest classes.
    void reclass(double m3) { flows.add(row, region, kReclassM3, m3); }
    // Marks the cell as treated by this programme until `untilYear`.
    void mark(int untilYear) {
        state.treatment[cell] = index;
        state.until[cell] = static_cast<uint16_t>(untilYear);
    }
    bool hasTrees() const { return state.species[cell] != kNoSpecies; }
};

}  // namespace forestsink
