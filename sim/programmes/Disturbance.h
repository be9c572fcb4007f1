#pragma once
// Disturbance (drought, snow and ice, fire, pests): seeded random damage that
// takes a share of the volume; severity 1 destroys the stand, which regenerates.
#include "sim/programmes/ProgrammeKind.h"

namespace forestsink {

class Disturbance final : public ProgrammeKindRule {
public:
    ProgrammeKind kind() const override { return ProgrammeKind::Disturbance; }
    void declareKeys(KindKeys& keys) const override;
    void setDefaults(ProgrammeSpec& p) const override;
    KindTraits traits() const override;
    void apply(Treatment& cell) const override;
};

}  // namespace forestsink
