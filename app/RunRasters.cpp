#include "app/RunRasters.h"

#include "app/Progress.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace forestsink {
namespace {

bool isReportYear(const Scenario& scenario, int year) {
    return std::binary_search(scenario.reportYears.begin(), scenario.reportYears.end(), year);
}

// Every rank's band of rows, on every rank (summed: each rank fills its own slots).
std::vector<CellState::RowBand> rowsOfEveryRank(const ProcessGroup& ranks, CellState::RowBand mine) {
    std::vector<int64_t> firstAndCount(2 * static_cast<std::size_t>(ranks.size()), 0);
    firstAndCount[2 * ranks.rank()] = mine.first;
    firstAndCount[2 * ranks.rank() + 1] = mine.count;
    ranks.sumOnAll(firstAndCount);
    std::vector<CellState::RowBand> rows;
    for (int k = 0; k < ranks.size(); ++k)
        rows.push_back({static_cast<int>(firstAndCount[2 * k]), static_cast<int>(firstAndCount[2 * k + 1])});
    return rows;
}

}  // namespace

RunRasters::RunRasters(OutputFolder& out, const Scenario& scenario, const SpeciesTable& species,
                       const ThreadRunner& runner, Progress* progress, const ProcessGroup& bands,
                       CellState::RowBand myBand)
    : out_(out), scenario_(scenario), species_(species), runner_(runner), progress_(progress), bands_(bands) {
    if (bands.size() == 1) return;
    rasterBands_.dir = out.scratchPath("bands");
    std::filesystem::create_directories(rasterBands_.dir);
    rasterBands_.rows = rowsOfEveryRank(bands, myBand);
}

void RunRasters::afterYear(int year, const Simulation& s) {
    const auto start = std::chrono::steady_clock::now();
    if (isReportYear(scenario_, year)) {
        if (progress_) progress_->detail(fmt::format("{} rasters", year));
        writeYear(year, s, previousCarbonYear_ == year - 1);
    }
    if (isReportYear(scenario_, year + 1)) {
        const std::string name = bands_.size() == 1 ? fmt::format("carbon_{}.tif", year)
                                                    : fmt::format("carbon_{}.band{}.tif", year, bands_.rank());
        previousCarbon_ = out_.scratchPath(name);
        if (s.state().band.count > 0) writeCarbonSnapshot(*previousCarbon_, s.state(), s.biomass());
        previousCarbonYear_ = year;
    }
    seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void RunRasters::writeYear(int year, const Simulation& s, bool hasPrevious) {
    const std::optional<std::filesystem::path> previous = hasPrevious ? previousCarbon_ : std::nullopt;
    std::vector<std::string> written;
    if (bands_.size() == 1) {
        written = writeReportRasters(out_, year, scenario_, species_, s.state(), s.biomass(), previous, runner_,
                                     progress_);
    } else {
        writeBandRasters(rasterBands_.dir, bands_.rank(), year, scenario_, species_, s.state(), s.biomass(), previous,
                         runner_);
        bands_.barrier();  // every band written
        written = assembleReportRasters(out_, year, scenario_, species_, s.state().grid, rasterBands_, hasPrevious,
                                        bands_.rank(), bands_.size(), runner_);
        bands_.barrier();  // every layer built: the band files can go
        removeBandRasters(rasterBands_.dir, bands_.rank(), year, scenario_, species_);
        if (progress_) progress_->advance();
    }
    files_.insert(files_.end(), written.begin(), written.end());
}

}  // namespace forestsink
