#include "species/BiomassEquations.h"

#include "common/CsvFile.h"
#include "common/Error.h"
#include "species/SpeciesTable.h"

#include <fmt/format.h>

namespace forestsink {

// Fang, Chen, Peng, Zhao & Ci (2001), Science 292:2320–2322, supporting
// Table 1, after Fang, Wang, Liu & Xu (1998), Ecological Applications
// 8:1084–1091: B = slope·V + intercept, B total tree biomass (t/ha), V stand
// volume (m³/ha). The values are as recalled [R]; no copy of the table could
// be checked here, so verify them before quoting (species/README.md).
const std::vector<FangForestType>& fangForestTypes() {
    static const std::vector<FangForestType> types = {
        {"abies_picea", "Abies and Picea (fir and spruce)", 0.5519, 48.861},
        {"cunninghamia", "Cunninghamia lanceolata (Chinese fir)", 0.3999, 22.541},
        {"cupressus", "Cupressus (cypress)", 0.6129, 26.1451},
        {"larix", "Larix (larch)", 0.6096, 33.806},
        {"pinus_armandii", "Pinus armandii (Armand pine)", 0.5856, 18.7435},
        {"pinus_massoniana_yunnanensis", "Pinus massoniana and P. yunnanensis", 0.5101, 1.0451},
        {"pinus_tabuliformis", "Pinus tabuliformis (Chinese pine)", 0.7554, 5.0928},
        {"quercus", "Quercus (oak)", 1.3288, -3.8999},
        {"betula", "Betula (birch)", 1.0687, 10.237},
        {"populus", "Populus (poplar)", 0.4754, 30.6034},
        {"eucalyptus", "Eucalyptus", 0.8873, 4.5539},
        {"mixed_broadleaf", "mixed broadleaf forest", 0.8392, 9.4157},
        {"soft_broadleaf", "soft broadleaf (miscellaneous)", 0.7564, 8.3103},
        {"tropical_forest", "tropical forest", 0.7975, 0.4204},
    };
    return types;
}

const FangForestType* fangForestType(std::string_view name) {
    for (const auto& t : fangForestTypes())
        if (t.name == name) return &t;
    return nullptr;
}

BiomassLine fangLine(const FangForestType& type) {
    return {type.intercept, type.slope,
            fmt::format("Fang et al. 2001, Science 292:2320, {} (B = {}·V + {}) [R, to verify]", type.description,
                        type.slope, type.intercept)};
}

std::vector<std::optional<BiomassLine>> loadBiomassTable(const std::filesystem::path& path, const SpeciesTable& species) {
    const CsvFile csv(path, {"code", "biomass_a", "biomass_b", "biomass_source"}, "biomass table");
    std::vector<std::optional<BiomassLine>> lines(species.size());
    std::vector<int> lineOfGroup(species.size(), 0);
    for (const auto& r : csv.records()) {
        const long code = csv.integer(r, "code", 1, 254);
        const std::optional<int> group = species.indexOfCode(code);
        if (!group)
            throw Error(fmt::format("{}: code {} is not a group of the species table {}", csv.where(r, "code"), code,
                                    species.path().string()));
        if (lineOfGroup[*group] != 0)
            throw Error(fmt::format("{}: code {} is given twice (already on line {})", csv.where(r, "code"), code,
                                    lineOfGroup[*group]));
        lineOfGroup[*group] = r.line;
        // A published line may have a small negative intercept (Fang et al.'s
        // oak: −3.9 t/ha); biomass is never taken below zero.
        BiomassLine line{csv.number(r, "biomass_a", -100, 100), csv.number(r, "biomass_b", 0.05, 5),
                         csv.text(r, "biomass_source")};
        if (line.source.empty()) throw Error(csv.where(r, "biomass_source") + ": empty; name the source or write \"estimate\"");
        lines[*group] = std::move(line);
    }
    return lines;
}

}  // namespace forestsink
