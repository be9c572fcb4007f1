#include "sim/programmes/Improvement.h"

#include "sim/CompiledProgramme.h"

namespace forestsink {

void Improvement::declareKeys(KindKeys& keys) const {
    keys.number("growth_gain", &ProgrammeSpec::growthGain, 0, 5, 0.25, "science.md gives +20-35 % [E]")
        .integer("gain_years", &ProgrammeSpec::gainYears, 0, 100, 12, "science.md gives 10-15 years [E]")
        .species("replant_species", KindKey::SpeciesUse::Replant)
        .number("stocking", &ProgrammeSpec::stocking, 0.01, 1.5, 0.70, "[E]");
}

void Improvement::setDefaults(ProgrammeSpec& p) const {
    if (p.eligible.landClasses.empty()) p.eligible.landClasses = {LandClass::Forest};
    // Low-yield forest: stock below 0.7 of the mean of its type and site class (LY/T 1690).
    if (!p.eligible.maxRelativeStock) p.eligible.minRelativeStock = 0.0, p.eligible.maxRelativeStock = 0.7;
    p.priority = PriorityRule::LowestStock;
}

KindTraits Improvement::traits() const {
    KindTraits t;
    t.standsOnly = true;
    return t;
}

void Improvement::apply(Treatment& cell) const { raiseGrowthOrReplant(cell); }

void raiseGrowthOrReplant(Treatment& cell) {
    if (cell.spec.replant) {
        // Clear-cut (counted as harvest) and replant.
        cell.removeVolume(cell.state.volume[cell.cell], kHarvestM3);
        const int speciesIndex = cell.programme.speciesIndex;
        cell.plant(speciesIndex >= 0 ? speciesIndex : cell.state.species[cell.cell]);
        cell.mark(0);
    } else {
        // Growth × (1 + gain) through the last year of the gain.
        cell.mark(cell.year + cell.spec.gainYears - 1);
    }
}

}  // namespace forestsink
