#include "sim/programmes/ProgrammeKinds.h"

#include "sim/programmes/Afforestation.h"
#include "sim/programmes/Closure.h"
#include "sim/programmes/Conversion.h"
#include "sim/programmes/Construction.h"
#include "sim/programmes/Disturbance.h"
#include "sim/programmes/Harvest.h"
#include "sim/programmes/Improvement.h"
#include "sim/programmes/Recovery.h"
#include "sim/programmes/Tending.h"

#include <array>
#include <memory>

namespace forestsink {
namespace {

class Registry final : public ProgrammeKinds {
public:
    Registry() {
        // One line per kind, in the order of ProgrammeKind.
        add<Afforestation>();
        add<Closure>();
        add<Improvement>();
        add<Tending>();
        add<Harvest>();
        add<Disturbance>();
        add<Recovery>();
        add<Conversion>();
        add<Construction>();
    }
    const ProgrammeKindRule& rule(ProgrammeKind kind) const { return *rules_.at(static_cast<std::size_t>(kind)); }
    const ProgrammeKindDeclaration& declaration(ProgrammeKind kind) const override { return rule(kind); }

private:
    template <typename Kind>
    void add() {
        auto k = std::make_unique<Kind>();
        rules_.at(static_cast<std::size_t>(k->kind())) = std::move(k);
    }
    std::array<std::unique_ptr<ProgrammeKindRule>, std::size(kProgrammeKindNames)> rules_;
};

const Registry& registry() {
    static const Registry r;
    return r;
}

}  // namespace

const ProgrammeKindRule& programmeKind(ProgrammeKind kind) { return registry().rule(kind); }

const ProgrammeKinds& programmeKinds() { return registry(); }

}  // namespace forestsink
