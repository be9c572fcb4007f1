#pragma once
// Natural succession of the inventory classes, the [succession] table
// (scenarios/Scenario.h SuccessionRules; scenarios/README.md, "Succession").
// Each year, on a cell no programme is bringing to forest, a uniform draw
// keyed on the seed, the grid cell and the year (never the state index: the
// same on any thread count, tiling or band split) decides:
// - sparse forest (疏林地) → tree forest at sparse_to_forest_per_year; the
//   stand (species, age, volume) is kept and its volume enters the forest stock;
// - other shrubland → sparse forest at shrubland_to_sparse_per_year; a young
//   stand of the region's commonest forest species starts at the table's
//   volume, at the age its curve reaches that volume (at least 1);
// and land closed by a closure programme with a rate (ProgrammeSpec::
// becomesForestPerYear < 1) becomes forest at that rate once its years are up.
#include "scenarios/Scenario.h"
#include "sim/CellState.h"
#include "species/GrowthTable.h"

#include <cstdint>
#include <vector>

namespace forestsink {

// The uniform number in [0, 1) of a transition `salt` for grid cell `gridCell` in `year`.
double successionDraw(uint64_t seed, uint64_t salt, std::size_t gridCell, int year);

inline constexpr uint64_t kSparseSalt = 0x5FA55EULL, kShrubSalt = 0x5A2B1ULL, kClosedSalt = 0xC105EDULL;

class SuccessionRule {
public:
    // `speciesOfRegion`: the commonest forest species by region index (CompiledProgramme's localSpecies).
    SuccessionRule(const Scenario& scenario, std::vector<int> speciesOfRegion);
    bool on() const { return rules_.on; }
    const std::vector<int>& speciesOfRegion() const { return speciesOfRegion_; }

    enum class Change { None, SparseToForest, ShrublandToSparse };
    // Whether succession may change a cell of class c (change() is None for the others).
    bool mayChange(LandClass c) const {
        return rules_.on && (c == LandClass::SparseForest || c == LandClass::Shrubland);
    }
    // What succession does this year to cell i on grid cell `gridCell`.
    Change change(const CellState& s, std::size_t i, std::size_t gridCell, int year) const;
    // Whether land closed at `rate` a year, whose years are up, becomes forest this year.
    bool closedBecomesForest(double rate, std::size_t gridCell, int year) const {
        return rate >= 1.0 || successionDraw(seed_, kClosedSalt, gridCell, year) < rate;
    }
    // Puts the young stand of a shrubland turned sparse forest on cell i of region index `regionIndex`.
    void startSparseStand(CellState& s, std::size_t i, std::size_t regionIndex, const GrowthTable& growth) const;

private:
    SuccessionRules rules_;
    uint64_t seed_;
    std::vector<int> speciesOfRegion_;
};

}  // namespace forestsink
