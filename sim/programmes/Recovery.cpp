#include "sim/programmes/Recovery.h"

#include "sim/programmes/Improvement.h"

namespace forestsink {

void Recovery::declareKeys(KindKeys& keys) const {
    keys.number("growth_gain", &ProgrammeSpec::growthGain, 0, 5, 0.20, "[E]")
        .integer("gain_years", &ProgrammeSpec::gainYears, 0, 100, 10, "[E]")
        .species("replant_species", KindKey::SpeciesUse::Replant)
        .number("stocking", &ProgrammeSpec::stocking, 0.01, 1.5, 0.70, "[E]");
}

void Recovery::setDefaults(ProgrammeSpec& p) const { p.eligible.damagedOnly = true; }

KindTraits Recovery::traits() const {
    KindTraits t;
    t.standsOnly = true;
    return t;
}

void Recovery::apply(Treatment& cell) const {
    cell.state.flags[cell.cell] &= static_cast<uint8_t>(~kDamaged);
    raiseGrowthOrReplant(cell);
}

}  // namespace forestsink
