#include "sim/ObservedStockChanges.h"

#include "common/CsvFile.h"
#include "common/Error.h"
#include "common/NearestName.h"
#include "scenarios/SpeciesGroupNamed.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace forestsink {
namespace {

constexpr const char* kEvery = "all";
constexpr double kMaxChangeM3 = 1e12;  // a thousand times China's whole forest stock

int regionNamed(const CsvFile& csv, const CsvFile::Record& r, const std::vector<Region>& regions) {
    const std::string& name = csv.text(r, "region");
    if (name == kEvery) return kEveryRegion;
    std::vector<std::string> names;
    for (std::size_t k = 0; k < regions.size(); ++k) {
        if (regions[k].name == name || std::to_string(regions[k].id) == name) return static_cast<int>(k);
        names.push_back(regions[k].name);
    }
    const std::string near = nearestName(name, names);
    throw Error(fmt::format("{}: '{}' is not a region of the run{}; regions: {}, or '{}' for the province",
                            csv.where(r, "region"), name, near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near),
                            fmt::join(names, ", "), kEvery));
}

std::string labelOf(const StockChangeObservation& o, const SpeciesTable& species, const std::vector<Region>& regions) {
    const std::string type = o.group == kEveryGroup ? "" : species.group(o.group).name;
    if (o.regionIndex == kEveryRegion) return type.empty() ? "province" : type;
    const std::string& region = regions[o.regionIndex].name;
    return type.empty() ? region : type + " in " + region;
}

// `regions` null: region names are not resolved yet (every row is then the province's).
std::vector<StockChangeObservation> read(const std::filesystem::path& file, const SpeciesTable& species,
                                         const std::vector<Region>* regions) {
    const CsvFile csv(file, {"forest_type", "stock_change_m3"}, "observed stock changes");
    const bool hasRegion = csv.hasColumn("region");
    std::vector<StockChangeObservation> observations;
    for (const auto& r : csv.records()) {
        StockChangeObservation o;
        const std::string& type = csv.text(r, "forest_type");
        if (type != kEvery)
            o.group = speciesGroupNamed(species, type, fmt::format("{}:{}", file.string(), r.line), "forest_type");
        if (hasRegion && regions) o.regionIndex = regionNamed(csv, r, *regions);
        o.changeM3 = csv.number(r, "stock_change_m3", -kMaxChangeM3, kMaxChangeM3);
        if (regions) o.label = labelOf(o, species, *regions);
        observations.push_back(o);
    }
    if (observations.empty())
        throw Error(fmt::format("{}: no observed change: give rows of forest_type,region,stock_change_m3 (forest type "
                                "'all' and region 'all' for the province)",
                                file.string()));
    return observations;
}

}  // namespace

std::vector<StockChangeObservation> readObservedStockChanges(const std::filesystem::path& file,
                                                             const SpeciesTable& species,
                                                             const std::vector<Region>& regions) {
    return read(file, species, &regions);
}

void checkObservedStockChanges(const std::filesystem::path& file, const SpeciesTable& species) {
    read(file, species, nullptr);
}

}  // namespace forestsink
