#include "report/ReportRasters.h"

#include "common/Error.h"
#include "raster/ComputedRaster.h"
#include "raster/Gdal.h"
#include "raster/GeoTiffWriter.h"
#include "raster/QgisStyle.h"
#include "report/LayerStyles.h"
#include "common/ProgressSink.h"

#include <fmt/format.h>
#include <gdal_utils.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <mutex>
#include <type_traits>
#include <utility>
#include <vector>

namespace forestsink {
namespace {

const char* const kColours[] = {"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d",
                                "#666666", "#1f78b4", "#b2df8a", "#fb9a99", "#cab2d6", "#ff7f00", "#6a3d9a"};

struct Layer {
    std::string name;
    GDALDataType type;
    std::string description, units;
    double nodata;
    OverviewResampling overviews;
    std::string renderer;  // QGIS style
    // Value of an in-study cell; `previous` is its carbon density a year
    // earlier (read from the snapshot) for layers that need it, NaN otherwise.
    std::function<double(std::size_t, float)> value;
    bool needsPreviousCarbon = false;
    // A cell of several stands (sim/Stands.h) shows the area-weighted mean
    // of its stands, or for codes the code of the largest area.
    bool codes = false;
};

std::vector<Layer> layers(const Scenario& scenario, const SpeciesTable& species, const CellState& state,
                          const BiomassParameters& bio, bool withSequestration) {
    std::vector<PaletteEntry> speciesPalette = {{0, "#e8e8e8", "no trees"}};
    for (int i = 0; i < species.size(); ++i)
        speciesPalette.push_back({species.group(i).code, kColours[i % std::size(kColours)], species.group(i).name});
    const std::vector<PaletteEntry>& classPalette = kLandClassPalette;
    std::vector<PaletteEntry> treatmentPalette = {{0, "#f0f0f0", "none"}};
    for (std::size_t p = 0; p < scenario.programmes.size(); ++p)
        treatmentPalette.push_back({static_cast<int>(p + 1), kColours[p % std::size(kColours)],
                                    fmt::format("{} ({})", scenario.programmes[p].name, kindName(scenario.programmes[p].kind))});
    std::vector<Layer> out = {
        {"volume", GDT_Float32, "stand volume", "m3/ha", kRasterNodata, OverviewResampling::Average,
         rampRenderer(kVolumeRamp), [&](std::size_t i, float) { return state.volume[i]; }},
        {"carbon", GDT_Float32, "tree biomass carbon density", "t C/ha", kRasterNodata, OverviewResampling::Average,
         rampRenderer(kCarbonRamp), [&](std::size_t i, float) { return carbonDensityOf(state, bio, i); }},
        {"age", GDT_UInt16, "stand age", "years", 65535, OverviewResampling::Average,
         rampRenderer(kAgeRamp), [&](std::size_t i, float) { return state.age[i]; }},
        {"species", GDT_Byte, "species group code", "code", 255, OverviewResampling::Mode,
         paletteRenderer(speciesPalette),
         [&](std::size_t i, float) { return state.species[i] == kNoSpecies ? 0 : species.group(state.species[i]).code; },
         false, true},
        {"land_class", GDT_Byte, "land class", "class", 0, OverviewResampling::Mode,
         paletteRenderer(classPalette),
         [&](std::size_t i, float) { return static_cast<int>(state.landClass[i]); }, false, true},
        // Treated cells are few in a year: overviews sample cells, so they show
        // at every zoom (the most common class would be "none" everywhere).
        {"treatment", GDT_Byte, "last programme (position in the scenario + 1)", "code", 255, OverviewResampling::Nearest,
         paletteRenderer(treatmentPalette),
         [&](std::size_t i, float) { return state.treatment[i] == kNoTreatment ? 0 : state.treatment[i] + 1; }, false,
         true},
    };
    if (withSequestration)
        out.insert(out.begin() + 2,
                   Layer{"sequestration", GDT_Float32, kSequestrationDescription, "t CO2e/ha/yr",
                         kRasterNodata, OverviewResampling::Average, rampRenderer(kSequestrationRamp),
                         [&](std::size_t i, float previous) {
                             return (static_cast<double>(carbonDensityOf(state, bio, i)) - previous) * kCo2PerC;
                         },
                         true});
    return out;
}

// The value a cell of several stands shows: the area-weighted mean of its
// stands' values, or for codes the code of the largest area (ties: the
// lower code); nodata when none of them is in the study area.
double valueOfStands(const CellState& state, const Layer& layer, const CellRun& run, float previous) {
    double weight = 0, sum = 0;
    std::vector<std::pair<double, double>> areaOfCode;  // (code, area): a handful
    for (int k = 0; k < run.count; ++k) {
        const std::size_t i = run.first + static_cast<std::size_t>(k);
        if (state.landClass[i] == LandClass::Outside) continue;
        const double w = state.standHa[i], v = layer.value(i, previous);
        weight += w;
        if (!layer.codes) {
            sum += w * v;
            continue;
        }
        auto it = std::find_if(areaOfCode.begin(), areaOfCode.end(), [v](const auto& c) { return c.first == v; });
        if (it == areaOfCode.end()) areaOfCode.emplace_back(v, w);
        else it->second += w;
    }
    if (weight <= 0) return layer.nodata;
    if (!layer.codes) return sum / weight;
    std::sort(areaOfCode.begin(), areaOfCode.end());
    return std::max_element(areaOfCode.begin(), areaOfCode.end(),
                            [](const auto& a, const auto& b) { return a.second < b.second; })
        ->first;
}

// Fills a block of a layer: nodata outside the study area (cells without state).
// `row0` counts from the state's band (sim/RowBands.h): the whole grid in one process.
template <typename T>
void fillBlock(const CellState& state, const Layer& layer, const float* previous, int col0, int row0, int cols,
               int rows, T* out) {
    row0 += state.band.first;
    std::fill(out, out + static_cast<std::size_t>(cols) * rows, static_cast<T>(layer.nodata));
    for (int r = 0; r < rows; ++r) {
        T* outRow = out + static_cast<std::size_t>(r) * cols;
        const float* previousRow = previous ? previous + static_cast<std::size_t>(r) * cols : nullptr;
        for (const CellRun* run = state.cells.runsBegin(row0 + r), *end = state.cells.runsEnd(row0 + r); run != end;
             ++run) {
            if (run->stands) {  // the stands of one cell
                const int c = run->col - col0;
                if (c >= 0 && c < cols) {
                    const double v = valueOfStands(state, layer, *run, previousRow ? previousRow[c] : std::nanf(""));
                    outRow[c] = static_cast<T>(std::is_integral_v<T> ? std::round(v) : v);
                }
                continue;
            }
            const int from = std::max(run->col, col0), to = std::min(run->col + run->count, col0 + cols);
            for (int col = from; col < to; ++col) {
                const std::size_t i = run->first + static_cast<std::size_t>(col - run->col);
                const int c = col - col0;
                outRow[c] = static_cast<T>(state.landClass[i] == LandClass::Outside
                                               ? layer.nodata
                                               : layer.value(i, previousRow ? previousRow[c] : std::nanf("")));
            }
        }
    }
}

// The rows of the grid that `state` holds (its band), as a grid of their own.
Grid gridOfBand(const CellState& state) {
    Grid band = state.grid;
    band.rows = state.band.count;
    band.geotransform[3] += state.band.first * state.grid.geotransform[5];
    return band;
}

// A streamed view of a layer over the state's band of rows (the whole grid
// in one process). `previousCarbon`, on the same rows, must be a dataset of
// this thread (it is read as the view is).
std::unique_ptr<GDALDataset> layerRaster(const CellState& state, const Layer& layer, const BandInfo& info,
                                         GDALDataset* previousCarbon) {
    return makeComputedRaster(gridOfBand(state), layer.type, info, [&state, &layer, previousCarbon](int col0, int row0, int cols, int rows, void* out) {
        std::vector<float> previous;
        if (previousCarbon) {
            previous.resize(static_cast<std::size_t>(cols) * rows);
            if (previousCarbon->GetRasterBand(1)->RasterIO(GF_Read, col0, row0, cols, rows, previous.data(), cols, rows,
                                                           GDT_Float32, 0, 0, nullptr) != CE_None)
                throw Error(fmt::format("{}: reading the carbon snapshot failed ({})",
                                        previousCarbon->GetDescription(), lastGdalError()));
        }
        const float* p = previousCarbon ? previous.data() : nullptr;
        switch (layer.type) {
            case GDT_Float32: fillBlock(state, layer, p, col0, row0, cols, rows, static_cast<float*>(out)); break;
            case GDT_UInt16: fillBlock(state, layer, p, col0, row0, cols, rows, static_cast<uint16_t*>(out)); break;
            default: fillBlock(state, layer, p, col0, row0, cols, rows, static_cast<uint8_t*>(out));
        }
    });
}

// What a layer's file says about its band: description, units, nodata, metadata.
BandInfo bandInfoOf(const Layer& layer, int year, const Scenario& scenario) {
    BandInfo info;
    info.description = layer.description;
    info.units = layer.units;
    info.nodata = layer.nodata;
    info.metadata = {{"YEAR", std::to_string(year)}, {"LAYER", layer.name}, {"UNITS", layer.units},
                     {"SCENARIO", scenario.name}, {"PRODUCER", "forestsink"},
                     {"OVERVIEW_RESAMPLING", overviewResamplingName(layer.overviews)}};
    return info;
}

}  // namespace

void writeCarbonSnapshot(const std::filesystem::path& path, const CellState& state, const BiomassParameters& biomass) {
    BandInfo info;
    info.description = "tree biomass carbon density (scratch)";
    info.units = "t C/ha";
    info.nodata = kRasterNodata;
    const Layer carbon{"carbon", GDT_Float32, info.description, info.units, kRasterNodata, OverviewResampling::Average,
                       "", [&](std::size_t i, float) { return carbonDensityOf(state, biomass, i); }};
    auto source = layerRaster(state, carbon, info, nullptr);
    writeScratchGeoTiff(path, *source);
}

std::vector<std::string> writeReportRasters(OutputFolder& out, int year, const Scenario& scenario,
                                            const SpeciesTable& species, const CellState& state,
                                            const BiomassParameters& biomass,
                                            const std::optional<std::filesystem::path>& previousCarbon,
                                            const ThreadRunner& runner, ProgressSink* progress) {
    const std::vector<Layer> all = layers(scenario, species, state, biomass, previousCarbon.has_value());
    std::vector<std::string> written;
    std::vector<std::function<void()>> jobs;
    for (const Layer& layer : all) {
        const std::string name = fmt::format("rasters/{}_{}.tif", layer.name, year);
        const auto path = out.stagingPath(name);
        const auto qml = out.stagingPath(fmt::format("rasters/{}_{}.qml", layer.name, year));
        written.push_back(name);
        written.push_back(fmt::format("rasters/{}_{}.qml", layer.name, year));
        // One file, one dataset, one job: GDAL's own threading stays off.
        jobs.push_back([&, path, qml] {
            const BandInfo info = bandInfoOf(layer, year, scenario);
            GDALDatasetUniquePtr previous;
            if (layer.needsPreviousCarbon) previous = openRaster(*previousCarbon, "carbon snapshot");
            auto source = layerRaster(state, layer, info, previous.get());
            writeCog(path, *source, layer.overviews);
            writeQml(qml, layer.renderer);
            if (progress) progress->advance(1.0 / all.size());
        });
    }
    runner.runAll(jobs);
    return written;
}

namespace {

std::filesystem::path bandFile(const std::filesystem::path& dir, const std::string& layer, int year, int rank) {
    return dir / fmt::format("{}_{}.band{}.tif", layer, year, rank);
}

// A layer's values, read from the bands' files into the blocks of the whole grid.
BlockFill readBands(const RasterBands& bands, const std::string& layer, int year, GDALDataType type) {
    // Opened on first use, by the thread that builds this layer (one handle per thread).
    auto open = std::make_shared<std::vector<GDALDatasetUniquePtr>>(bands.rows.size());
    return [&bands, layer, year, type, open](int col0, int row0, int cols, int rows, void* out) {
        const int bytes = GDALGetDataTypeSizeBytes(type);
        for (std::size_t k = 0; k < bands.rows.size(); ++k) {
            const CellState::RowBand b = bands.rows[k];
            const int from = std::max(row0, b.first), to = std::min(row0 + rows, b.first + b.count);
            if (from >= to) continue;
            auto& ds = (*open)[k];
            const auto path = bandFile(bands.dir, layer, year, static_cast<int>(k));
            if (!ds) ds = openRaster(path, "band of a layer");
            auto* at = static_cast<unsigned char*>(out) + static_cast<std::size_t>(from - row0) * cols * bytes;
            if (ds->GetRasterBand(1)->RasterIO(GF_Read, col0, from - b.first, cols, to - from, at, cols, to - from,
                                               type, 0, 0, nullptr) != CE_None)
                throw Error(fmt::format("{}: reading a band of a layer failed ({})", path.string(), lastGdalError()));
        }
    };
}

}  // namespace

void writeBandRasters(const std::filesystem::path& dir, int rank, int year, const Scenario& scenario,
                      const SpeciesTable& species, const CellState& state, const BiomassParameters& biomass,
                      const std::optional<std::filesystem::path>& previousCarbon, const ThreadRunner& runner) {
    if (state.band.count == 0) return;
    const std::vector<Layer> all = layers(scenario, species, state, biomass, previousCarbon.has_value());
    std::vector<std::function<void()>> jobs;
    for (const Layer& layer : all)
        jobs.push_back([&, path = bandFile(dir, layer.name, year, rank)] {
            GDALDatasetUniquePtr previous;
            if (layer.needsPreviousCarbon) previous = openRaster(*previousCarbon, "carbon snapshot");
            auto source = layerRaster(state, layer, bandInfoOf(layer, year, scenario), previous.get());
            writeScratchGeoTiff(path, *source);
        });
    runner.runAll(jobs);
}

void removeBandRasters(const std::filesystem::path& dir, int rank, int year, const Scenario& scenario,
                       const SpeciesTable& species) {
    std::error_code ignored;  // scratch: removed with the staging folder anyway
    for (const auto& [layer, renderer] : layerRenderers(scenario, species))
        std::filesystem::remove(bandFile(dir, layer, year, rank), ignored);
}

std::vector<std::string> assembleReportRasters(OutputFolder& out, int year, const Scenario& scenario,
                                               const SpeciesTable& species, const Grid& grid,
                                               const RasterBands& bands, bool withSequestration, int rank, int size,
                                               const ThreadRunner& runner) {
    const CellState empty;  // the layers' descriptions only
    const BiomassParameters none(species);
    const std::vector<Layer> all = layers(scenario, species, empty, none, withSequestration);
    std::vector<std::string> written;
    std::vector<std::function<void()>> jobs;
    for (std::size_t j = 0; j < all.size(); ++j) {
        const Layer& layer = all[j];
        const std::string name = fmt::format("rasters/{}_{}.tif", layer.name, year);
        const std::string qml = fmt::format("rasters/{}_{}.qml", layer.name, year);
        written.push_back(name);
        written.push_back(qml);
        const auto path = out.stagingPath(name), qmlPath = out.stagingPath(qml);  // staged, whoever builds them
        if (static_cast<int>(j % static_cast<std::size_t>(size)) != rank) continue;
        jobs.push_back([&, path, qmlPath] {
            auto source = makeComputedRaster(grid, layer.type, bandInfoOf(layer, year, scenario),
                                             readBands(bands, layer.name, year, layer.type));
            writeCog(path, *source, layer.overviews);
            writeQml(qmlPath, layer.renderer);
        });
    }
    runner.runAll(jobs);
    return written;
}

std::vector<std::pair<std::string, std::string>> layerRenderers(const Scenario& scenario, const SpeciesTable& species) {
    // The renderers do not depend on cell values: build the layers on an empty state.
    const CellState empty;
    const BiomassParameters none(species);
    std::vector<std::pair<std::string, std::string>> out;
    for (const Layer& l : layers(scenario, species, empty, none, true)) out.emplace_back(l.name, l.renderer);
    return out;
}

namespace {

// The band description and units of a layer's first file, for the stack.
std::pair<std::string, std::string> bandText(const std::string& file) {
    auto ds = openRaster(file, "layer of the stack");
    GDALRasterBand* band = ds->GetRasterBand(1);
    return {band->GetDescription(), band->GetUnitType()};
}

// A renderer drawing band `band` rather than the first.
std::string onBand(std::string renderer, int band) {
    const std::string first = "band=\"1\"";
    const auto at = renderer.find(first);
    if (at != std::string::npos) renderer.replace(at, first.size(), fmt::format("band=\"{}\"", band));
    return renderer;
}

}  // namespace

std::vector<std::string> writeLayerStacks(OutputFolder& out, const Scenario& scenario, const SpeciesTable& species) {
    // GDALBuildVRT reaches state GDAL keeps for the whole process (ThreadSanitizer
    // found two batch variants building their stacks at once racing on it):
    // one stack set at a time; a set takes milliseconds.
    static std::mutex buildingStacks;
    const std::lock_guard<std::mutex> oneAtATime(buildingStacks);
    std::vector<std::string> written;
    for (const auto& [layerName, renderer] : layerRenderers(scenario, species)) {
        const char* layer = layerName.c_str();
        std::vector<std::string> files;
        std::vector<int> years;
        for (int year : scenario.reportYears) {
            if (std::string(layer) == "sequestration" && year == scenario.startYear) continue;
            files.push_back(out.stagingPath(fmt::format("rasters/{}_{}.tif", layer, year)).string());
            years.push_back(year);
        }
        if (files.empty()) continue;
        std::vector<const char*> names;
        for (const auto& f : files) names.push_back(f.c_str());
        const char* args[] = {"-separate", nullptr};
        std::unique_ptr<GDALBuildVRTOptions, decltype(&GDALBuildVRTOptionsFree)> options(
            GDALBuildVRTOptionsNew(const_cast<char**>(args), nullptr), GDALBuildVRTOptionsFree);
        const std::string relative = fmt::format("rasters/{}.vrt", layer);
        int usageError = 0;
        CPLErrorReset();
        GDALDatasetUniquePtr vrt(GDALDataset::FromHandle(GDALBuildVRT(out.stagingPath(relative).c_str(),
                                                                      static_cast<int>(names.size()), nullptr,
                                                                      names.data(), options.get(), &usageError)));
        if (!vrt) throw Error(fmt::format("{}: cannot build the VRT ({})", relative, lastGdalError()));
        // Each band says what it holds, in which unit and year, like its file.
        const auto [description, units] = bandText(files.front());
        for (std::size_t b = 0; b < years.size(); ++b) {
            GDALRasterBand* band = vrt->GetRasterBand(static_cast<int>(b) + 1);
            band->SetDescription(fmt::format("{} {}", description, years[b]).c_str());
            band->SetUnitType(units.c_str());
        }
        vrt.reset();
        written.push_back(relative);
        // QGIS would draw three bands of a stack as an RGB composite: the
        // style beside it draws one band (the last year) with the layer's ramp
        // or palette; the other years are a band choice away.
        const std::string qml = fmt::format("rasters/{}.qml", layer);
        writeQml(out.stagingPath(qml), onBand(renderer, static_cast<int>(years.size())));
        written.push_back(qml);
    }
    return written;
}

}  // namespace forestsink
