#include "scenarios/BatchFile.h"

#include "common/Error.h"
#include "scenarios/ProgrammeKinds.h"
#include "scenarios/TomlTable.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <map>
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

// A folder name: letters (any script), digits and . - _ = are kept; anything else becomes _.
std::string fileSafe(std::string s) {
    for (char& c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (!(u >= 0x80 || std::isalnum(u) || c == '.' || c == '-' || c == '_' || c == '=')) c = '_';
    }
    return s;
}

// Folder names longer than this are shortened (scenarios.csv maps them back).
constexpr std::size_t kMaxFolderBytes = 64;

// The first `bytes` bytes of `s`, never splitting a UTF-8 character.
std::string cutUtf8(const std::string& s, std::size_t bytes) {
    if (s.size() <= bytes) return s;
    while (bytes > 0 && (static_cast<unsigned char>(s[bytes]) & 0xC0) == 0x80) --bytes;
    return s.substr(0, bytes);
}

// When a sweep's readable names run past 64 bytes, all the variants of its
// scenario become SCENARIO__N (N the variant's number in the batch, from 1):
// short, unique, the same on every run of the file, and alike within a sweep.
void shortenLongNames(Batch& b) {
    const std::size_t width = std::to_string(b.variants.size()).size();
    std::set<std::string> tooLong;  // scenario files with a swept variant too long
    for (const auto& v : b.variants)
        if (!v.parameters.empty() && v.name.size() > kMaxFolderBytes) tooLong.insert(v.scenario.file.string());
    std::map<std::string, std::string> whereOfName;
    for (std::size_t i = 0; i < b.variants.size(); ++i) {
        BatchVariant& v = b.variants[i];
        if (v.name.size() > kMaxFolderBytes || (!v.parameters.empty() && tooLong.count(v.scenario.file.string())))
            v.name = fmt::format("{}__{:0{}}", cutUtf8(fileSafe(v.scenario.file.stem().string()), 32), i + 1, width);
        if (const auto it = whereOfName.find(v.name); it != whereOfName.end())
            throw Error(fmt::format("{}: this variant's short folder name '{}' is also the name of the one asked for "
                                    "at {}; rename a scenario file",
                                    v.where, v.name, it->second));
        whereOfName[v.name] = v.where;
    }
}

}  // namespace

void setParameter(Scenario& s, const ProgrammeKinds& kinds, const std::string& path, const std::string& value,
                  const std::string& where) {
    if (path == "seed") {
        // A whole number, read as one: a double would round seeds past 2^53.
        uint64_t seed = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seed);
        if (ec != std::errc() || end != value.data() + value.size())
            throw Error(fmt::format("{}: 'seed' takes a whole number from 0 to {}, not \"{}\"", where,
                                    std::numeric_limits<uint64_t>::max(), value));
        s.seed = seed;
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
    if (key == "cost_yuan_per_ha") {
        p.costYuanPerHa = number(0, 1e9);
        return;
    }
    if (key == "area_ha_per_year" || key == "area_ha_total" || key == "volume_m3_per_year" || key == "rate_per_year") {
        std::optional<double>& amount = key == "area_ha_per_year" ? p.areaHaPerYear
                                        : key == "area_ha_total"  ? p.areaHaTotal
                                        : key == "volume_m3_per_year" ? p.volumeM3PerYear
                                                                      : p.ratePerYear;
        if (!amount)
            throw Error(fmt::format("{}: programme \"{}\" has no {}; a sweep can change only the amount it has", where,
                                    name, key));
        amount = number(0, key == "rate_per_year" ? 1 : 1e12);
        return;
    }
    // The kind's own keys, with the ranges its file declares.
    const KindKeys& keys = kinds.declaration(p.kind).keys();
    const KindKey* k = keys.find(key);
    if (!k || k->type == KindKey::Type::Amount)
        throw Error(fmt::format("{}: '{}' cannot be swept; a {} programme takes: cost_yuan_per_ha, its amount, {}",
                                where, key, kindName(p.kind), fmt::join(keys.names(), ", ")));
    switch (k->type) {
        case KindKey::Type::Number: p.*k->number = number(k->min, k->max); break;
        case KindKey::Type::Integer:
            p.*k->integer = static_cast<int>(number(k->min, k->max));
            // A swept closure time is the programme's own: the fixed delay, not [succession]'s rate.
            if (k->integer == &ProgrammeSpec::yearsToForest) p.yearsToForestGiven = true, p.becomesForestPerYear = 1.0;
            break;
        case KindKey::Type::Species:
            p.species = SpeciesChoice{value == "local", value, where};
            if (k->speciesUse == KindKey::SpeciesUse::Replant) p.replant = true;
            break;
        case KindKey::Type::LandClass: {
            const auto c = landClassFromName(value);
            if (!c || *c == LandClass::Outside)
                throw Error(fmt::format("{}: '{}' = \"{}\" is not a land class", where, path, value));
            p.toClass = *c;
            break;
        }
        case KindKey::Type::Amount: break;
    }
}

