#include "species/SpeciesTable.h"

#include "common/CsvFile.h"
#include "common/Error.h"

#include <fmt/format.h>

namespace forestsink {

SpeciesTable SpeciesTable::fromGroups(std::vector<SpeciesGroup> groups) {
    SpeciesTable table;
    table.indexByCode_.fill(-1);
    for (std::size_t i = 0; i < groups.size(); ++i) table.indexByCode_[groups[i].code] = static_cast<int16_t>(i);
    table.groups_ = std::move(groups);
    return table;
}

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
