#include "report/RunJson.h"

#include "common/TextFile.h"
#include "common/MemoryUse.h"
#include "common/Version.h"
#include "report/Sha256.h"
#include "sim/CellState.h"

#include <gdal.h>
#include <nlohmann/json.hpp>
#include <proj.h>
#include <tbb/version.h>

#include <fstream>

namespace forestsink {
namespace {

nlohmann::json fileEntry(const std::string& role, const std::filesystem::path& path) {
    return {{"role", role}, {"path", path.string()}, {"sha256", sha256OfFile(path)},
            {"bytes", std::filesystem::file_size(path)}};
}

nlohmann::json inputsOf(const Scenario& scenario, const Scenario* baseline) {
    nlohmann::json inputs = nlohmann::json::array();
    inputs.push_back(fileEntry("scenario", scenario.file));
    inputs.push_back(fileEntry("species_table", scenario.speciesTable));
    for (const LayerSpec* layer : scenario.layers()) inputs.push_back(fileEntry("layer:" + layer->name, layer->path));
    if (scenario.regionNames) inputs.push_back(fileEntry("region_names", *scenario.regionNames));
    for (const auto& p : scenario.programmes) {
        if (p.eligible.raster) inputs.push_back(fileEntry("eligibility:" + p.name, p.eligible.raster->path));
        if (p.priorityRaster) inputs.push_back(fileEntry("priority:" + p.name, *p.priorityRaster));
    }
    if (baseline) inputs.push_back(fileEntry("baseline", baseline->file));
    return inputs;
}

nlohmann::json parametersOf(const Scenario& scenario) {
    nlohmann::json programmes = nlohmann::json::array();
    for (const auto& p : scenario.programmes)
        programmes.push_back({{"name", p.name}, {"kind", kindName(p.kind)}, {"years", {p.firstYear, p.lastYear}},
                              {"cost_yuan_per_ha", p.costYuanPerHa}, {"stocking", p.stocking},
                              {"growth_gain", p.growthGain}, {"gain_years", p.gainYears},
                              {"years_to_forest", p.yearsToForest}, {"severity", p.severity}});
    return {{"start_year", scenario.startYear},
            {"end_year", scenario.endYear},
            {"report_years", scenario.reportYears},
            {"programmes", programmes},
            {"carbon_price_yuan_per_t_co2e", scenario.carbonPriceYuanPerTCo2e},
            {"growth_rule", "V(a+1) = V + min(V/C(a), 1.5)*(C(a+1)-C(a))*(1+gain); new stands start on the curve "
                            "at their planting stocking (species/GrowthTable.h)"},
            {"biomass", "M = a + b*V for V > 0; C = CF*M; CO2e = 44/12*(C + sink carbon)"},
            {"year_order", "disturbances, programmes (file order), then one pass in which each cell grows, changes "
                           "class when due and is counted"}};
}

nlohmann::json gridOf(const RunRecord& run) {
    nlohmann::json grid = {{"description", run.grid.describe()}, {"cols", run.grid.cols}, {"rows", run.grid.rows},
                           {"geotransform", run.grid.geotransform}, {"crs_wkt", run.grid.crsWkt},
                           {"cell_area_ha_first_row", run.firstRowCellAreaHa}, {"cells", run.grid.cellCount()},
                           {"study_cells", run.studyCells}};
    // A grid coarser than the data: its study cells hold this many stands (sim/Stands.h).
    if (run.stands) grid["stands"] = run.stands;
    return grid;
}

nlohmann::json memoryOf(const RunRecord& run) {
    return {{"state_bytes", run.stateBytes},
            {"initial_state_kept", run.initialStateKept},
            {"peak_resident_bytes_main_run", run.peakMainRunBytes},
            {"peak_resident_bytes", peakResidentBytes()},
            {"physical_bytes", physicalMemoryBytes()},
            {"available_bytes", availableMemoryBytes()},
            {"available_set_by", memoryLimits().binding()},
            {"note", "peak resident set (getrusage ru_maxrss); the main run holds one state, and a copy of the initial "
                     "state only when draws or contributions need it and it fits in 80 % of memory"}};
}

nlohmann::json timingsOf(const RunTimings& t, const Scenario& scenario) {
    const auto& parts = t.simulateParts;
    nlohmann::json byProgramme = nlohmann::json::array();  // in the scenario's order
    for (std::size_t p = 0; p < parts.byProgramme.size(); ++p)
        byProgramme.push_back({{"programme", scenario.programmes[p].name}, {"seconds", parts.byProgramme[p]}});
    return {{"load_inputs", t.loadInputs},
            {"load_inputs_parts",
             {{"fresh_memory", t.loadFreshMemory},
              {"note", "fresh_memory: the readers mapping the state's fresh pages before their first write, summed "
                       "over the threads and divided by their number (this rank's)"}}},
            {"simulate", t.simulate},
            {"simulate_parts",
             {{"year_begin", parts.yearBegin}, {"programmes", parts.programmes},
              {"by_programme", byProgramme},
              {"growth_transitions_accounting", parts.cells}, {"ledger", parts.ledger}}},
            {"write_rasters", t.writeRasters}, {"contributions", t.contributions},
            {"monte_carlo", t.monteCarlo}, {"report", t.report}, {"total", t.total}};
}

nlohmann::json ranksOf(const RunRecord& run) {
    nlohmann::json ranks = nlohmann::json::array();
    for (const RankRecord& r : run.ranks)
        ranks.push_back({{"rank", r.rank}, {"threads", r.threads}, {"state_bytes", r.stateBytes}, {"draws", r.draws}, {"runs_without_a_programme", r.runsWithout},
                         {"seconds", r.seconds}, {"peak_resident_bytes", r.peakResidentBytes},
                         {"rows", {{"first", r.firstRow}, {"count", r.rowCount}}},
                         {"simulated_years", r.simulatedYears},
                         {"communication", {{"seconds", r.communication.seconds},
                                            {"bytes_sent", r.communication.bytesSent},
                                            {"bytes_received", r.communication.bytesReceived},
                                            {"collective_calls", r.communication.calls},
                                            {"note", "payload of the MPI collectives; seconds include waiting for "
                                                     "slower ranks"}}}});
    return ranks;
}

}  // namespace

void writeRunJson(const std::filesystem::path& path, const RunRecord& run) {
    const Scenario& scenario = *run.scenario;
    nlohmann::json json = {
        {"forestsink_version", kVersion},
        {"command_line", run.commandLine},
        {"scenario", {{"name", scenario.name}, {"file", scenario.file.string()}}},
        {"inputs", inputsOf(scenario, run.baseline)},
        {"parameters", parametersOf(scenario)},
        {"seed", scenario.seed},
        {"draws", run.draws},
        {"contributions", run.contributions},
        {"threads", run.threads},
        {"tile_rows", run.tileRows},
        {"mpi_ranks", run.mpiRanks},
        {"mpi_split", run.mpiSplit},
        {"ranks", ranksOf(run)},
        {"grid", gridOf(run)},
        {"state_bytes_per_cell", CellState::kBytesPerCell},
        {"state_note", "the state holds study cells only (grid.study_cells), plus an index of their runs per row; "
                       "memory.state_bytes counts both"},
        {"memory", memoryOf(run)},
        {"ledger_max_balance_error_m3", run.maxBalanceErrorM3},
        {"notes", run.notes},
        {"libraries", {{"gdal", GDALVersionInfo("RELEASE_NAME")}, {"proj", proj_info().release},
                       {"onetbb", TBB_VERSION_STRING}}},
        {"outputs", run.outputs},
    };
    json["timings_s"] = timingsOf(run.timings, scenario);
    writeTextFile(path, json.dump(2) + "\n");
}

}  // namespace forestsink
