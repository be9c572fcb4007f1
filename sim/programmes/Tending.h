#pragma once
// Tending of young and middle-aged forest (中幼林抚育): raised growth for a period.
#include "sim/programmes/ProgrammeKind.h"

namespace forestsink {

class Tending final : public ProgrammeKindRule {
public:
    ProgrammeKind kind() const override { return ProgrammeKind::Tending; }
    void declareKeys(KindKeys& keys) const override;
    void setDefaults(ProgrammeSpec& p) const override;
    KindTraits traits() const override;
    void apply(Treatment& cell) const override;
};

}  // namespace forestsink
