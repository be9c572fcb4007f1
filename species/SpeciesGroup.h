#pragma once
// One species group of the species table: growth curve, biomass line, carbon
// parameters, age classes, and where each number comes from.
#include "species/BiomassEquations.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>

namespace forestsink {

// Site classes in the order of the species table's multiplier columns.
enum class SiteClass : int { Good = 0, Medium = 1, Poor = 2 };
constexpr int kSiteClassCount = 3;

constexpr double kDefaultStockingPlateau = 0.65;

struct SpeciesGroup {
    int code = 0;  // raster code, 1–254
    std::string name;
    // Chapman–Richards volume–age curve V(t) = vmax · s · (1 − exp(−k t))^c, m³/ha.
    double vmax = 0, k = 0, c = 0;
    std::array<double, kSiteClassCount> siteMultiplier{};  // s for good, medium, poor sites
    // Relative stocking S = V/C(a) from which a stand grows the full curve
    // increment (species/GrowthTable.h); optional column `stocking_plateau`,
    // 0.65 by default [E] (Assmann 1970: 60–70 % of full density).
    double stockingPlateau = kDefaultStockingPlateau;
    // The group's increment multiplier: 1 from the species table; a scenario's
    // [growth] table may calibrate it (scenarios/GrowthChoice.h).
    double growthMultiplier = 1.0;
    // Total biomass M = a + b·V (t/ha), root:shoot ratio, carbon fraction of dry mass.
    double biomassA = 0, biomassB = 0, rootShoot = 0, carbonFraction = 0;
    // Upper ages (years) of the young, middle-aged, near-mature and mature classes.
    std::array<int, 4> ageClassMax{};
    std::string growthSource, biomassSource, ageClassSource;
    // The biomass line of each equation set that has one for this group (the
    // table's own, Fang et al. 2001 by its `fang_forest_type`, a scenario's
    // table); biomassA, biomassB and biomassSource hold the chosen one.
    std::string fangForestType;
    std::array<std::optional<BiomassLine>, kBiomassEquationSetCount> biomassLines;
    // Plantations (optional columns): years from planting until the canopy
    // closes (the un-closed plantation becomes forest) by site class, and the
    // survival of a planting at its acceptance check, a triangular
    // distribution (low, mode, high, as fractions); plantationSource says
    // where they come from. Without the columns: 5 years on every site [E]
    // and no survival distribution.
    std::array<int, kSiteClassCount> closureYears{5, 5, 5};
    std::optional<std::array<double, 3>> survival;
    std::string plantationSource;

    // The curve, evaluated directly (for tables and tests, not the hot loop).
    double curveVolume(double age, SiteClass site) const;
    // Total biomass (t/ha) of a stand of volume v; 0 for an empty stand.
    double totalBiomass(double volume) const { return volume > 0 ? std::max(0.0, biomassA + biomassB * volume) : 0.0; }
};

}  // namespace forestsink
