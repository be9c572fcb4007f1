#include "sim/programmes/ProgrammeKinds.h"
#include "app/ValidateCommand.h"

#include "app/Console.h"
#include "scenarios/BatchFile.h"
#include "scenarios/TomlTable.h"
#include "sim/CompiledProgramme.h"
#include "sim/StateLoader.h"
#include "sim/Targets.h"

#include <map>

namespace forestsink {

void validateScenario(const std::filesystem::path& file, std::ostream* log) {
    const Scenario scenario = loadScenario(file, programmeKinds());
    const SpeciesTable species = loadSpeciesTable(scenario);
    const ThreadRunner runner(1, 64);
    LoadedState loaded = loadState(scenario, species, runner);
    compileProgrammes(scenario, species, loaded.state, runner);
    for (const TargetSpec& t : scenario.targets) targetRegionIndex(t, loaded.state.regions);
    if (scenario.baseline) loadScenario(*scenario.baseline, programmeKinds());
    Console{log, nullptr}.say("{}: valid — {} programmes, {} targets, {} report years, grid {}\n", file.string(),
                              scenario.programmes.size(), scenario.targets.size(), scenario.reportYears.size(),
                              loaded.state.grid.describe());
}

void validateBatch(const std::filesystem::path& file, std::ostream* log) {
    const Batch batch = loadBatch(file, programmeKinds());  // every sweep value, set and checked
    const ThreadRunner runner(1, 64);
    struct Inputs {
        SpeciesTable species;
        LoadedState loaded;
    };
    std::map<std::string, std::unique_ptr<Inputs>> inputs;  // each distinct set read once
    for (const auto& v : batch.variants) {
        std::string key = std::filesystem::weakly_canonical(v.scenario.speciesTable).string();
        for (const LayerSpec* l : v.scenario.layers()) key += "|" + l->inputIdentity();
        auto& in = inputs[key];
        if (!in) {
            SpeciesTable species = loadSpeciesTable(v.scenario);
            LoadedState loaded = loadState(v.scenario, species, runner);
            in = std::make_unique<Inputs>(Inputs{std::move(species), std::move(loaded)});
        }
        checkProgrammeSpecies(v.scenario, in->species);
        compileProgrammes(v.scenario, in->species, in->loaded.state, runner);
        if (v.scenario.baseline) loadScenario(*v.scenario.baseline, programmeKinds());
    }
    Console{log, nullptr}.say("{}: valid batch — {} variants, {} distinct sets of inputs\n", file.string(),
                              batch.variants.size(), inputs.size());
}

void validateFile(const std::filesystem::path& file, std::ostream* log) {
    const std::string name = file.filename().string();
    const bool batchName = name.size() > 11 && name.compare(name.size() - 11, 11, ".batch.toml") == 0;
    const toml::table root = TomlTable::parseFile(file);
    if (batchName || root.contains("scenarios") || root.contains("sweeps")) validateBatch(file, log);
    else validateScenario(file, log);
}

}  // namespace forestsink
