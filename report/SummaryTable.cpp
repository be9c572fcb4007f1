#include "report/SummaryTable.h"

#include "common/TextFile.h"
#include "report/CsvText.h"

#include <fmt/format.h>

namespace forestsink {

const char* const kSummaryHeader =
    "year,region_id,region,area_ha,forestry_land_ha,forest_area_ha,coverage_current_pct,coverage_pre2003_pct,stock_m3,living_stock_m3,growth_m3,harvest_m3,"
    "loss_m3,reclass_m3,biomass_t,above_biomass_t,carbon_t,sink_carbon_t,co2e_t,sequestration_t_co2e,"
    "above_carbon_t,below_carbon_t,dead_wood_carbon_t,litter_carbon_t,soil_carbon_t,hwp_carbon_t,"
    "soil_change_t_c,hwp_inflow_t_c,hwp_decay_t_c,plantation_failed_ha,"
    "natural_to_forest_ha,natural_to_sparse_ha,construction_ha,construction_m3,construction_carbon_t";
const char* const kProgrammesHeader =
    "year,region_id,region,programme,kind,area_treated_ha,volume_m3,requested,shortfall,quota_unit,cost_yuan";
const char* const kTargetsHeader = "target,metric,year,value,simulated,reached,first_year_reached,gap,probability";

namespace {

// The carbon pools' columns: a pool the scenario did not choose stays empty,
// as do the flows of soil and wood products in the start year.
std::string poolColumns(const Totals& t, unsigned pools, const std::vector<double>* flows) {
    auto pool = [&](CarbonPool p, Metric m) { return (pools & poolBit(p)) ? fmt::format("{:.3f}", t[m]) : std::string(); };
    auto flow = [&](CarbonPool p, Flow f) {
        return flows && (pools & poolBit(p)) ? fmt::format("{:.3f}", (*flows)[f]) : std::string();
    };
    return fmt::format(",{},{},{},{},{},{},{},{},{}", pool(CarbonPool::AboveGround, kAboveCarbonT),
                       pool(CarbonPool::BelowGround, kBelowCarbonT), pool(CarbonPool::DeadWood, kDeadWoodCarbonT),
                       pool(CarbonPool::Litter, kLitterCarbonT), pool(CarbonPool::Soil, kSoilCarbonT),
                       pool(CarbonPool::Hwp, kHwpCarbonT), flow(CarbonPool::Soil, kSoilChangeC),
                       flow(CarbonPool::Hwp, kHwpInflowC), flow(CarbonPool::Hwp, kHwpDecayC));
}

std::string summaryRow(int year, const std::string& id, const std::string& name, const Totals& t, unsigned pools,
                       const std::vector<double>* flows, const Totals* previous) {
    auto flow = [&](Flow f) { return flows ? fmt::format("{:.3f}", (*flows)[f]) : std::string(); };
    const std::string sequestration = previous ? fmt::format("{:.3f}", co2eOfTotals(t) - co2eOfTotals(*previous)) : std::string();
    return fmt::format("{},{},{},{:.3f},{:.3f},{:.3f},{:.4f},{:.4f},{:.3f},{:.3f},{},{},{},{},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{}{},{},{},{},{},{},{}\n",
                       year, id, csvText(name), t[kAreaHa], t[kForestryLandHa], t[kForestAreaHa], coverageCurrentPct(t), coveragePre2003Pct(t), t[kStockM3],
                       t[kLivingStockM3], flow(kGrowthM3), flow(kHarvestM3), flow(kLossM3), flow(kReclassM3),
                       t[kBiomassT], t[kAboveBiomassT], t[kCarbonT], t[kSinkCarbonT], co2eOfTotals(t), sequestration,
                       poolColumns(t, pools, flows), flow(kPlantationFailedHa), flow(kNaturalToForestHa),
                       flow(kNaturalToSparseHa), flow(kConstructionHa), flow(kConstructionM3),
                       flow(kConstructionCarbonT));
}

}  // namespace

void writeSummaryCsv(const std::filesystem::path& path, const std::vector<YearRecord>& years,
                     const std::vector<Region>& regions) {
    std::string text = std::string(kSummaryHeader) + "\n";
    for (std::size_t y = 0; y < years.size(); ++y) {
        const YearRecord* previous = y > 0 ? &years[y - 1] : nullptr;
        for (std::size_t r = 0; r < regions.size(); ++r)
            text += summaryRow(years[y].totals.year, std::to_string(regions[r].id), regions[r].name,
                               years[y].totals.byRegion[r], years[y].totals.pools,
                               previous ? &years[y].flows[r] : nullptr,
                               previous ? &previous->totals.byRegion[r] : nullptr);
        text += summaryRow(years[y].totals.year, "", "all", years[y].totals.province, years[y].totals.pools,
                           previous ? &years[y].provinceFlows : nullptr, previous ? &previous->totals.province : nullptr);
    }
    writeTextFile(path, text);
}

void writeProgrammesCsv(const std::filesystem::path& path, const std::vector<YearRecord>& years,
                        const std::vector<Region>& regions, const Scenario& scenario) {
    std::string text = std::string(kProgrammesHeader) + "\n";
    for (const YearRecord& y : years) {
        for (const ProgrammeYear& py : y.programmes) {
            const ProgrammeSpec& spec = scenario.programmes[py.programme];
            const bool byRegion = !spec.areaHaPerYearByRegion.empty();
            const char* unit = py.volumeQuota ? "m3" : "ha";
            const double scale = py.volumeQuota ? 1e-3 : 1e-4;  // quota units → m³ or ha
            auto row = [&](const std::string& id, const std::string& name, int64_t areaM2, int64_t volume,
                           std::optional<std::pair<int64_t, int64_t>> needTaken) {
                const double ha = static_cast<double>(areaM2) * 1e-4;
                std::string requested, shortfall;
                if (needTaken) {
                    requested = fmt::format("{:.3f}", static_cast<double>(needTaken->first) * scale);
                    shortfall = fmt::format("{:.3f}",
                                            std::max<int64_t>(0, needTaken->first - needTaken->second) * scale);
                }
                text += fmt::format("{},{},{},{},{},{:.3f},{:.3f},{},{},{},{:.2f}\n", y.totals.year, id,
                                    csvText(name), csvText(spec.name), kindName(spec.kind), ha,
                                    static_cast<double>(volume) * 1e-3, requested, shortfall, unit,
                                    ha * spec.costYuanPerHa);
            };
            int64_t area = 0, volume = 0;
            for (std::size_t r = 0; r < regions.size(); ++r) {
                // A region with its own quota shows its request and shortfall.
                std::optional<std::pair<int64_t, int64_t>> quota;
                if (byRegion)
                    for (std::size_t g = 0; g < py.groupRegionIds.size(); ++g)
                        if (py.groupRegionIds[g] == regions[r].id) quota = std::pair{py.need[g], py.taken[g]};
                row(std::to_string(regions[r].id), regions[r].name, py.areaM2ByRegion[r], py.volumeMilliM3ByRegion[r],
                    quota);
                area += py.areaM2ByRegion[r];
                volume += py.volumeMilliM3ByRegion[r];
            }
            int64_t need = 0, taken = 0;
            for (std::size_t g = 0; g < py.need.size(); ++g) need += py.need[g], taken += py.taken[g];
            row("", "all", area, volume, std::pair{need, taken});
        }
    }
    writeTextFile(path, text);
}

void writeTargetsCsv(const std::filesystem::path& path, const std::vector<TargetOutcome>& outcomes,
                     const std::vector<double>& probability) {
    std::string text = std::string(kTargetsHeader) + "\n";
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const TargetOutcome& o = outcomes[i];
        text += fmt::format("{},{},{},{:.4f},{:.4f},{},{},{:.4f},{}\n", csvText(o.target->name),
                            kTargetMetricNames[static_cast<int>(o.target->metric)], o.target->year, o.required,
                            o.simulated, o.reached ? "yes" : "no",
                            o.firstYearReached ? std::to_string(*o.firstYearReached) : std::string(), o.gap,
                            probability.empty() ? std::string() : fmt::format("{:.4f}", probability[i]));
    }
    writeTextFile(path, text);
}

}  // namespace forestsink
