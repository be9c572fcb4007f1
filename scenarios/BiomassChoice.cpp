#include "scenarios/BiomassChoice.h"

#include "common/Error.h"
#include "scenarios/SpeciesGroupNamed.h"
#include "common/NearestName.h"
#include "scenarios/GrowthChoice.h"
#include "scenarios/Scenario.h"
#include "scenarios/TomlTable.h"
#include "species/SpeciesTable.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace forestsink {
namespace {

std::vector<std::string> equationNames() { return {kBiomassEquationNames.begin(), kBiomassEquationNames.end()}; }

BiomassEquations equationsNamed(const std::string& name, const std::string& where, const std::string& key) {
    for (int i = 0; i < kBiomassEquationSetCount; ++i)
        if (kBiomassEquationNames[i] == name) return static_cast<BiomassEquations>(i);
    const std::string near = nearestName(name, equationNames());
    throw Error(fmt::format("{}: '{}' = '{}' is not an equation set{}; allowed: species_table (the species table's "
                            "lines), fang_2001 (Fang et al. 2001, by the table's fang_forest_type), table (the "
                            "CSV file named by 'biomass.table')",
                            where, key, name, near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near)));
}

// The group a scenario names: by name, or by code written as text.
int groupNamed(const SpeciesTable& species, const BiomassSpec::GroupChoice& c) {
    return speciesGroupNamed(species, c.species, c.where, "biomass.by_species");
}

// The line of set `e` for group g, or an error saying why there is none.
const BiomassLine& lineOf(const SpeciesGroup& g, BiomassEquations e, const std::string& where, const std::string& key) {
    const auto& line = g.biomassLines[static_cast<int>(e)];
    if (line) return *line;
    const std::string why = e == BiomassEquations::Fang2001
                                ? "its species table gives no fang_forest_type for it"
                                : "'biomass.table' has no row for its code";
    throw Error(fmt::format("{}: '{}' uses {} for species group {} '{}', but {}", where, key,
                            kBiomassEquationNames[static_cast<int>(e)], g.code, g.name, why));
}

}  // namespace

BiomassSpec readBiomass(const TomlTable& t) {
    t.allowOnly({"equations", "by_species", "table", "carbon_fraction"});
    BiomassSpec b;
    b.where = t.where();
    if (t.has("equations")) b.equations = equationsNamed(t.string("equations"), t.where("equations"), t.qualified("equations"));
    if (t.has("by_species")) {
        const TomlTable by = t.table("by_species");
        for (const auto& name : by.keys())
            b.bySpecies.push_back({name, equationsNamed(by.string(name), by.where(name), by.qualified(name)), by.where(name)});
    }
    if (t.has("table")) b.table = t.path("table"), b.tableWhere = t.where("table");
    if (t.has("carbon_fraction")) {
        if (!t.isNumber("carbon_fraction") && t.string("carbon_fraction") != "species_table")
            throw Error(fmt::format("{}: '{}' = '{}' is not allowed; allowed: \"species_table\" (each group's own), or "
                                    "a number from 0.3 to 0.7 for every group (0.47: IPCC 2006 Vol. 4 Table 4.3; 0.5)",
                                    t.where("carbon_fraction"), t.qualified("carbon_fraction"),
                                    t.string("carbon_fraction")));
        if (t.isNumber("carbon_fraction")) b.carbonFraction = t.number("carbon_fraction", 0.3, 0.7);
    }
    return b;
}

SpeciesTable applyBiomassChoice(const Scenario& scenario, SpeciesTable species) {
    const BiomassSpec& spec = scenario.biomass;
    std::vector<SpeciesGroup> groups = species.groups();
    if (spec.table) {
        const auto lines = loadBiomassTable(*spec.table, species);
        for (std::size_t i = 0; i < groups.size(); ++i)
            groups[i].biomassLines[static_cast<int>(BiomassEquations::Table)] = lines[i];
    }
    std::vector<BiomassEquations> chosen(groups.size(), spec.equations);
    std::vector<std::pair<std::string, std::string>> whereOf(groups.size(), {spec.where, "biomass.equations"});
    for (const auto& c : spec.bySpecies) {
        const int g = groupNamed(species, c);
        chosen[g] = c.equations;
        whereOf[g] = {c.where, "biomass.by_species." + c.species};
    }
    const bool usesTable = std::find(chosen.begin(), chosen.end(), BiomassEquations::Table) != chosen.end();
    if (usesTable && !spec.table)
        throw Error(fmt::format("{}: a species group uses the equation set 'table', but [biomass] names no 'table' "
                                "(a CSV file with columns code, biomass_a, biomass_b, biomass_source)",
                                spec.where));
    for (std::size_t i = 0; i < groups.size(); ++i) {
        SpeciesGroup& g = groups[i];
        const BiomassLine& line = lineOf(g, chosen[i], whereOf[i].first, whereOf[i].second);
        g.biomassA = line.a, g.biomassB = line.b, g.biomassSource = line.source;
        if (spec.carbonFraction) g.carbonFraction = *spec.carbonFraction;
    }
    // Every set the Monte Carlo may draw must give every group a line.
    if (const auto& draw = scenario.uncertainty.biomassEquations)
        for (BiomassEquations e : draw->choices)
            for (const SpeciesGroup& g : groups) lineOf(g, e, draw->where, "uncertainty.biomass_equations.choices");
    SpeciesTable out = SpeciesTable::fromGroups(std::move(groups));
    out.setPath(species.path());
    return out;
}

SpeciesTable loadSpeciesTable(const Scenario& scenario) {
    return applyGrowthMultipliers(scenario.growth, applyBiomassChoice(scenario, SpeciesTable::load(scenario.speciesTable)));
}

}  // namespace forestsink
