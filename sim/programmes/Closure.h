#pragma once
// Mountain closure (封山育林): sparse forest and shrubland closed to grazing and cutting
// regenerate naturally and become forest after the closure period.
#include "sim/programmes/ProgrammeKind.h"

namespace forestsink {

class Closure final : public ProgrammeKindRule {
public:
    ProgrammeKind kind() const override { return ProgrammeKind::Closure; }
    void declareKeys(KindKeys& keys) const override;
    void setDefaults(ProgrammeSpec& p) const override;
    KindTraits traits() const override;
    void apply(Treatment& cell) const override;
};

}  // namespace forestsink
