#pragma once
// Afforestation of barren land (荒山荒地造林): plants a stand on treeless land,
// an un-closed plantation until it passes its survival check and closes.
#include "sim/programmes/ProgrammeKind.h"

namespace forestsink {

class Afforestation final : public ProgrammeKindRule {
public:
    ProgrammeKind kind() const override { return ProgrammeKind::Afforestation; }
    void declareKeys(KindKeys& keys) const override;
    void setDefaults(ProgrammeSpec& p) const override;
    KindTraits traits() const override;
    bool plantsTrees(const ProgrammeSpec&) const override { return true; }
    void apply(Treatment& cell) const override;
};

}  // namespace forestsink
