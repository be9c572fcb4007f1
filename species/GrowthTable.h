#pragma once
// Yearly growth, precomputed per species group × site class × age so the hot
// loop does a multiply, a min and a multiply-add per cell, and no exp/pow.
//
// Rule for a stand of age a and volume V on curve C (its species and site):
//   S = V / C(a)                                relative stocking
//   f(S) = min(S / s_p, 1)                      stocking response, plateau from s_p
//   V(a+1) = V + m · f(S) · (C(a+1) − C(a))
// The increment is the curve's current increment at the stand's age times a
// response to relative stocking with a plateau (Langsaeter's density–increment
// relation; Assmann 1970: volume increment stays within 5 % of its maximum
// above about 60–70 % of full density and falls off below it): a stand
// stocked at s_p (the group's `stocking_plateau`, 0.65 by default) or more
// grows the full curve increment, a thinner one grows in proportion to its
// stocking. Since dS/dt = (ΔC/C)·(f(S) − S) and f(S) > S below full stocking,
// f(S) < S above it, relative stocking drifts toward the curve (S → 1) from
// both sides. m is the group's growth multiplier (1 unless a scenario's
// [growth] table calibrates it). A new stand (a = 0) starts at its planting
// stocking p: V(1) = m · p · C(1), uncapped (a dense planting may start above
// the curve), and closes in toward the curve from there. Past kMaxAge the
// curves are flat and stands stop growing.
#include "species/SpeciesTable.h"

#include <cstdint>
#include <vector>

namespace forestsink {

class GrowthTable {
public:
    static constexpr int kMaxAge = 300;

    struct Step {
        float inversePlateau;  // 1 / (s_p · C(a)): V times this is S / s_p; 0 at a = 0
        float newStand;        // 1 at a = 0 (a new stand grows its planting stocking times C(1)), else 0
        float increment;       // m · (C(a+1) − C(a))
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
        float response = volume * s.inversePlateau;  // S / s_p
        response = (response < 1.0f ? response : 1.0f) + s.newStand * newStandStocking;
        return volume + response * s.increment * gainFactor;
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
