#pragma once
// Reads [[programmes]] and [[targets]] tables, checking each key against the
// programme's kind and the scenario's period, and fills the kind's defaults.
#include "scenarios/Programme.h"
#include "scenarios/Uncertainty.h"
#include "scenarios/TomlTable.h"

namespace forestsink {

class ProgrammeKinds;

ProgrammeSpec readProgramme(const TomlTable& t, int startYear, int endYear, const ProgrammeKinds& kinds);
TargetSpec readTarget(const TomlTable& t, int startYear, int endYear);
std::vector<LandClass> readLandClasses(const TomlTable& t, const std::string& key);
UncertaintySpec readUncertainty(const TomlTable& t);

}  // namespace forestsink
