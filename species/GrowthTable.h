#pragma once
// Yearly growth, precomputed per species group × site class × age so the hot
// loop does a multiply, a min and a multiply-add per cell, and no exp/pow.
//
// Rule for a stand of age a and volume V on curve C (its species and site):
//   r = min(V / C(a), kMaxRelativeStocking)     relative stocking
//   V(a+1) = V + r · (C(a+1) − C(a))
// A stand off its curve (low-yield, thinned, damaged) grows in proportion to
// its stocking; a stand far above its curve (for example a young stand whose
// inventory volume exceeds the curve) grows at most kMaxRelativeStocking times
// the curve's increment. A new stand (a = 0) has r = 1: it starts on the curve.
// Past kMaxAge the curves are flat and stands stop growing.
#include "species/SpeciesTable.h"

#include <cstdint>
#include <vector>

namespace forestsink {

class GrowthTable {
public:
    static constexpr int kMaxAge = 300;
    // Estimate [E]: fully stocked yield-table stands are r = 1; 1.5 bounds
    // the increment of overstocked or mis-aged stands.
    static constexpr float kMaxRelativeStocking = 1.5f;

    struct Step {
        float inverseCurve;  // 1 / C(a); 0 at a = 0
        float baseStocking;  // 1 at a = 0 (new stands start on the curve), else 0
        float increment;     // C(a+1) − C(a)
    };

    explicit GrowthTable(const SpeciesTable& species);

    const Step& step(int speciesIndex, int site, int age) const {
        const int a = age < kMaxAge ? age : kMaxAge;
        return steps_[(speciesIndex * kSiteClassCount + site) * (kMaxAge + 1) + a];
    }

    // One year of growth of one stand (the hot loop's expression).
    // `newStandStocking`: the share of the curve a new stand (a = 0) starts at
    // (planting survival × stocking); `gainFactor`: 1 + a programme's growth
    // gain while it lasts.
    static float grow(float volume, const Step& s, float newStandStocking = 1.0f, float gainFactor = 1.0f) {
        float r = volume * s.inverseCurve + s.baseStocking * newStandStocking;
        r = r < kMaxRelativeStocking ? r : kMaxRelativeStocking;
        return volume + r * s.increment * gainFactor;
    }

    // The curve's volume (m³/ha) at an age, from the table.
    float curve(int speciesIndex, int site, int age) const {
        return curves_[(speciesIndex * kSiteClassCount + site) * (kMaxAge + 1) + (age < kMaxAge ? age : kMaxAge)];
    }
    // The youngest age at which the curve reaches `volume` (kMaxAge if never).
    int ageOnCurve(int speciesIndex, int site, float volume) const;

private:
    std::vector<Step> steps_;
    std::vector<float> curves_;
};

}  // namespace forestsink
