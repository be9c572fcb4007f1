#include "sim/Batch.h"

#include "common/Error.h"
#include "scenarios/TomlTable.h"
#include "sim/Chart.h"
#include "sim/Run.h"

#include <fmt/format.h>
#include <fmt/os.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <mutex>
#include <regex>
#include <set>

namespace forestsink {
namespace {

namespace fs = std::filesystem;

double asNumber(const std::string& value, const std::string& path, const std::string& where, double min, double max) {
    double v = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec != std::errc() || end != value.data() + value.size())
        throw Error(fmt::format("{}: '{}' takes a number, not \"{}\"", where, path, value));
    if (v < min || v > max)
        throw Error(fmt::format("{}: '{}' = {} is out of range; allowed {} to {}", where, path, value, min, max));
    return v;
}

std::string fileSafe(std::string s) {
    for (char& c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' || c == '=')) c = '_';
    return s;
}

}  // namespace

void setParameter(Scenario& s, const std::string& path, const std::string& value, const std::string& where) {
    if (path == "seed") {
        s.seed = static_cast<uint64_t>(asNumber(value, path, where, 0, 9.2e18));
        return;
    }
    if (path == "carbon_price_yuan_per_t_co2e") {
        s.carbonPriceYuanPerTCo2e = asNumber(value, path, where, 0, 1e6);
        return;
    }
    static const std::regex programmePath(R"(programmes\[(.+)\]\.([a-z_0-9]+))");
    std::smatch m;
    if (!std::regex_match(path, m, programmePath))
        throw Error(fmt::format("{}: unknown parameter path '{}'; allowed: seed, carbon_price_yuan_per_t_co2e, "
                                "programmes[NAME].KEY",
                                where, path));
    const std::string name = m[1], key = m[2];
    auto it = std::find_if(s.programmes.begin(), s.programmes.end(), [&](const auto& p) { return p.name == name; });
    if (it == s.programmes.end()) {
        std::vector<std::string> names;
        for (const auto& p : s.programmes) names.push_back("\"" + p.name + "\"");
        throw Error(fmt::format("{}: scenario {} has no programme named \"{}\"; it has {}", where, s.file.string(), name,
                                fmt::join(names, ", ")));
    }
    ProgrammeSpec& p = *it;
    auto number = [&](double min, double max) { return asNumber(value, path, where, min, max); };
    if (key == "stocking") p.stocking = number(0.01, 1.5);
    else if (key == "growth_gain") p.growthGain = number(0, 5);
    else if (key == "gain_years") p.gainYears = static_cast<int>(number(0, 100));
    else if (key == "years_to_forest") p.yearsToForest = static_cast<int>(number(0, 50));
    else if (key == "severity") p.severity = number(0, 1);
    else if (key == "cost_yuan_per_ha") p.costYuanPerHa = number(0, 1e9);
    else if (key == "species") p.species = SpeciesChoice{value == "local", value, where};
    else if (key == "area_ha_per_year" || key == "area_ha_total" || key == "volume_m3_per_year" || key == "rate_per_year") {
        const bool has = key == "area_ha_per_year" ? p.areaHaPerYear.has_value()
                         : key == "area_ha_total" ? p.areaHaTotal.has_value()
                         : key == "volume_m3_per_year" ? p.volumeM3PerYear.has_value()
                                                      : p.ratePerYear.has_value();
        if (!has)
            throw Error(fmt::format("{}: programme \"{}\" has no {}; a sweep can change only the amount it has", where,
                                    name, key));
        const double v = number(0, key == "rate_per_year" ? 1 : 1e12);
        (key == "area_ha_per_year" ? p.areaHaPerYear : key == "area_ha_total" ? p.areaHaTotal
                                                   : key == "volume_m3_per_year" ? p.volumeM3PerYear
                                                                                 : p.ratePerYear) = v;
    } else
        throw Error(fmt::format("{}: '{}' cannot be swept; allowed keys: stocking, growth_gain, gain_years, "
                                "years_to_forest, severity, area_ha_per_year, area_ha_total, volume_m3_per_year, "
                                "rate_per_year, cost_yuan_per_ha, species",
                                where, key));
}

Batch loadBatch(const fs::path& file) {
    const toml::table root = TomlTable::parseFile(file);
    const TomlTable t(root, file, "");
    t.allowOnly({"name", "scenarios", "sweeps"});
    Batch b;
    b.file = fs::absolute(file);
    b.name = t.optionalString("name").value_or(file.stem().string());
    std::set<std::string> names;
    auto add = [&](BatchVariant v) {
        std::string name = fileSafe(v.name);
        for (int i = 2; names.count(name); ++i) name = fileSafe(v.name) + "-" + std::to_string(i);
        names.insert(name);
        v.name = name;
        b.variants.push_back(std::move(v));
    };
    if (t.has("scenarios"))
        for (const auto& [text, where] : t.scalars("scenarios")) {
            fs::path p = text;
            if (p.is_relative()) p = b.file.parent_path() / p;
            add(BatchVariant{p.stem().string(), "", loadScenario(p)});
        }
    for (const TomlTable& sweep : t.tables("sweeps")) {
        sweep.allowOnly({"scenario", "mode", "parameters"});
        const fs::path scenarioPath = sweep.path("scenario");
        const Scenario base = loadScenario(scenarioPath);
        const std::string mode = sweep.optionalString("mode").value_or("cross");
        if (mode != "cross" && mode != "zip")
            throw Error(fmt::format("{}: '{}' = '{}' is not known; allowed: cross, zip", sweep.where("mode"),
                                    sweep.qualified("mode"), mode));
        struct Parameter {
            std::string path, where;
            std::vector<std::pair<std::string, std::string>> values;
        };
        std::vector<Parameter> parameters;
        for (const TomlTable& p : sweep.tables("parameters")) {
            p.allowOnly({"path", "values"});
            parameters.push_back(Parameter{p.string("path"), p.where("path"), p.scalars("values")});
            if (parameters.back().values.empty())
                throw Error(fmt::format("{}: '{}' has no values", p.where("values"), p.qualified("values")));
        }
        if (parameters.empty()) throw Error(fmt::format("{}: the sweep has no [[sweeps.parameters]]", sweep.where()));
        std::size_t combinations = 1;
        if (mode == "zip") {
            combinations = parameters[0].values.size();
            for (const auto& p : parameters)
                if (p.values.size() != combinations)
                    throw Error(fmt::format("{}: a zip sweep needs the same number of values for every parameter; "
                                            "'{}' has {}, '{}' has {}",
                                            p.where, parameters[0].path, combinations, p.path, p.values.size()));
        } else {
            for (const auto& p : parameters) combinations *= p.values.size();
        }
        if (combinations > 10000)
            throw Error(fmt::format("{}: the sweep makes {} scenarios; at most 10000 are allowed", sweep.where(), combinations));
        for (std::size_t k = 0; k < combinations; ++k) {
            BatchVariant v{scenarioPath.stem().string(), "", base};
            std::size_t rest = k;
            for (const auto& p : parameters) {
                const std::size_t index = mode == "zip" ? k : rest % p.values.size();
                rest /= mode == "zip" ? 1 : p.values.size();
                const auto& [value, where] = p.values[index];
                setParameter(v.scenario, p.path, value, where);
                const std::string shortKey = p.path.substr(p.path.rfind('.') == std::string::npos ? 0 : p.path.rfind('.') + 1);
                v.name += "__" + shortKey + "=" + value;
                v.parameters += fmt::format("{}{}={}", v.parameters.empty() ? "" : "; ", p.path, value);
            }
            add(std::move(v));
        }
    }
    if (b.variants.empty()) throw Error(fmt::format("{}: the batch names no scenarios and no sweeps", file.string()));
    return b;
}

void runBatch(const BatchOptions& options) {
    const Batch batch = loadBatch(options.batch);
    std::ostream* log = options.log;
    if (log) fmt::print(*log, "batch {}: {} scenarios\n", batch.name, batch.variants.size());
    OutputFolder out(options.outDir);

    // Each distinct set of inputs is read once and shared by its variants.
    struct Inputs {
        std::unique_ptr<SpeciesTable> species;
        std::unique_ptr<LoadedState> state;
        double seconds = 0;
    };
    std::map<std::string, Inputs> inputs;
    auto keyOf = [](const Scenario& s) {
        std::string key = fs::weakly_canonical(s.speciesTable).string();
        for (const LayerSpec* l : s.layers()) key += "|" + fs::weakly_canonical(l->path).string();
        return key;
    };
    const ThreadRunner runner(options.threads, options.tileRows);
    for (const auto& v : batch.variants) {
        Inputs& in = inputs[keyOf(v.scenario)];
        if (!in.species) {
            const auto t = std::chrono::steady_clock::now();
            in.species = std::make_unique<SpeciesTable>(SpeciesTable::load(v.scenario.speciesTable));
            in.state = std::make_unique<LoadedState>(loadState(v.scenario, *in.species, runner));
            in.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
        }
        checkProgrammeSpecies(v.scenario, *in.species);
    }
    if (log) fmt::print(*log, "inputs read: {} distinct sets for {} scenarios\n", inputs.size(), batch.variants.size());

    std::vector<RunResult> results(batch.variants.size());
    std::vector<std::function<void()>> jobs;
    std::mutex logMutex;
    for (std::size_t i = 0; i < batch.variants.size(); ++i)
        jobs.push_back([&, i] {
            const BatchVariant& v = batch.variants[i];
            const Inputs& in = inputs.at(keyOf(v.scenario));
            RunOptions o;
            o.threads = 1;
            o.tileRows = options.tileRows;
            o.draws = options.draws;
            o.commandLine = "batch " + options.batch.string() + " / " + v.name;
            OutputFolder variantOut(options.outDir / v.name);
            results[i] = runPrepared(v.scenario, *in.species, *in.state, in.seconds, variantOut, o);
            std::lock_guard lock(logMutex);
            if (log) fmt::print(*log, "  done: {}\n", v.name);
        });
    runner.runAll(jobs);

    // The comparison.
    std::string table =
        "scenario,parameters,year,stock_m3,living_stock_m3,carbon_t,co2e_t,cumulative_cost_yuan,additional_co2e_t,"
        "cost_per_t_co2e,targets_reached\n";
    std::string targets = "scenario,parameters,target,metric,year,value,simulated,reached,first_year_reached,gap,probability\n";
    std::vector<ChartSeries> stock;
    for (std::size_t i = 0; i < batch.variants.size(); ++i) {
        const BatchVariant& v = batch.variants[i];
        const RunResult& r = results[i];
        ChartSeries series{v.name, {}, {}};
        for (const auto& y : r.years) {
            series.x.push_back(y.totals.year);
            series.y.push_back(y.totals.province[kStockM3] / 1e9);
        }
        stock.push_back(series);
        for (int year : v.scenario.reportYears) {
            const std::size_t y = static_cast<std::size_t>(year - v.scenario.startYear);
            const Totals& p = r.years[y].totals.province;
            const double cost = totalCostYuan(r.years, y, v.scenario);
            std::string additional, perT;
            if (!r.contributions.empty()) {
                const double extra = r.contributions.front().additionalCo2eT[y];
                additional = fmt::format("{:.3f}", extra);
                if (extra > 0 && cost > 0) perT = fmt::format("{:.4f}", cost / extra);
            }
            int reached = 0, due = 0;
            for (const auto& o : r.targets)
                if (o.target->year <= year) ++due, reached += o.reached ? 1 : 0;
            table += fmt::format("{},{},{},{:.3f},{:.3f},{:.3f},{:.3f},{:.2f},{},{},{}/{}\n", csvText(v.name),
                                 csvText(v.parameters), year, p[kStockM3], p[kLivingStockM3],
                                 p[kCarbonT] + p[kSinkCarbonT], co2eOfTotals(p), cost, additional, perT, reached, due);
        }
        for (std::size_t k = 0; k < r.targets.size(); ++k) {
            const auto& o = r.targets[k];
            targets += fmt::format("{},{},{},{},{},{:.4f},{:.4f},{},{},{:.4f},{}\n", csvText(v.name),
                                   csvText(v.parameters), csvText(o.target->name),
                                   kTargetMetricNames[static_cast<int>(o.target->metric)], o.target->year, o.required,
                                   o.simulated, o.reached ? "yes" : "no",
                                   o.firstYearReached ? std::to_string(*o.firstYearReached) : std::string(), o.gap,
                                   r.probability.empty() ? std::string() : fmt::format("{:.4f}", r.probability[k]));
        }
    }
    fmt::output_file(out.stagingPath("comparison.csv").string()).print("{}", table);
    fmt::output_file(out.stagingPath("comparison_targets.csv").string()).print("{}", targets);
    std::vector<ChartLine> stockTargets;
    std::set<std::pair<int, double>> seen;
    for (const auto& r : results)
        for (const auto& o : r.targets)
            if (o.target->metric == TargetMetric::StockM3 && seen.insert({o.target->year, o.required}).second)
                stockTargets.push_back({fmt::format("target {}: {:.3g} billion m3", o.target->year, o.required / 1e9),
                                        o.required / 1e9});
    drawLineChart(out.stagingPath("comparison.png"), batch.name + ": forest stock", "year", "forest stock (billion m3)",
                  stock, stockTargets);
    out.commit();
    if (log) fmt::print(*log, "comparison: {}\n", (out.root() / "comparison.csv").string());
}

}  // namespace forestsink
