#pragma once
// The volume-to-biomass equation sets a scenario may choose from, per species
// group: the species table's own lines (the shipped tables: Sci Rep 13 (2023)
// Table 2), Fang et al. (2001)'s continuous biomass expansion factors by
// forest type, and a user's table (a CSV file named in the scenario).
// Every set gives total biomass M = a + b·V (t/ha) for stand volume V (m³/ha).
#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace forestsink {

class SpeciesTable;

enum class BiomassEquations : int { SpeciesTable, Fang2001, Table };
constexpr int kBiomassEquationSetCount = 3;
constexpr std::array<std::string_view, kBiomassEquationSetCount> kBiomassEquationNames = {"species_table", "fang_2001",
                                                                                          "table"};

struct BiomassLine {
    double a = 0, b = 0;  // M = a + b·V
    std::string source;
};

// One forest type of Fang et al. (2001): B = slope·V + intercept in the
// paper's notation, so our a is its intercept and our b its slope.
struct FangForestType {
    std::string_view name;         // the key a species table names in `fang_forest_type`
    std::string_view description;  // the paper's forest type
    double slope, intercept;
};
const std::vector<FangForestType>& fangForestTypes();
// The type of that name, if any.
const FangForestType* fangForestType(std::string_view name);
BiomassLine fangLine(const FangForestType& type);

// A user's biomass table: CSV with columns code, biomass_a, biomass_b and
// biomass_source; one row per species group it gives a line for (codes of
// `species`). Returns the lines by group index (empty where the table has no
// row). Throws Error "file:line: column 'x': …" on a bad value, an unknown or
// repeated code, or an empty source.
std::vector<std::optional<BiomassLine>> loadBiomassTable(const std::filesystem::path& path, const SpeciesTable& species);

}  // namespace forestsink
