#include "sim/programmes/Tending.h"

namespace forestsink {

void Tending::declareKeys(KindKeys& keys) const {
    keys.number("growth_gain", &ProgrammeSpec::growthGain, 0, 5, 0.15, "science.md gives +10-20 % [E]")
        .integer("gain_years", &ProgrammeSpec::gainYears, 0, 100, 10, "science.md gives about 10 years [E]");
}

void Tending::setDefaults(ProgrammeSpec& p) const {
    if (p.eligible.landClasses.empty()) p.eligible.landClasses = {LandClass::Forest};
    if (p.eligible.ageClasses.empty() && !p.eligible.minAge) p.eligible.ageClasses = {"young", "middle"};
}

KindTraits Tending::traits() const {
    KindTraits t;
    t.standsOnly = true;
    return t;
}

// Growth × (1 + gain) through the last year of the gain.
void Tending::apply(Treatment& cell) const { cell.mark(cell.year + cell.spec.gainYears - 1); }

}  // namespace forestsink
