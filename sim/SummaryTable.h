#pragma once
// The run's tables:
//   summary.csv     one row per year and region, then region "all"
//   programmes.csv  one row per year × region × programme, then "all" with the shortfall
//   targets.csv     each target: reached or not, when, the gap
#include "scenarios/Scenario.h"
#include "sim/Simulation.h"

#include <filesystem>
#include <vector>

namespace forestsink {

extern const char* const kSummaryHeader;
extern const char* const kProgrammesHeader;
extern const char* const kTargetsHeader;

void writeSummaryCsv(const std::filesystem::path& path, const std::vector<YearRecord>& years,
                     const std::vector<Region>& regions);
void writeProgrammesCsv(const std::filesystem::path& path, const std::vector<YearRecord>& years,
                        const std::vector<Region>& regions, const Scenario& scenario);

// A target's outcome.
struct TargetOutcome {
    const TargetSpec* target = nullptr;
    double required = 0;   // the value to reach (an increase made absolute)
    double simulated = 0;  // at the target year
    bool reached = false;
    std::optional<int> firstYearReached;
    double gap = 0;  // required − simulated; ≤ 0 when reached
};

double metricOf(const Totals& province, TargetMetric metric);
std::vector<TargetOutcome> evaluateTargets(const Scenario& scenario, const std::vector<YearRecord>& years);
// `probability`, when given: share of Monte Carlo draws reaching each target by its year.
void writeTargetsCsv(const std::filesystem::path& path, const std::vector<TargetOutcome>& outcomes,
                     const std::vector<double>& probability = {});

// A CSV field, quoted when needed.
std::string csvText(const std::string& s);

}  // namespace forestsink
