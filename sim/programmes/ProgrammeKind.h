#pragma once
// A programme kind in the engine: its declaration for the scenario loader
// (keys, ranges, defaults, sources), its traits, and what it does to a cell.
// One file per kind in this folder; ProgrammeKinds.cpp lists them. The
// loader, the simulation, the allocation and Monte Carlo read the traits
// instead of listing kinds.
#include "scenarios/ProgrammeKinds.h"
#include "sim/programmes/Treatment.h"

namespace forestsink {

struct KindTraits {
    bool standsOnly = false;         // eligible cells must carry a stand (a species)
    bool treelessOnly = false;       // eligible cells must carry no stand
    bool treatsCellsAgain = false;   // a cell may be taken again in a later year (else once per programme)
    bool actsFirst = false;          // acts before the other programmes of its year (disturbances)
    bool becomesForestWhenDue = false;  // the land counts as forest once its years are up
    bool drawnAsDisturbance = false;    // Monte Carlo scales its area by the disturbance draw
};

class ProgrammeKindRule : public ProgrammeKindDeclaration {
public:
    virtual KindTraits traits() const = 0;
    // Whether it plants a new stand (Monte Carlo scales its stocking by the survival draw).
    virtual bool plantsTrees(const ProgrammeSpec&) const { return false; }
    // Carbon density of the non-forest sink it makes (t C/ha), counted in CO2e.
    virtual float sinkCarbonTPerHa(const ProgrammeSpec&) const { return 0.0f; }
    // Its effect on one cell it takes.
    virtual void apply(Treatment& cell) const = 0;
};

}  // namespace forestsink
