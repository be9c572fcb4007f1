#pragma once
// The programme kinds the engine knows, one file each in this folder.
#include "sim/programmes/ProgrammeKind.h"

namespace forestsink {

// The rule of a kind.
const ProgrammeKindRule& programmeKind(ProgrammeKind kind);
// Every kind, for the scenario loader: loadScenario(file, programmeKinds()).
const ProgrammeKinds& programmeKinds();

}  // namespace forestsink
