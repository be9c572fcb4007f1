#include "sim/programmes/Afforestation.h"

#include "sim/CompiledProgramme.h"

namespace forestsink {

void Afforestation::declareKeys(KindKeys& keys) const {
    keys.species("species", KindKey::SpeciesUse::Required)
        .number("stocking", &ProgrammeSpec::stocking, 0.01, 1.5, 0.70,
                "net stocking of plantations on barren hills [E] (science.md §3)")
        .integer("years_to_forest", &ProgrammeSpec::yearsToForest, 0, 50, 5, "[E]");
}

void Afforestation::setDefaults(ProgrammeSpec& p) const {
    if (p.eligible.landClasses.empty()) p.eligible.landClasses = {LandClass::Barren};
    p.priority = PriorityRule::NearestForest;
}

KindTraits Afforestation::traits() const {
    KindTraits t;
    t.treelessOnly = true;
    t.becomesForestWhenDue = true;
    return t;
}

// Planted land is an un-closed plantation (未成林造林地) until its years are
// up: forestry land, not yet forest.
void Afforestation::apply(Treatment& cell) const {
    cell.plant(cell.programme.speciesFor(cell.region));
    cell.state.landClass[cell.cell] = LandClass::UnclosedPlantation;
    cell.mark(cell.year + cell.spec.yearsToForest);
}

}  // namespace forestsink
