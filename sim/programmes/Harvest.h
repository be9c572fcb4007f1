#pragma once
// Harvest: clear-cuts of mature stands until the year's quota (area or volume) is
// met; the stand regenerates with the same species.
#include "sim/programmes/ProgrammeKind.h"

namespace forestsink {

class Harvest final : public ProgrammeKindRule {
public:
    ProgrammeKind kind() const override { return ProgrammeKind::Harvest; }
    void declareKeys(KindKeys& keys) const override;
    void setDefaults(ProgrammeSpec& p) const override;
    KindTraits traits() const override;
    void apply(Treatment& cell) const override;
};

}  // namespace forestsink
