#pragma once
// The run's tables:
//   summary.csv     one row per year and region, then region "all"
//   programmes.csv  one row per year × region × programme, then "all" with the shortfall
//   targets.csv     each target: reached or not, when, the gap
#include "scenarios/Scenario.h"
#include "sim/Simulation.h"
#include "sim/Targets.h"

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

// `probability`, when given: share of Monte Carlo draws reaching each target by its year.
void writeTargetsCsv(const std::filesystem::path& path, const std::vector<TargetOutcome>& outcomes,
                     const std::vector<double>& probability = {});

}  // namespace forestsink
