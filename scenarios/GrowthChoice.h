#pragma once
// The [growth] table of a scenario: growth multipliers that calibrate the
// species table's curves to an inventory's observed change (one value for
// every group, and per group by name or code), with where they come from.
// A multiplier scales the group's yearly increment (species/GrowthTable.h);
// the curves, and so relative stocking, stay the species table's. Without
// the table every multiplier is 1. scenarios/README.md documents the keys.
#include <string>
#include <vector>

namespace forestsink {

struct GrowthSpec {
    double multiplier = 1.0;  // every group's, unless given by species
    struct GroupMultiplier {
        std::string species;  // a group's name or code
        double multiplier = 1.0;
        std::string where;  // file:line:column
    };
    std::vector<GroupMultiplier> bySpecies;
    std::string source;  // required with the table: how the multipliers were found
    std::string where;   // of [growth], for messages
};

class TomlTable;
GrowthSpec readGrowth(const TomlTable& t);

class SpeciesTable;
// `species` with each group's growthMultiplier set from `spec`; throws Error
// naming the key when a species name is not in the table.
SpeciesTable applyGrowthMultipliers(const GrowthSpec& spec, SpeciesTable species);

}  // namespace forestsink
