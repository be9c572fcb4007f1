#pragma once
// The rasters of a report year, one Cloud-Optimised GeoTIFF per layer (QGIS
// 3.22 steps through time per file, not per band), each with a .qml style:
//   volume_<year>.tif         stand volume, m³/ha
//   carbon_<year>.tif         tree biomass carbon density, t C/ha
//   sequestration_<year>.tif  tree carbon gained over the year as CO2e, t CO2e/ha/yr, positive an uptake
//                             (not in the start year)
//   age_<year>.tif            stand age, years
//   species_<year>.tif        species code (0 no trees)
//   land_class_<year>.tif     model land class (1 forest … 5 non-forest)
//   treatment_<year>.tif      last programme (0 none, else its position in the scenario + 1)
// and, once all years are written, rasters/<layer>.vrt stacking the years.
#include "scenarios/Scenario.h"
#include "sim/Accounting.h"
#include "sim/CellState.h"
#include "report/OutputFolder.h"
#include "common/ThreadRunner.h"
#include "species/SpeciesTable.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace forestsink {

class ProgressSink;

constexpr float kRasterNodata = -9999.0f;

// The sequestration band's description: what it holds and its sign.
inline constexpr const char* kSequestrationDescription =
    "tree carbon gained over the year as CO2e (positive: uptake by the trees; negative: loss to harvest, damage or "
    "decay)";

// Writes the carbon density of every cell of the state's band of rows (the
// whole grid in one process; nodata outside the study area) to a scratch
// GeoTIFF, streamed: the sequestration layer of the next report
// year reads it back block by block, so no whole-grid copy stays in memory.
void writeCarbonSnapshot(const std::filesystem::path& path, const CellState& state, const BiomassParameters& biomass);

// Writes the layers of `year` and returns their relative paths. Each layer is
// its own job, GDAL dataset and file, streamed from the state block by block.
// `previousCarbon` (a snapshot of the carbon density a year earlier) gives
// the sequestration layer; none in the start year. `progress` advances by one
// unit over all the layers.
std::vector<std::string> writeReportRasters(OutputFolder& out, int year, const Scenario& scenario,
                                            const SpeciesTable& species, const CellState& state,
                                            const BiomassParameters& biomass,
                                            const std::optional<std::filesystem::path>& previousCarbon,
                                            const ThreadRunner& runner, ProgressSink* progress = nullptr);

// A run split into bands of rows over MPI ranks (sim/RowBands.h) writes a
// report year's rasters in two steps: every rank writes its band of every
// layer to a scratch GeoTIFF (writeBandRasters); once all have, each layer's
// COG is built from the bands' files by one rank (assembleReportRasters),
// the layers shared out over the ranks. The COGs are those of one process,
// byte for byte: the same values, band description, metadata and GDAL calls.
struct RasterBands {
    std::filesystem::path dir;                 // the scratch folder of the band files (a shared file system)
    std::vector<CellState::RowBand> rows;      // each rank's band, by rank
};

// Writes the band `state` holds of every layer of `year` to `dir` (nothing
// for an empty band). `previousCarbon`: this band's carbon snapshot a year
// earlier (writeCarbonSnapshot of the band's state), none in the start year.
void writeBandRasters(const std::filesystem::path& dir, int rank, int year, const Scenario& scenario,
                      const SpeciesTable& species, const CellState& state, const BiomassParameters& biomass,
                      const std::optional<std::filesystem::path>& previousCarbon, const ThreadRunner& runner);

// Removes what writeBandRasters wrote.
void removeBandRasters(const std::filesystem::path& dir, int rank, int year, const Scenario& scenario,
                       const SpeciesTable& species);

// Builds the COGs (and styles) of the layers of `year` numbered rank,
// rank + size, … from the bands' files. Returns the relative paths of every
// layer's files, as writeReportRasters does, whichever rank built them.
std::vector<std::string> assembleReportRasters(OutputFolder& out, int year, const Scenario& scenario,
                                               const SpeciesTable& species, const Grid& grid,
                                               const RasterBands& bands, bool withSequestration, int rank, int size,
                                               const ThreadRunner& runner);

// The QGIS renderer of each layer, by layer name (for the project file).
std::vector<std::pair<std::string, std::string>> layerRenderers(const Scenario& scenario, const SpeciesTable& species);

// rasters/<layer>.vrt: the report years of each layer as bands (described
// "<description> <year>", with the layer's units), and rasters/<layer>.qml
// beside it so that QGIS opens the stack as one band (the last year), styled.
std::vector<std::string> writeLayerStacks(OutputFolder& out, const Scenario& scenario, const SpeciesTable& species);

}  // namespace forestsink
