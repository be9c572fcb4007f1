#pragma once
// What a planner opens: quick-look maps (rendered by GDAL with the layers'
// fixed colour ramps), charts (PLplot) and report.html, a self-contained page
// (images embedded) with the run summary, targets, charts, maps, programme
// areas and costs, and the inputs and parameters with their sources.
#include "scenarios/Scenario.h"
#include "report/OutputFolder.h"
#include "sim/RunResult.h"
#include "species/SpeciesTable.h"

#include <string>
#include <vector>

namespace forestsink {

struct ReportInputs {
    const Scenario* scenario = nullptr;
    const SpeciesTable* species = nullptr;
    const RunResult* result = nullptr;
    const std::vector<YearRecord>* baseline = nullptr;  // optional
    const std::vector<DrawResult>* draws = nullptr;     // optional
    std::vector<std::string> notes;
    std::string gridDescription;
};

// Writes maps/*.png, charts/*.png and report.html; returns their relative paths.
std::vector<std::string> writeReport(OutputFolder& out, const ReportInputs& in);

}  // namespace forestsink
