#pragma once
// Un-closed plantations (未成林造林地) from planting to closure. Each carries
// its cohort (planting) year in CellState::until. At the check age its
// survival is drawn, per cell, from its species' distribution (species
// table); at or below the failure threshold (GB/T 15776: ≤ 40 % plant again)
// the planting failed and the land is land suitable for forest again. A
// surviving plantation becomes tree forest its species' closure years after
// planting (species table, by site class). scenarios/README.md, "Plantations".
#include "scenarios/Scenario.h"
#include "sim/CellState.h"
#include "species/GrowthTable.h"
#include "species/SpeciesTable.h"

#include <array>
#include <cstdint>
#include <vector>

namespace forestsink {

class PlantationRule {
public:
    // `yearsOfTreatment[t]`: the closure years programme t sets for every
    // stand it plants (afforestation's years_to_forest), 0 for the species table's.
    PlantationRule(const Scenario& scenario, const SpeciesTable& species, const std::array<int, 256>& yearsOfTreatment);

    enum class Outcome { Stays, Fails, Closes };
    // What becomes of the un-closed plantation i, on grid cell `gridCell`, in
    // `year` (called once a year for un-closed plantations only).
    Outcome outcome(const CellState& s, std::size_t i, std::size_t gridCell, int year) const;
    // Years from planting to closure of plantation i.
    int closureYears(const CellState& s, std::size_t i) const;
    // Survival of plantation i at its check: a draw keyed on the seed, the
    // grid cell and the cohort year (the same on any thread count or band
    // split), times the Monte Carlo survival factor, at most 1.
    double survival(const CellState& s, std::size_t i, std::size_t gridCell) const;

private:
    bool checks_;
    int checkAge_;
    double failAtOrBelowPct_, survivalFactor_;
    uint64_t seed_;
    std::array<int, 256> yearsOfTreatment_;
    std::vector<int> closureYears_;                      // species × site, times the closure-time factor
    std::vector<std::array<double, 3>> survivalOfSpecies_;  // low, mode, high
};

// Turns plantation i back into land suitable for forest: its stand, its
// programme mark and its forest category are gone.
void failPlanting(CellState& s, std::size_t i);

// The input state's un-closed plantations that carry no stand get one: the
// region's commonest forest species (`speciesOfRegion`, by region index),
// planted in one of the `inputCohortYears` years up to the start year (a hash
// of the grid cell picks it), at the input stocking, grown by the growth rule
// to the start year. Their cohort year goes to CellState::until.
void plantInputPlantations(CellState& s, const Scenario& scenario, const GrowthTable& growth,
                           const std::vector<int>& speciesOfRegion);

// The cohort year the rule gives input plantation on `gridCell`.
int inputCohortYear(std::size_t gridCell, int startYear, int cohortYears);

}  // namespace forestsink
