#include "sim/programmes/Afforestation.h"

#include "sim/CompiledProgramme.h"

namespace forestsink {

void Afforestation::declareKeys(KindKeys& keys) const {
    keys.species("species", KindKey::SpeciesUse::Required)
        .number("stocking", &ProgrammeSpec::stocking, 0.01, 1.5, 0.70,
                "net stocking of plantations on barren hills [E] (science.md §3)")
        .integer("years_to_forest", &ProgrammeSpec::yearsToForest, 0, 50, 0,
                 "0: the species table's closure_years by site class; more: the same years for every stand");
}

void Afforestation::setDefaults(ProgrammeSpec& p) const {
    if (p.eligible.landClasses.empty()) p.eligible.landClasses = {LandClass::Barren};
    p.priority = PriorityRule::NearestForest;
}

KindTraits Afforestation::traits() const {
    KindTraits t;
    t.treelessOnly = true;
    return t;
}

// Planted land is an un-closed plantation (未成林造林地) of this year's
// cohort: forestry land, not yet forest. The simulation's plantation rule
// (sim/Plantations.h) checks its survival and closes it.
void Afforestation::apply(Treatment& cell) const {
    cell.plant(cell.programme.speciesFor(cell.region));
    cell.state.setLandClass(cell.cell, LandClass::UnclosedPlantation);
    cell.mark(cell.year);
}

}  // namespace forestsink
