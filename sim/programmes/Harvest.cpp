#include "sim/programmes/Harvest.h"

namespace forestsink {

void Harvest::declareKeys(KindKeys& keys) const {
    keys.amount("volume_m3_per_year")
        .number("stocking", &ProgrammeSpec::stocking, 0.01, 1.5, 0.80, "regeneration after the cut [E]")
        .integer("natural_logging_ends", &ProgrammeSpec::naturalLoggingEnds, 1900, ProgrammeSpec::kNever,
                 ProgrammeSpec::kNever,
                 "from this year natural forest is cut only as salvage of damaged stands; China stopped commercial "
                 "logging of natural forests nationwide from 2017 (science.md) [R]");
}

void Harvest::setDefaults(ProgrammeSpec& p) const {
    if (p.eligible.landClasses.empty()) p.eligible.landClasses = {LandClass::Forest};
    if (p.eligible.ageClasses.empty() && !p.eligible.minAge) p.eligible.ageClasses = {"mature", "over_mature"};
    // Timber comes from commercial forest (商品林); public-welfare forest is
    // not cut for the quota. Applies where the scenario has a forest-category layer.
    if (p.eligible.forestCategories.empty())
        p.eligible.forestCategories = {ForestCategory::NaturalCommercial, ForestCategory::PlantationCommercial};
    p.priority = PriorityRule::Oldest;
}

KindTraits Harvest::traits() const {
    KindTraits t;
    t.standsOnly = true;
    t.treatsCellsAgain = true;
    return t;
}

void Harvest::apply(Treatment& cell) const {
    cell.removeVolume(cell.state.volume[cell.cell], kHarvestM3);
    cell.plant(cell.state.species[cell.cell]);  // regeneration of the same species
    cell.mark(0);
}

}  // namespace forestsink
