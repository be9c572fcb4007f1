#pragma once
// Improvement of low-yield forest (中低产林改造, LY/T 1690): raised growth for a
// period, or clear-cut and replanting with another species.
#include "sim/programmes/ProgrammeKind.h"

namespace forestsink {

class Improvement final : public ProgrammeKindRule {
public:
    ProgrammeKind kind() const override { return ProgrammeKind::Improvement; }
    void declareKeys(KindKeys& keys) const override;
    void setDefaults(ProgrammeSpec& p) const override;
    KindTraits traits() const override;
    bool plantsTrees(const ProgrammeSpec& p) const override { return p.replant; }
    void apply(Treatment& cell) const override;
};

// Growth × (1 + gain) for the gain years, or, with replant_species, clear-cut and replant
// (shared with recovery).
void raiseGrowthOrReplant(Treatment& cell);

}  // namespace forestsink
