#include "sim/Succession.h"

#include "common/SplitMix.h"

#include <algorithm>
#include <cmath>

namespace forestsink {

double successionDraw(uint64_t seed, uint64_t salt, std::size_t gridCell, int year) {
    const uint64_t h = mix64(mix64(mix64(seed ^ salt) ^ gridCell) ^ static_cast<uint64_t>(year));
    return static_cast<double>(h >> 11) * 0x1.0p-53;
}

SuccessionRule::SuccessionRule(const Scenario& scenario, std::vector<int> speciesOfRegion)
    : rules_(scenario.succession), seed_(scenario.seed), speciesOfRegion_(std::move(speciesOfRegion)) {}

SuccessionRule::Change SuccessionRule::change(const CellState& s, std::size_t i, std::size_t gridCell,
                                              int year) const {
    switch (s.landClass[i]) {
        case LandClass::SparseForest:
            return successionDraw(seed_, kSparseSalt, gridCell, year) < rules_.sparseToForestPerYear
                       ? Change::SparseToForest
                       : Change::None;
        case LandClass::Shrubland:
            return successionDraw(seed_, kShrubSalt, gridCell, year) < rules_.shrublandToSparsePerYear
                       ? Change::ShrublandToSparse
                       : Change::None;
        default: return Change::None;
    }
}

void SuccessionRule::startSparseStand(CellState& s, std::size_t i, std::size_t regionIndex,
                                      const GrowthTable& growth) const {
    const int species = speciesOfRegion_[regionIndex];
    const float volume = static_cast<float>(rules_.shrublandStartVolumeM3PerHa);
    s.setLandClass(i, LandClass::SparseForest);
    s.species[i] = static_cast<uint8_t>(species);
    s.volume[i] = volume;
    s.age[i] = static_cast<uint16_t>(std::max(1, growth.ageOnCurve(species, s.site[i], volume)));
    s.plantedStocking[i] = 100;
    // Trees that came by themselves: natural forest, kept for protection.
    if (s.hasForestCategories) s.flags[i] = withCategory(s.flags[i], ForestCategory::NaturalPublicWelfare);
}

}  // namespace forestsink
