#pragma once
// The [uncertainty] table of a scenario: distributions of the uncertain
// parameters, drawn once per Monte Carlo draw.
#include "species/BiomassEquations.h"

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

// A categorical draw of the volume-to-biomass equation set: one set for
// every species group per draw, chosen with the given weights.
struct EquationDraw {
    std::vector<BiomassEquations> choices;
    std::vector<double> weights;  // one per choice, summing to 1
    std::string where;            // file:line:column
};

struct UncertaintySpec {
    // Multipliers, drawn per draw (1 = the scenario's value).
    std::optional<Distribution> growth;                       // every species' increment
    std::map<std::string, Distribution> growthBySpecies;      // a species' increment (name or code), times growth
    std::optional<Distribution> survival;                     // planting stocking of every programme
    std::optional<Distribution> biomassSlope;                 // b of every species
    std::optional<Distribution> carbonFraction;               // CF of every species
    std::optional<Distribution> rootShoot;                    // RSR of every species (only where it changes carbon_t)
    std::optional<Distribution> disturbanceRate;              // area or rate of every disturbance
    std::optional<Distribution> standAge;                     // input age of every stand (rounded, within 0–5000)
    std::optional<Distribution> closureTime;                  // years until planted or closed land is forest (rounded)
    std::optional<EquationDraw> biomassEquations;             // the equation set of every species
    std::string rootShootWhere;                               // file:line:column of [uncertainty.root_shoot]
    std::vector<double> percentiles = {5, 50, 95};
    int draws = 0;  // default number of draws when the command line gives none

    // Whether anything is drawn at all (otherwise every draw is the same run).
    bool varies() const {
        return growth || !growthBySpecies.empty() || survival || biomassSlope || carbonFraction || rootShoot ||
               disturbanceRate || standAge || closureTime || biomassEquations;
    }
};

}  // namespace forestsink
