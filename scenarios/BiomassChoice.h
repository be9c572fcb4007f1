#pragma once
// The [biomass] table of a scenario: which volume-to-biomass equations each
// species group uses (the species table's lines, Fang et al. 2001's
// continuous biomass expansion factors, or a user's table) and the carbon
// fraction (the species table's, or one value for every group: 0.47, IPCC
// 2006 Vol. 4 Table 4.3, or 0.5). Without it, the species table is used as
// it is. scenarios/README.md documents the keys.
#include "species/BiomassEquations.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace forestsink {

struct BiomassSpec {
    BiomassEquations equations = BiomassEquations::SpeciesTable;  // every group's, unless given by species
    struct GroupChoice {
        std::string species;  // a group's name or code
        BiomassEquations equations = BiomassEquations::SpeciesTable;
        std::string where;  // file:line:column
    };
    std::vector<GroupChoice> bySpecies;
    std::optional<std::filesystem::path> table;  // the user's table (CSV)
    std::string tableWhere;
    std::optional<double> carbonFraction;  // every group's CF, instead of the table's
    std::string where;                     // of [biomass], for messages
};

class TomlTable;
BiomassSpec readBiomass(const TomlTable& t);

struct Scenario;
class SpeciesTable;
// The scenario's species table with its [biomass] choices applied: each
// group's biomassA/B/biomassSource are the chosen set's line, its
// biomassLines hold every set the scenario may use (the Monte Carlo draws
// between them), and its carbon fraction is the scenario's when given.
// Throws Error naming the scenario's key when a group has no line in a set
// it is given (or may draw), or when a species name is not in the table.
// loadSpeciesTable also applies the scenario's [growth] multipliers
// (scenarios/GrowthChoice.h).
SpeciesTable loadSpeciesTable(const Scenario& scenario);
SpeciesTable applyBiomassChoice(const Scenario& scenario, SpeciesTable species);

}  // namespace forestsink
