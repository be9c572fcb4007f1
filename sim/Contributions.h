#pragma once
// What each programme buys: the plan against the plan without that programme
// (same inputs, same seed), and the whole plan against its baseline scenario.
// contributions.csv: per year and programme, the additional forest stock and
// CO2e, the cumulative cost, the cost per m³ and per t CO2e, and the value of
// the additional CO2e at the scenario's carbon price.
#include "sim/Simulation.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace forestsink {

struct Contribution {
    std::string name, kind;
    std::vector<double> additionalStockM3, additionalCo2eT, cumulativeCostYuan;  // by year index
};

extern const char* const kContributionsHeader;

void writeContributionsCsv(const std::filesystem::path& path, const std::vector<Contribution>& contributions,
                           int startYear, double carbonPrice);


}  // namespace forestsink
