#include "sim/programmes/Closure.h"

#include "sim/CompiledProgramme.h"

#include <algorithm>

namespace forestsink {

void Closure::declareKeys(KindKeys& keys) const {
    keys.species("species", KindKey::SpeciesUse::LocalByDefault)
        .integer("closure_years", &ProgrammeSpec::yearsToForest, 1, 50, 7,
                 "GB/T 15163-2018 gives 6-8 years in southern China [P, to verify]")
        .number("start_volume_m3_per_ha", &ProgrammeSpec::startVolumeM3PerHa, 0, 500, 10.0,
                "science.md gives 5-15 [E]");
}

void Closure::setDefaults(ProgrammeSpec& p) const {
    if (p.eligible.landClasses.empty()) p.eligible.landClasses = {LandClass::SparseForest, LandClass::Shrubland};
    p.priority = PriorityRule::NearestForest;
}

KindTraits Closure::traits() const {
    KindTraits t;
    t.becomesForestWhenDue = true;
    return t;
}

void Closure::apply(Treatment& cell) const {
    CellState& s = cell.state;
    const std::size_t i = cell.cell;
    if (!cell.hasTrees()) {
        s.species[i] = static_cast<uint8_t>(cell.programme.speciesFor(cell.region));
        // Closed mountains regenerate naturally, under protection.
        if (s.hasForestCategories) s.flags[i] = withCategory(s.flags[i], ForestCategory::NaturalPublicWelfare);
    }
    // The standing volume is kept; bare land starts at the regeneration volume.
    const float start = std::max(s.volume[i], static_cast<float>(cell.spec.startVolumeM3PerHa));
    if (cell.wasForest) cell.reclass((static_cast<double>(start) - s.volume[i]) * cell.areaHa);
    s.volume[i] = start;
    // Natural regeneration puts the stand on its local curve.
    s.age[i] = static_cast<uint16_t>(std::max(1, cell.growth.ageOnCurve(s.species[i], s.site[i], start)));
    cell.mark(cell.year + cell.spec.yearsToForest);
}

}  // namespace forestsink
