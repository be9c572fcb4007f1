#pragma once
// Loss of forest land to construction (征占用林地: land requisitioned or
// occupied for roads, dams, mines, towns): the cell becomes non-forest land
// and its stand is removed. The removed stock is a loss of the ledger
// (summary.csv construction_m3) and the stand's tree carbon is emitted
// (construction_carbon_t; it feeds no wood products).
#include "sim/programmes/ProgrammeKind.h"

namespace forestsink {

class Construction final : public ProgrammeKindRule {
public:
    ProgrammeKind kind() const override { return ProgrammeKind::Construction; }
    void declareKeys(KindKeys& keys) const override;
    void setDefaults(ProgrammeSpec& p) const override;
    KindTraits traits() const override;
    void apply(Treatment& cell) const override;
};

}  // namespace forestsink
