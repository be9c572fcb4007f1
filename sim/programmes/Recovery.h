#pragma once
// Recovery of damaged stands (post-disaster programmes): restored growth for a
// period, or clearing and replanting; the damage mark is removed.
#include "sim/programmes/ProgrammeKind.h"

namespace forestsink {

class Recovery final : public ProgrammeKindRule {
public:
    ProgrammeKind kind() const override { return ProgrammeKind::Recovery; }
    void declareKeys(KindKeys& keys) const override;
    void setDefaults(ProgrammeSpec& p) const override;
    KindTraits traits() const override;
    bool plantsTrees(const ProgrammeSpec& p) const override { return p.replant; }
    void apply(Treatment& cell) const override;
};

}  // namespace forestsink
