#include "species/SpeciesTable.h"

#include "common/CsvFile.h"
#include "common/Error.h"
#include "common/NearestName.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace forestsink {

SpeciesTable SpeciesTable::fromGroups(std::vector<SpeciesGroup> groups) {
    SpeciesTable table;
    table.indexByCode_.fill(-1);
    for (std::size_t i = 0; i < groups.size(); ++i) table.indexByCode_[groups[i].code] = static_cast<int16_t>(i);
    table.groups_ = std::move(groups);
    return table;
}

namespace {

// The optional column naming the group's forest type in Fang et al. (2001);
// empty when the paper has none for it.
void readFangForestType(const CsvFile& csv, const CsvFile::Record& r, SpeciesGroup& g) {
    g.fangForestType = csv.text(r, "fang_forest_type");
    if (g.fangForestType.empty()) return;
    const FangForestType* type = fangForestType(g.fangForestType);
    if (!type) {
        std::vector<std::string> names;
        for (const auto& t : fangForestTypes()) names.emplace_back(t.name);
        const std::string near = nearestName(g.fangForestType, names);
        throw Error(fmt::format("{}: '{}' is not a forest type of Fang et al. 2001{}; allowed: {} (or empty)",
                                csv.where(r, "fang_forest_type"), g.fangForestType,
                                near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near), fmt::join(names, ", ")));
    }
    g.biomassLines[static_cast<int>(BiomassEquations::Fang2001)] = fangLine(*type);
}

// The optional plantation columns: closure years by site class, and the
// survival distribution at the acceptance check (all three or none).
void readPlantationColumns(const CsvFile& csv, const CsvFile::Record& r, SpeciesGroup& g) {
    if (csv.hasColumn("closure_years_good")) {
        const char* columns[] = {"closure_years_good", "closure_years_medium", "closure_years_poor"};
        for (int s = 0; s < kSiteClassCount; ++s) g.closureYears[s] = static_cast<int>(csv.integer(r, columns[s], 1, 50));
    }
    if (csv.hasColumn("survival_low")) {
        const double low = csv.number(r, "survival_low", 0, 1), mode = csv.number(r, "survival_mode", 0, 1),
                     high = csv.number(r, "survival_high", 0, 1);
        if (!(low <= mode && mode <= high && low < high))
            throw Error(fmt::format("{}: survival_low {}, survival_mode {}, survival_high {} must satisfy low <= mode "
                                    "<= high and low < high (a triangular distribution of survival, 0 to 1)",
                                    csv.where(r, "survival_low"), low, mode, high));
        g.survival = std::array<double, 3>{low, mode, high};
    }
    if (csv.hasColumn("plantation_source")) g.plantationSource = csv.text(r, "plantation_source");
    if ((csv.hasColumn("closure_years_good") || csv.hasColumn("survival_low")) && g.plantationSource.empty())
        throw Error(fmt::format("{}: the plantation columns need a plantation_source; name the source or write "
                                "\"estimate\"",
                                csv.hasColumn("plantation_source") ? csv.where(r, "plantation_source")
                                                                   : csv.where(r, "code")));
}

}  // namespace

SpeciesTable SpeciesTable::load(const std::filesystem::path& path) {
    const CsvFile csv(path, {"code", "name", "vmax", "k", "c", "site_good", "site_medium", "site_poor",
                             "biomass_a", "biomass_b", "root_shoot", "carbon_fraction", "young_max",
                             "middle_max", "near_mature_max", "mature_max", "growth_source",
                             "biomass_source", "age_class_source"},
                      "species table");
    std::vector<SpeciesGroup> groups;
    std::array<int, 256> lineOfCode{};
    for (const auto& r : csv.records()) {
        SpeciesGroup g;
        // Code 0 means "no trees" in the species raster; 255 is kept for nodata.
        g.code = static_cast<int>(csv.integer(r, "code", 1, 254));
        if (lineOfCode[g.code] != 0)
            throw Error(fmt::format("{}: duplicate code {} (already used on line {})", csv.where(r, "code"), g.code,
                                    lineOfCode[g.code]));
        lineOfCode[g.code] = r.line;
        g.name = csv.text(r, "name");
        if (g.name.empty()) throw Error(csv.where(r, "name") + ": empty name");
        g.vmax = csv.number(r, "vmax", 1, 3000);
        g.k = csv.number(r, "k", 1e-3, 2);
        g.c = csv.number(r, "c", 0.5, 10);
        g.siteMultiplier = {csv.number(r, "site_good", 0.05, 5), csv.number(r, "site_medium", 0.05, 5),
                            csv.number(r, "site_poor", 0.05, 5)};
        if (csv.hasColumn("stocking_plateau")) g.stockingPlateau = csv.number(r, "stocking_plateau", 0.3, 1);
        g.biomassA = csv.number(r, "biomass_a", 0, 100);
        g.biomassB = csv.number(r, "biomass_b", 0.05, 5);
        g.rootShoot = csv.number(r, "root_shoot", 0, 2);
        g.carbonFraction = csv.number(r, "carbon_fraction", 0.3, 0.7);
        const char* ageColumns[] = {"young_max", "middle_max", "near_mature_max", "mature_max"};
        for (int i = 0; i < 4; ++i) {
            g.ageClassMax[i] = static_cast<int>(csv.integer(r, ageColumns[i], 1, 1000));
            if (i > 0 && g.ageClassMax[i] <= g.ageClassMax[i - 1])
                throw Error(fmt::format("{}: {} must be greater than {} ({})", csv.where(r, ageColumns[i]),
                                        g.ageClassMax[i], ageColumns[i - 1], g.ageClassMax[i - 1]));
        }
        g.growthSource = csv.text(r, "growth_source");
        g.biomassSource = csv.text(r, "biomass_source");
        g.ageClassSource = csv.text(r, "age_class_source");
        for (const char* column : {"growth_source", "biomass_source", "age_class_source"})
            if (csv.text(r, column).empty())
                throw Error(csv.where(r, column) + ": empty; name the source or write \"estimate\"");
        g.biomassLines[static_cast<int>(BiomassEquations::SpeciesTable)] = BiomassLine{g.biomassA, g.biomassB, g.biomassSource};
        if (csv.hasColumn("fang_forest_type")) readFangForestType(csv, r, g);
        readPlantationColumns(csv, r, g);
        groups.push_back(std::move(g));
    }
    if (groups.empty()) throw Error(fmt::format("{}: no species groups", path.string()));
    SpeciesTable table = fromGroups(std::move(groups));
    table.path_ = path;
    return table;
}

std::optional<int> SpeciesTable::indexOfCode(long code) const {
    if (code < 0 || code > 255 || indexByCode_[code] < 0) return std::nullopt;
    return indexByCode_[code];
}

}  // namespace forestsink
