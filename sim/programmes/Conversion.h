#pragma once
// Conversion of land from one class to another (returning farmland to forest,
// urban greening, wetland), optionally planting a stand or making a non-forest sink.
#include "sim/programmes/ProgrammeKind.h"

namespace forestsink {

class Conversion final : public ProgrammeKindRule {
public:
    ProgrammeKind kind() const override { return ProgrammeKind::Conversion; }
    void declareKeys(KindKeys& keys) const override;
    void setDefaults(ProgrammeSpec& p) const override;
    KindTraits traits() const override;
    bool plantsTrees(const ProgrammeSpec&) const override { return true; }
    float sinkCarbonTPerHa(const ProgrammeSpec& p) const override { return static_cast<float>(p.sinkCarbonTPerHa); }
    void apply(Treatment& cell) const override;
};

}  // namespace forestsink
