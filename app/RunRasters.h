#pragma once
// The report-year rasters of a run, written as the years pass
// (report/ReportRasters.h): by one process, or, in a run split into bands of
// rows over MPI ranks (sim/RowBands.h), by every rank for its band and then
// assembled into each layer's COG by one rank.
#include "common/ProcessGroup.h"
#include "common/ThreadRunner.h"
#include "report/OutputFolder.h"
#include "report/ReportRasters.h"
#include "sim/Simulation.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace forestsink {

class Progress;

class RunRasters {
public:
    // `bands`: the ranks of a run split into bands (each holding `myBand` of
    // the simulation's state), or this process alone. Collective in bands.
    RunRasters(OutputFolder& out, const Scenario& scenario, const SpeciesTable& species, const ThreadRunner& runner,
               Progress* progress, const ProcessGroup& bands, CellState::RowBand myBand);

    // After `year`: its rasters when it is a report year, and the carbon
    // snapshot a year before a report year (its sequestration layer reads it).
    // Collective in bands.
    void afterYear(int year, const Simulation& s);
    // Once the last year has passed: every layer's file is complete (in bands,
    // whichever rank built it). Collective in bands.
    void finish() const { bands_.barrier(); }

    const std::vector<std::string>& files() const { return files_; }  // relative paths written
    double seconds() const { return seconds_; }

private:
    void writeYear(int year, const Simulation& s, bool hasPrevious);

    OutputFolder& out_;
    const Scenario& scenario_;
    const SpeciesTable& species_;
    const ThreadRunner& runner_;
    Progress* progress_;
    const ProcessGroup& bands_;
    RasterBands rasterBands_;  // each rank's rows and where their files go (in bands)
    std::vector<std::string> files_;
    double seconds_ = 0;
    std::optional<std::filesystem::path> previousCarbon_;  // a scratch snapshot, a year before a report year
    int previousCarbonYear_ = -1;
};

}  // namespace forestsink
