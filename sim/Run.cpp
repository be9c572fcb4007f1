#include "sim/Run.h"

#include "common/Error.h"
#include "common/Sha256.h"
#include "common/Version.h"
#include "raster/Gdal.h"
#include "scenarios/Scenario.h"
#include "sim/GrowthStep.h"
#include "sim/OutputFolder.h"
#include "sim/ReportRasters.h"
#include "sim/StateLoader.h"
#include "sim/SummaryTable.h"
#include "species/GrowthTable.h"

#include <fmt/format.h>
#include <fmt/os.h>
#include <fmt/ostream.h>
#include <nlohmann/json.hpp>
#include <proj.h>
#include <tbb/version.h>

#include <algorithm>
#include <chrono>
#include <fstream>

namespace forestsink {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

template <typename... Args>
void say(const RunOptions& o, fmt::format_string<Args...> f, Args&&... args) {
    if (o.log) {
        fmt::print(*o.log, f, std::forward<Args>(args)...);
        o.log->flush();
    }
}

nlohmann::json fileEntry(const std::string& role, const std::filesystem::path& path) {
    return {{"role", role}, {"path", path.string()}, {"sha256", sha256OfFile(path)},
            {"bytes", std::filesystem::file_size(path)}};
}

}  // namespace

RunResult runScenario(const RunOptions& options) {
    const auto start = Clock::now();
    Scenario scenario = loadScenario(options.scenario);
    if (options.seed) scenario.seed = *options.seed;
    const SpeciesTable species = SpeciesTable::load(scenario.speciesTable);
    const ThreadRunner runner(options.threads, options.tileRows);
    OutputFolder out(options.outDir);  // refuses an unwritable folder before any work

    say(options, "forestsink {}: {}\n", kVersion, scenario.name);
    const auto loadStart = Clock::now();
    LoadedState loaded = loadState(scenario, species, runner);
    CellState& state = loaded.state;
    const double loadSeconds = secondsSince(loadStart);
    for (const auto& note : loaded.notes) say(options, "note: {}\n", note);
    say(options, "grid: {}; {} threads, tiles of {} rows; inputs read in {:.2f} s\n", state.grid.describe(),
        runner.threads(), runner.tileRows(), loadSeconds);

    const GrowthTable growth(species);
    const BiomassParameters biomass(species);
    std::vector<bool> isForest(kLandClassCount, false);
    for (LandClass c : scenario.forestClasses) isForest[static_cast<int>(c)] = true;

    RunResult result;
    double growSeconds = 0, accountSeconds = 0, writeSeconds = 0;
    auto account = [&](int year) {
        const auto t = Clock::now();
        result.years.push_back(accountYear(year, state, biomass, isForest, runner));
        accountSeconds += secondsSince(t);
        const Totals& p = result.years.back().province;
        say(options, "{}  forest {:.4f} Mha  stock {:.4f} billion m³  carbon {:.2f} Mt C  CO2e {:.2f} Mt\n", year,
            p[kForestAreaHa] / 1e6, p[kStockM3] / 1e9, p[kCarbonT] / 1e6, p[kCarbonT] * kCo2PerC / 1e6);
    };
    auto report = [&](int year) {
        if (!std::binary_search(scenario.reportYears.begin(), scenario.reportYears.end(), year)) return;
        const auto t = Clock::now();
        for (auto& f : writeReportRasters(out, year, scenario.name, state, biomass, runner))
            result.outputs.push_back(f);
        writeSeconds += secondsSince(t);
    };

    // The inputs are the state of start_year; each step grows one year.
    account(scenario.startYear);
    report(scenario.startYear);
    for (int year = scenario.startYear + 1; year <= scenario.endYear; ++year) {
        const auto t = Clock::now();
        growOneYear(state, growth, runner);
        growSeconds += secondsSince(t);
        account(year);
        report(year);
    }

    writeSummaryCsv(out.stagingPath("summary.csv"), result.years, state.regions);
    result.outputs.push_back("summary.csv");

    nlohmann::json inputs = nlohmann::json::array();
    inputs.push_back(fileEntry("scenario", scenario.file));
    inputs.push_back(fileEntry("species_table", scenario.speciesTable));
    for (const LayerSpec* layer : scenario.layers()) inputs.push_back(fileEntry("layer:" + layer->name, layer->path));
    if (scenario.regionNames) inputs.push_back(fileEntry("region_names", *scenario.regionNames));
    nlohmann::json runJson = {
        {"forestsink_version", kVersion},
        {"command_line", options.commandLine},
        {"scenario", {{"name", scenario.name}, {"file", scenario.file.string()}}},
        {"inputs", inputs},
        {"parameters",
         {{"start_year", scenario.startYear},
          {"end_year", scenario.endYear},
          {"report_years", scenario.reportYears},
          {"forest_classes", [&] {
               std::vector<std::string> names;
               for (LandClass c : scenario.forestClasses) names.emplace_back(kLandClassNames[static_cast<int>(c)]);
               return names;
           }()},
          {"growth_rule", "V(a+1) = V(a) * C(a+1)/C(a); new stands start on the curve (species/GrowthTable.h)"},
          {"biomass", "M = a + b*V for V > 0; C = CF*M; CO2e = 44/12*C"}}},
        {"seed", scenario.seed},
        {"threads", runner.threads()},
        {"tile_rows", runner.tileRows()},
        {"grid", {{"description", state.grid.describe()}, {"cols", state.grid.cols}, {"rows", state.grid.rows},
                  {"geotransform", state.grid.geotransform}, {"crs_wkt", state.grid.crsWkt},
                  {"cell_area_ha_first_row", state.cellAreaHa.front()}}},
        {"state_bytes_per_cell", CellState::kBytesPerCell},
        {"notes", loaded.notes},
        {"libraries", {{"gdal", GDALVersionInfo("RELEASE_NAME")}, {"proj", proj_info().release},
                       {"onetbb", TBB_VERSION_STRING}}},
        {"outputs", result.outputs},
    };
    runJson["timings_s"] = {{"load_inputs", loadSeconds}, {"growth", growSeconds}, {"accounting", accountSeconds},
                            {"write_rasters", writeSeconds}, {"total", secondsSince(start)}};
    std::ofstream(out.stagingPath("run.json")) << runJson.dump(2) << "\n";
    result.outputs.push_back("run.json");

    out.commit();
    const Totals& last = result.years.back().province;
    say(options,
        "\nProvince totals {}: study area {:.4f} Mha, forest area {:.4f} Mha, forest stock {:.4f} billion m³ "
        "(living stock {:.4f}), tree biomass {:.2f} Mt, carbon {:.2f} Mt C, CO2e {:.2f} Mt\n"
        "Outputs in {} ({} files, {:.1f} s)\n",
        result.years.back().year, last[kAreaHa] / 1e6, last[kForestAreaHa] / 1e6, last[kStockM3] / 1e9,
        last[kLivingStockM3] / 1e9, last[kBiomassT] / 1e6, last[kCarbonT] / 1e6, last[kCarbonT] * kCo2PerC / 1e6,
        out.root().string(), result.outputs.size(), secondsSince(start));
    return result;
}

}  // namespace forestsink