Batch loadBatch(const fs::path& file, const ProgrammeKinds& kinds) {
    const toml::table root = TomlTable::parseFile(file, "batch file");
    const TomlTable t(root, file, "");
    t.allowOnly({"name", "scenarios", "sweeps"});
    Batch b;
    b.file = fs::absolute(file);
    b.name = t.optionalString("name").value_or(file.stem().string());
    std::map<std::string, std::string> whereOfName;  // a variant's folder → where the batch file asks for it
    auto add = [&](BatchVariant v) {
        const std::string name = fileSafe(v.name);
        if (const auto it = whereOfName.find(name); it != whereOfName.end())
            throw Error(fmt::format("{}: this variant would run in the same folder '{}' as the one asked for at {}; "
                                    "two variants must differ (remove the repeated value or scenario)",
                                    v.where, name, it->second));
        whereOfName[name] = v.where;
        v.name = name;
        b.variants.push_back(std::move(v));
    };
    if (t.has("scenarios"))
        for (const auto& [text, where] : t.scalars("scenarios")) {
            fs::path p = text;
            if (p.is_relative()) p = b.file.parent_path() / p;
            add(BatchVariant{p.stem().string(), "", loadScenario(p, kinds), where});
        }
    for (const TomlTable& sweep : t.tables("sweeps")) {
        sweep.allowOnly({"scenario", "mode", "parameters"});
        const fs::path scenarioPath = sweep.path("scenario");
        const Scenario base = loadScenario(scenarioPath, kinds);
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
            // The product in floating point: 64 parameters of 2 values overflow a 64-bit count to 0.
            double product = 1;
            for (const auto& p : parameters) product *= static_cast<double>(p.values.size());
            if (product > 10000)
                throw Error(fmt::format("{}: the sweep crosses {} parameters into {:.6g} scenarios; at most 10000 are "
                                        "allowed (fewer values, or mode = \"zip\")",
                                        sweep.where(), parameters.size(), product));
            combinations = static_cast<std::size_t>(product);
        }
        if (combinations > 10000)
            throw Error(fmt::format("{}: the sweep makes {} scenarios; at most 10000 are allowed", sweep.where(), combinations));
        for (std::size_t k = 0; k < combinations; ++k) {
            BatchVariant v{scenarioPath.stem().string(), "", base, ""};
            std::size_t rest = k;
            for (const auto& p : parameters) {
                const std::size_t index = mode == "zip" ? k : rest % p.values.size();
                rest /= mode == "zip" ? 1 : p.values.size();
                const auto& [value, where] = p.values[index];
                setParameter(v.scenario, kinds, p.path, value, where);
                v.where += (v.where.empty() ? "" : " and ") + where;
                const std::string shortKey = p.path.substr(p.path.rfind('.') == std::string::npos ? 0 : p.path.rfind('.') + 1);
                v.name += "__" + shortKey + "=" + value;
                v.parameters += fmt::format("{}{}={}", v.parameters.empty() ? "" : "; ", p.path, value);
            }
            add(std::move(v));
        }
    }
    if (b.variants.empty()) throw Error(fmt::format("{}: the batch names no scenarios and no sweeps", file.string()));
    shortenLongNames(b);
    return b;
}

}  // namespace forestsink
