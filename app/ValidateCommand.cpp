#include "sim/programmes/ProgrammeKinds.h"
#include "app/ValidateCommand.h"

#include "app/Console.h"
#include "sim/CompiledProgramme.h"
#include "sim/StateLoader.h"
#include "sim/Targets.h"

namespace forestsink {

void validateScenario(const std::filesystem::path& file, std::ostream* log) {
    const Scenario scenario = loadScenario(file, programmeKinds());
    const SpeciesTable species = SpeciesTable::load(scenario.speciesTable);
    const ThreadRunner runner(1, 64);
    LoadedState loaded = loadState(scenario, species, runner);
    compileProgrammes(scenario, species, loaded.state, runner);
    for (const TargetSpec& t : scenario.targets) targetRegionIndex(t, loaded.state.regions);
    if (scenario.baseline) loadScenario(*scenario.baseline, programmeKinds());
    Console{log, nullptr}.say("{}: valid — {} programmes, {} targets, {} report years, grid {}\n", file.string(),
                              scenario.programmes.size(), scenario.targets.size(), scenario.reportYears.size(),
                              loaded.state.grid.describe());
}

}  // namespace forestsink
