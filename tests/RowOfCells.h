#pragma once
// The small worlds of the rule tests: one row of `n` cells of 100 ha in one
// region, and programmes added by kind and years.
#include "scenarios/Scenario.h"
#include "sim/CellState.h"
#include "scenarios/Programme.h"

namespace forestsink::test {

// `state` allocated as a row of `n` cells of 100 ha, all in region 1 ("zone").
inline void allocateRowOfCells(CellState& state, int n) {
    Grid g;
    g.cols = n;
    g.rows = 1;
    state.allocate(g);
    state.cellAreaHa = {100.0};
    state.regions = {{1, "zone"}};
}

// A programme of `kind` over [first, last], named after its kind, appended to the scenario.
inline ProgrammeSpec& addProgramme(Scenario& scenario, ProgrammeKind kind, int first, int last) {
    ProgrammeSpec p;
    p.name = kindName(kind);
    p.kind = kind;
    p.firstYear = first;
    p.lastYear = last;
    scenario.programmes.push_back(p);
    return scenario.programmes.back();
}

}  // namespace forestsink::test
