#include "sim/programmes/Disturbance.h"

namespace forestsink {

void Disturbance::declareKeys(KindKeys& keys) const {
    keys.number("severity", &ProgrammeSpec::severity, 0, 1, std::nullopt, "required: the share of volume lost")
        .amount("rate_per_year");
}

void Disturbance::setDefaults(ProgrammeSpec& p) const {
    if (p.eligible.landClasses.empty()) p.eligible.landClasses = {LandClass::Forest, LandClass::SparseForest};
}

KindTraits Disturbance::traits() const {
    KindTraits t;
    t.standsOnly = true;
    t.treatsCellsAgain = true;
    t.actsFirst = true;
    t.drawnAsDisturbance = true;
    return t;
}

// The cell keeps its treatment mark: a disturbance is not a programme's treatment.
void Disturbance::apply(Treatment& cell) const {
    CellState& s = cell.state;
    const std::size_t i = cell.cell;
    const float lost = s.volume[i] * static_cast<float>(cell.spec.severity);
    cell.removeVolume(lost, kLossM3);
    s.volume[i] -= lost;
    s.markDamaged(i);
    if (cell.spec.severity >= 1.0) s.age[i] = 0;  // stand destroyed: it regenerates
}

}  // namespace forestsink
