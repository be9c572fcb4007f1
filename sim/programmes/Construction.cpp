#include "sim/programmes/Construction.h"

#include "sim/Accounting.h"

namespace forestsink {

// Only the common keys: an area (per year, total or by region), eligibility, priority, cost.
void Construction::declareKeys(KindKeys&) const {}

// By default any forestry land (林地: the classes of the inventory but
// non-forest land), as the requisition figures count it.
void Construction::setDefaults(ProgrammeSpec& p) const {
    if (p.eligible.landClasses.empty())
        for (int c = 0; c < kLandClassCount; ++c)
            if (isForestryLand(static_cast<LandClass>(c))) p.eligible.landClasses.push_back(static_cast<LandClass>(c));
}

KindTraits Construction::traits() const { return KindTraits{}; }

void Construction::apply(Treatment& cell) const {
    CellState& s = cell.state;
    const std::size_t i = cell.cell;
    cell.flows.add(cell.row, cell.region, kConstructionHa, cell.areaHa);
    if (cell.biomass)
        cell.flows.add(cell.row, cell.region, kConstructionCarbonT,
                       static_cast<double>(carbonDensityOf(s, *cell.biomass, i)) * cell.areaHa);
    cell.removeVolume(s.volume[i], kConstructionM3);  // a loss of the stock ledger where the land was forest
    s.setLandClass(i, LandClass::NonForest);
    s.species[i] = kNoSpecies;
    s.age[i] = 0;
    s.volume[i] = 0.0f;
    s.plantedStocking[i] = 100;
    s.flags[i] = 0;  // no stand: no forest category, no damage
    cell.mark(0);
}

}  // namespace forestsink
