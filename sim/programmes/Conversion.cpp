#include "sim/programmes/Conversion.h"

#include "common/Error.h"
#include "sim/CompiledProgramme.h"

#include <fmt/format.h>

namespace forestsink {

void Conversion::declareKeys(KindKeys& keys) const {
    keys.landClass("to")
        .species("species", KindKey::SpeciesUse::Optional)
        .number("stocking", &ProgrammeSpec::stocking, 0.01, 1.5, 0.70, "[E]")
        .number("sink_carbon_t_per_ha", &ProgrammeSpec::sinkCarbonTPerHa, 0, 1000, 0.0,
                "none by default: the scenario states the sink's carbon density");
}

void Conversion::setDefaults(ProgrammeSpec& p) const {
    if (p.eligible.landClasses.empty())
        throw Error(fmt::format("{}: conversion '{}' needs eligible.land_class (the classes it converts)", p.where,
                                p.name));
}

KindTraits Conversion::traits() const { return KindTraits{}; }

void Conversion::apply(Treatment& cell) const {
    CellState& s = cell.state;
    const std::size_t i = cell.cell;
    const LandClass to = cell.spec.toClass;
    const bool toForest = cell.rules.isForest[static_cast<int>(to)];
    if (cell.wasForest && !toForest) cell.reclass(-static_cast<double>(s.volume[i]) * cell.areaHa);
    s.setLandClass(i, to);
    if (cell.programme.speciesIndex >= 0) {
        cell.plant(cell.programme.speciesIndex);
    } else if (to != LandClass::Forest && to != LandClass::SparseForest) {
        s.species[i] = kNoSpecies;  // the stand is cleared
        s.volume[i] = 0.0f;
        s.age[i] = 0;
    } else if (!cell.wasForest && toForest) {
        cell.reclass(static_cast<double>(s.volume[i]) * cell.areaHa);
    }
    cell.mark(0);
}

}  // namespace forestsink
