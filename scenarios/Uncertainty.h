#pragma once
// The [uncertainty] table of a scenario: distributions of the uncertain
// parameters, drawn once per Monte Carlo draw.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace forestsink {

struct Distribution {
    enum Kind { Normal, LogNormal, Uniform, Triangular } kind = Normal;
    // normal: a = mean, b = sd; lognormal: a = median, b = sd of the log;
    // uniform: a = low, b = high; triangular: a = low, b = mode, c = high.
    double a = 0, b = 0, c = 0;
    double min = -1e300, max = 1e300;  // truncation bounds
    std::string where;                 // file:line:column
};

struct UncertaintySpec {
    // Multipliers, drawn per draw (1 = the scenario's value).
    std::optional<Distribution> growth;                       // every species' increment
    std::map<std::string, Distribution> growthBySpecies;      // a species' increment (name or code), times growth
    std::optional<Distribution> survival;                     // planting stocking of every programme
    std::optional<Distribution> biomassSlope;                 // b of every species
    std::optional<Distribution> carbonFraction;               // CF of every species
    std::optional<Distribution> rootShoot;                    // RSR of every species
    std::optional<Distribution> disturbanceRate;              // area or rate of every disturbance
    std::vector<double> percentiles = {5, 50, 95};
    int draws = 0;  // default number of draws when the command line gives none

    // Whether anything is drawn at all (otherwise every draw is the same run).
    bool varies() const {
        return growth || !growthBySpecies.empty() || survival || biomassSlope || carbonFraction || rootShoot ||
               disturbanceRate;
    }
};

}  // namespace forestsink
