#pragma once
// The shipped Yunnan species table, and each species' volume curve computed
// independently of the engine's tables (Chapman–Richards from its
// parameters), for tests that work out expected volumes by hand.
#include "SyntheticInputs.h"

#include "species/SpeciesTable.h"

#include <cmath>

namespace forestsink::test {

inline const SpeciesTable& species() {
    static const SpeciesTable t = SpeciesTable::load(sourceDir() / "species" / "yunnan-species.csv");
    return t;
}
// The table index of species `code`.
inline int idx(int code) { return *species().indexOfCode(code); }
inline const SpeciesGroup& group(int code) { return species().group(idx(code)); }
// V(t) = Vmax · site multiplier · (1 − e^(−k·t))^c on site 0 good, 1 medium, 2 poor; 0 at age 0.
inline double curve(int code, int site, double age) {
    const SpeciesGroup& g = group(code);
    return age <= 0 ? 0.0 : g.vmax * g.siteMultiplier[site] * std::pow(1 - std::exp(-g.k * age), g.c);
}

}  // namespace forestsink::test
